import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { AGREEMENT_MODES, AGREEMENT_STATUSES, AgreementMode, AgreementStatus } from '@yiyang/contracts';
import { PageQuery } from '@yiyang/http';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = 'must be a date YYYY-MM-DD';

/** GET /v1/agreements: the filters of an institution's list and of a regulator's. Dates are China Standard Time days. */
export class ListAgreementsQuery extends PageQuery {
  @IsOptional() @IsIn(AGREEMENT_STATUSES) status?: AgreementStatus;
  @IsOptional() @IsIn(AGREEMENT_MODES) mode?: AgreementMode;
  @ApiPropertyOptional({ description: 'the other party (institution staff)' })
  @IsOptional()
  @IsUUID()
  counterparty?: string;
  @ApiPropertyOptional({ description: 'either party is this institution' })
  @IsOptional()
  @IsUUID()
  institution?: string;
  @ApiPropertyOptional({
    description: 'either party’s division starts with this prefix (2, 4 or 6 digits); a regulator’s must lie inside their jurisdiction',
  })
  @IsOptional()
  @Matches(/^(\d{2}|\d{4}|\d{6})$/, { message: 'must be a division prefix of 2, 4 or 6 digits' })
  division?: string;
  @ApiPropertyOptional({ description: 'filed (created) on or after this day, China time' })
  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true })
  from?: string;
  @ApiPropertyOptional({ description: 'filed (created) on or before this day, China time' })
  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true })
  to?: string;
  @ApiPropertyOptional({ description: 'countersigned and in force on this day (SIGNED, ACTIVE or EXPIRED, the term covering it)' })
  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true })
  effectiveOn?: string;
  /** ACTIVE agreements ending within this many days */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(3650) expiringWithinDays?: number;
}

/** GET /v1/agreements.csv: the list's filters, no paging (a `limit` or `cursor` is a 400). */
export class ExportAgreementsQuery extends OmitType(ListAgreementsQuery, ['limit', 'cursor'] as const) {}
