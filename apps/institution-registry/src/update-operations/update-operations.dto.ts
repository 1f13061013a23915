import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';

/** Free beds by type; a type left out keeps its last reported figure. */
export class FreeBedsDto {
  @IsOptional() @IsInt() @Min(0) @Max(100000) medical?: number;
  @IsOptional() @IsInt() @Min(0) @Max(100000) elderly?: number;
  @IsOptional() @IsInt() @Min(0) @Max(100000) rehabilitation?: number;
  @IsOptional() @IsInt() @Min(0) @Max(100000) hospice?: number;
}

/**
 * A mainland number: a mobile (11 digits, 1[3-9]…), a landline with its area code (0 + 2–3 digits, an
 * optional hyphen, 7–8 digits, an optional extension after a hyphen), or a 400/800 service number.
 */
export const REFERRAL_PHONE = /^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?|[48]00-?\d{3}-?\d{4})$/;

export class UpdateOperationsDto {
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => FreeBedsDto)
  freeBeds?: FreeBedsDto;

  /** e.g. 0591-87654321 or 13800000000; null removes it */
  @IsOptional()
  @IsString()
  @Matches(REFERRAL_PHONE, { message: 'referralPhone must be a mainland phone number, e.g. 0591-87654321 or 13800000000' })
  referralPhone?: string | null;
}
