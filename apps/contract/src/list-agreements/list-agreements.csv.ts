import { AGREEMENT_MODE_LABEL, AGREEMENT_SERVICE_LABEL, AGREEMENT_STATUS_LABEL, zhLabels } from '@yiyang/contracts';
import { CsvCell } from '@yiyang/http';
import { chinaMinute } from '@yiyang/kernel';
import { toAgreementResponse } from '../shared/agreement.response';

type ListedAgreement = ReturnType<typeof toAgreementResponse>;

const STATUS = zhLabels(AGREEMENT_STATUS_LABEL);
const MODE = zhLabels(AGREEMENT_MODE_LABEL);
const SERVICE = zhLabels(AGREEMENT_SERVICE_LABEL);
const SIDE = { elderly: '养老机构', medical: '医疗机构' } as const;

/** The export's header row (GET /v1/agreements.csv), in the order of `agreementRow`. */
export const AGREEMENT_CSV_HEADER = [
  '协议编号',
  '状态',
  '合作模式',
  '养老机构',
  '医疗机构',
  '服务项目',
  '生效日期',
  '到期日期',
  '服务地点',
  '发起方',
  '终止生效日期',
  '备案时间',
  '更新时间',
] as const;

/** One agreement as the list answers it, as a row people read: names (the id when a name is not known), Chinese labels, China time. */
export const agreementRow = (a: ListedAgreement): CsvCell[] => [
  a.id,
  STATUS[a.status],
  MODE[a.mode],
  a.elderlyInstitutionName ?? a.elderlyInstitutionId,
  a.medicalInstitutionName ?? a.medicalInstitutionId,
  a.services.map((s) => SERVICE[s.code]).join('、'),
  a.term.effectiveFrom,
  a.term.effectiveTo,
  a.site,
  SIDE[a.proposedBy],
  a.termination?.effectiveOn,
  chinaMinute(a.createdAt),
  chinaMinute(a.updatedAt),
];
