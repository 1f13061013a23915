import { OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { COMPLIANCE_RULES, ComplianceRule, FINDING_STATUSES, FindingStatus } from '@yiyang/contracts';
import { PageQuery } from '@yiyang/http';

export class FindingsQuery extends PageQuery {
  /** a division within the regulator's jurisdiction: 2, 4 or 6 digits */
  @IsOptional() @Matches(/^(\d{2}|\d{4}|\d{6})$/, { message: 'division must be 2, 4 or 6 digits' }) division?: string;
  /** one rule's findings */
  @IsOptional() @IsIn(COMPLIANCE_RULES) rule?: ComplianceRule;
  /** open or resolved findings */
  @IsOptional() @IsIn(FINDING_STATUSES) status?: FindingStatus;
}

/** GET /v1/compliance/findings.csv: the list's filters, no paging (a `limit` or `cursor` is a 400). */
export class FindingsExportQuery extends OmitType(FindingsQuery, ['limit', 'cursor'] as const) {}
