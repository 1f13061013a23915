import { IsIn, IsString, Length, Matches } from 'class-validator';
import { REJECTION_REASONS, RejectionReason } from '@yiyang/contracts';

const NOT_BLANK = /\S/;

export class RejectReferralDto {
  @IsIn(REJECTION_REASONS) reasonCode: RejectionReason;
  @IsString() @Length(1, 2000) @Matches(NOT_BLANK, { message: 'comment must not be blank' }) comment: string;
}
