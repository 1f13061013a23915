import {
  DIRECTION_LABEL,
  INDICATION_LABEL,
  PRIORITY_LABEL,
  REFERRAL_STATUS_LABEL,
  REJECTION_REASON_LABEL,
  SEX_LABEL,
  zhLabels,
} from '@yiyang/contracts';
import { CsvCell } from '@yiyang/http';
import { chinaMinute, maskResidentId } from '@yiyang/kernel';
import { Audience, toReferralResponse } from '../shared/referral.response';

type ListedReferral = ReturnType<typeof toReferralResponse>;

const STATUS = zhLabels(REFERRAL_STATUS_LABEL);
const DIRECTION = zhLabels(DIRECTION_LABEL);
const PRIORITY = zhLabels(PRIORITY_LABEL);
const INDICATION = zhLabels(INDICATION_LABEL);
const REJECTION = zhLabels(REJECTION_REASON_LABEL);
const SEX: Record<string, string> = zhLabels(SEX_LABEL);

interface Column {
  header: string;
  cell: (r: ListedReferral) => CsvCell;
  /** only in a staff member's export (what only their JSON list shows: the clinical text and notes) */
  staffOnly?: boolean;
}

/**
 * The export's columns (GET /v1/referrals.csv), from the item the list answers the caller: names (the
 * id when the directory has not heard of the institution), Chinese labels, China time. The resident's
 * ID number is masked for everyone (a file travels further than a screen); a regulator's item is
 * already masked (name, birth year) and carries no clinical text, so those columns are staff-only.
 */
const COLUMNS: readonly Column[] = [
  { header: '转诊编号', cell: (r) => r.id },
  { header: '状态', cell: (r) => STATUS[r.status] },
  { header: '方向', cell: (r) => DIRECTION[r.direction] },
  { header: '紧急程度', cell: (r) => PRIORITY[r.priority] },
  { header: '转出机构', cell: (r) => r.from.name ?? r.from.institutionId },
  { header: '转入机构', cell: (r) => r.to.name ?? r.to.institutionId },
  { header: '患者姓名', cell: (r) => r.patient.name },
  { header: '性别', cell: (r) => SEX[r.patient.sex] ?? r.patient.sex },
  { header: '出生', cell: (r) => ('birthDate' in r.patient ? r.patient.birthDate : r.patient.birthYear) },
  { header: '身份证号（脱敏）', cell: (r) => maskResidentId(r.patient.idNumber) },
  { header: '转诊指征', cell: (r) => INDICATION[r.indication] },
  { header: 'ICD-10', cell: (r) => r.icd10, staffOnly: true },
  { header: '病情摘要', cell: (r) => r.summary, staffOnly: true },
  { header: '拒绝原因', cell: (r) => (r.rejectionReason ? REJECTION[r.rejectionReason] : null) },
  { header: '拒绝说明', cell: (r) => r.rejectionComment, staffOnly: true },
  { header: '退回建议', cell: (r) => r.advice, staffOnly: true },
  { header: '撤销原因', cell: (r) => r.cancellationReason, staffOnly: true },
  { header: '应答时限', cell: (r) => chinaMinute(r.deadlineAt) },
  { header: '是否超时', cell: (r) => (r.overdue ? '是' : '否') },
  { header: '预计到院时间', cell: (r) => chinaMinute(r.expectedArrivalAt) },
  { header: '申请时间', cell: (r) => chinaMinute(r.createdAt) },
  { header: '更新时间', cell: (r) => chinaMinute(r.updatedAt) },
];

const columnsFor = (audience: Audience) => COLUMNS.filter((c) => audience === 'staff' || !c.staffOnly);

/** The header row of this audience's export, in the order of `referralRows`. */
export const referralCsvHeader = (audience: Audience): string[] => columnsFor(audience).map((c) => c.header);

/** The listed referrals as rows people read, for this audience. */
export const referralRows = (audience: Audience, items: readonly ListedReferral[]): CsvCell[][] => {
  const columns = columnsFor(audience);
  return items.map((r) => columns.map((c) => c.cell(r)));
};
