import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

const NOT_BLANK = /\S/;

export class CompleteReferralDto {
  @IsString() @Length(1, 8000) @Matches(NOT_BLANK, { message: 'dischargeSummary must not be blank' }) dischargeSummary: string;
  /** an UP referral's resident goes back to this nursing home: a linked DOWN referral is created */
  @IsOptional() @IsUUID() returnTo?: string;
}
