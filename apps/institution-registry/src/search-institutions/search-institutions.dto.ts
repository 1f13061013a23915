import { Type } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  CAPABILITIES,
  Capability,
  INSTITUTION_CATEGORIES,
  INSTITUTION_KINDS,
  INSTITUTION_STATUSES,
  InstitutionCategory,
  InstitutionKind,
  InstitutionStatus,
} from '@yiyang/contracts';
import { PageQuery } from '@yiyang/http';

export class SearchInstitutionsQuery extends PageQuery {
  /** part of the name, e.g. 协和 (full-width and half-width, case and spaces do not matter); empty is no filter */
  @IsOptional()
  @IsString()
  @MaxLength(50, { message: 'q must be at most 50 characters' })
  q?: string;

  /** 统一社会信用代码, exact (18 characters; letters in either case) */
  @IsOptional()
  @IsString()
  @Matches(/^[0-9A-HJ-NPQRTUWXY]{18}$/i, { message: 'uscc must be 18 characters of 0-9 A-H J-N P-R T U W-Y' })
  uscc?: string;

  @IsOptional() @IsIn(INSTITUTION_CATEGORIES) category?: InstitutionCategory;
  @IsOptional() @IsIn(INSTITUTION_KINDS) kind?: InstitutionKind;
  @IsOptional() @IsIn(CAPABILITIES) capability?: Capability;
  @IsOptional() @IsIn(INSTITUTION_STATUSES) status?: InstitutionStatus;

  /** division prefix: 2 digits a province, 4 a city, 6 a county */
  @IsOptional()
  @Matches(/^(\d{2}|\d{4}|\d{6})$/, { message: 'division must be 2, 4 or 6 digits' })
  division?: string;

  /** "lat,lng": nearest first, within radiusKm */
  @IsOptional()
  @Matches(/^-?\d{1,2}(\.\d{1,8})?,-?\d{1,3}(\.\d{1,8})?$/, { message: 'near must be "lat,lng", e.g. 26.08,119.30' })
  near?: string;

  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.1)
  @Max(500)
  radiusKm?: number;
}
