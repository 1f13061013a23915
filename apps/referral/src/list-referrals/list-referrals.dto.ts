import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import {
  REFERRAL_DIRECTIONS,
  REFERRAL_PRIORITIES,
  REFERRAL_STATUSES,
  ReferralDirection,
  ReferralPriority,
  ReferralStatus,
} from '@yiyang/contracts';
import { CommaListOf, PageQuery } from '@yiyang/http';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const LIST_SIDES = ['sent', 'received', 'both'] as const;
export type ListSide = (typeof LIST_SIDES)[number];

/**
 * `GET /v1/referrals`: the filters both callers take, those only institution staff take (side,
 * counterparty, resident) and those only regulators take (division, institution); a filter of the
 * other kind is a 400.
 */
export class ListReferralsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'comma-separated statuses' })
  @CommaListOf(REFERRAL_STATUSES)
  status?: ReferralStatus[];

  @IsOptional() @IsIn(REFERRAL_DIRECTIONS) direction?: ReferralDirection;
  @IsOptional() @IsIn(REFERRAL_PRIORITIES) priority?: ReferralPriority;

  @ApiPropertyOptional({ description: 'requested on or after this day (China Standard Time), YYYY-MM-DD' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: 'requested on or before this day (China Standard Time), YYYY-MM-DD' })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ enum: LIST_SIDES, description: 'institution staff: what the institution sent, received, or both (default)' })
  @IsOptional()
  @IsIn(LIST_SIDES)
  side?: ListSide;

  @ApiPropertyOptional({ description: 'institution staff: the other institution of the referral' })
  @IsOptional()
  @IsUUID()
  counterparty?: string;

  @ApiPropertyOptional({ description: 'institution staff: one resident’s referrals, by their 18-character resident ID number' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  resident?: string;

  @ApiPropertyOptional({ description: 'regulators: a division inside their jurisdiction (2, 4 or 6 digits)' })
  @IsOptional()
  @Matches(/^(\d{2}|\d{4}|\d{6})$/, { message: 'division must be 2, 4 or 6 digits' })
  division?: string;

  @ApiPropertyOptional({ description: 'regulators: referrals where this institution is either party' })
  @IsOptional()
  @IsUUID()
  institution?: string;
}

/** `GET /v1/referrals.csv`: the list's filters, no paging (a `limit` or `cursor` is a 400). */
export class ExportReferralsQuery extends OmitType(ListReferralsQuery, ['limit', 'cursor'] as const) {}
