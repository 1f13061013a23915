import { COMPLIANCE_RULE_LABEL, FINDING_STATUS_LABEL, FindingSnapshot, zhLabels } from '@yiyang/contracts';
import { CsvCell } from '@yiyang/http';
import { chinaMinute } from '@yiyang/kernel';
import { findingDivisions, findingInstitutions, findingSubject } from '../domain/notices';

/** At most this many findings in an export (`GET /v1/compliance/findings.csv`); more is a 422 EXPORT_TOO_LARGE. */
export const EXPORT_MAX_ROWS = 10_000;

const RULE = zhLabels(COMPLIANCE_RULE_LABEL);
const STATUS = zhLabels(FINDING_STATUS_LABEL);

/** The export's header row, in the order of `findingRow`. */
export const FINDING_CSV_HEADER = [
  '问题编号',
  '规则',
  '涉及对象',
  '涉及机构',
  '状态',
  '所属区划',
  '涉及区划',
  '发现时间',
  '解决时间',
] as const;

/**
 * One finding as a row people read: the rule and status in Chinese, the subject and institutions by name
 * (an institution's id when its name is not known), China time.
 */
export function findingRow(f: FindingSnapshot, names: Map<string, string>): CsvCell[] {
  return [
    f.id,
    RULE[f.rule],
    findingSubject(f, (id) => names.get(id)).zh,
    findingInstitutions(f)
      .map((id) => names.get(id) ?? id)
      .join('、'),
    STATUS[f.status],
    f.division,
    findingDivisions(f).join('、'),
    chinaMinute(f.raisedAt),
    chinaMinute(f.resolvedAt),
  ];
}
