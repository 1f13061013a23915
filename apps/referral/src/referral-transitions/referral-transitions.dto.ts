import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { REJECTION_REASONS, RejectionReason } from '@yiyang/contracts';

const NOT_BLANK = /\S/;

export class AcceptReferralDto {
  /** when the patient is expected, ISO 8601 with offset */
  @IsISO8601({ strict: true })
  @Matches(/(Z|[+-]\d{2}:\d{2})$/, { message: 'expectedArrivalAt must carry a time zone (Z or ±hh:mm)' })
  expectedArrivalAt: string;
}

export class RejectReferralDto {
  @IsIn(REJECTION_REASONS) reasonCode: RejectionReason;
  @IsString() @Length(1, 2000) @Matches(NOT_BLANK, { message: 'comment must not be blank' }) comment: string;
}

export class ReturnReferralDto {
  @IsString() @Length(1, 4000) @Matches(NOT_BLANK, { message: 'advice must not be blank' }) advice: string;
}

export class CancelReferralDto {
  @IsString() @Length(1, 2000) @Matches(NOT_BLANK, { message: 'reason must not be blank' }) reason: string;
}

export class CompleteReferralDto {
  @IsString() @Length(1, 8000) @Matches(NOT_BLANK, { message: 'dischargeSummary must not be blank' }) dischargeSummary: string;
  /** an UP referral's resident goes back to this nursing home: a linked DOWN referral is created */
  @IsOptional() @IsUUID() returnTo?: string;
}
