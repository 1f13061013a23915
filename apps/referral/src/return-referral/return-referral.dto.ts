import { IsString, Length, Matches } from 'class-validator';

const NOT_BLANK = /\S/;

export class ReturnReferralDto {
  @IsString() @Length(1, 4000) @Matches(NOT_BLANK, { message: 'advice must not be blank' }) advice: string;
}
