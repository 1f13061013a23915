import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
  IsObject,
} from 'class-validator';
import {
  CAPABILITIES,
  Capability,
  HOSPITAL_GRADES,
  HospitalGrade,
  INSTITUTION_KINDS,
  InstitutionKind,
  OWNERSHIPS,
  Ownership,
} from '@yiyang/contracts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = 'must be a date YYYY-MM-DD';

export class LocationDto {
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat: number;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lng: number;
}

/** What a licence, filing or designation is known by: its number. */
class NumberedDto {
  @IsString()
  @Length(1, 64)
  number: string;
}

/** 医疗机构执业许可证 */
export class MedicalLicenceDto extends NumberedDto {
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  scope: string[];

  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true })
  validFrom: string;

  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true })
  validTo: string;
}

/** 养老机构备案 */
export class ElderlyCareFilingDto extends NumberedDto {
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true })
  filedOn: string;
}

/** 医保定点 / 长护险定点 */
export class DesignationDto extends NumberedDto {
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true })
  since: string;

  /** the designation's last day (inclusive), not before `since`; absent or null: open-ended */
  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true })
  validTo?: string | null;
}

export class BedsDto {
  @IsOptional() @IsInt() @Min(0) @Max(100000) elderly?: number;
  @IsOptional() @IsInt() @Min(0) @Max(100000) medical?: number;
  @IsOptional() @IsInt() @Min(0) @Max(100000) rehabilitation?: number;
  @IsOptional() @IsInt() @Min(0) @Max(100000) hospice?: number;
  /** 家庭病床 */
  @IsOptional() @IsInt() @Min(0) @Max(100000) family?: number;
}

/** The fields a registrar sets at registration and may change later. */
export class InstitutionDetailsDto {
  @IsString()
  @Length(2, 200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @IsOptional()
  @IsString()
  @Length(1, 64)
  medicalInstitutionCode?: string | null;

  @IsIn(INSTITUTION_KINDS)
  kind: InstitutionKind;

  @IsOptional()
  @IsIn(HOSPITAL_GRADES)
  hospitalGrade?: HospitalGrade | null;

  @IsIn(OWNERSHIPS)
  ownership: Ownership;

  @IsBoolean()
  nonProfit: boolean;

  /** GB/T 2260 six-digit division code, e.g. 350102 */
  @IsString()
  @Matches(/^\d{6}$/, { message: 'divisionCode must be six digits (GB/T 2260)' })
  divisionCode: string;

  @IsString()
  @Length(1, 500)
  address: string;

  @IsObject()
  @ValidateNested()
  @Type(() => LocationDto)
  location: LocationDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => MedicalLicenceDto)
  medicalLicence?: MedicalLicenceDto | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => ElderlyCareFilingDto)
  elderlyCareFiling?: ElderlyCareFilingDto | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => DesignationDto)
  medicalInsuranceDesignation?: DesignationDto | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => DesignationDto)
  longTermCareInsuranceDesignation?: DesignationDto | null;

  @IsArray()
  @ArrayMaxSize(CAPABILITIES.length)
  @IsIn(CAPABILITIES, { each: true })
  capabilities: Capability[];

  @IsObject()
  @ValidateNested()
  @Type(() => BedsDto)
  beds: BedsDto;
}
