import { Type } from 'class-transformer';
import { IsISO8601, IsObject, IsOptional, Matches, ValidateNested } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class RenewalTermDto {
  /** defaults to the day after the current term ends */
  @IsOptional() @Matches(DATE, { message: 'must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true }) effectiveFrom?: string;
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true }) effectiveTo: string;
}

export class RenewAgreementDto {
  @IsObject() @ValidateNested() @Type(() => RenewalTermDto) term: RenewalTermDto;
}
