import { IsString, Length, Matches } from 'class-validator';

const NOT_BLANK = /\S/;

export class CancelReferralDto {
  @IsString() @Length(1, 2000) @Matches(NOT_BLANK, { message: 'reason must not be blank' }) reason: string;
}
