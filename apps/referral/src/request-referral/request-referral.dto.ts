import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  INDICATIONS,
  INSURANCE_TYPES,
  Indication,
  REFERRAL_DIRECTIONS,
  REFERRAL_PRIORITIES,
  ReferralDirection,
  ReferralPriority,
  SEXES,
} from '@yiyang/contracts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class PatientDto {
  @IsString() @Length(1, 50) @Matches(/\S/, { message: 'name must not be blank' }) name: string;
  @IsIn(SEXES) sex: 'M' | 'F';
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true }) birthDate: string;
  /** 18-character resident ID number (GB 11643); checked for its check character, birth date and sex */
  @IsString() @Length(18, 18) idNumber: string;
  @IsIn(INSURANCE_TYPES) insurance: string;
}

export class VitalsDto {
  @IsOptional() @IsInt() @Min(30) @Max(300) bpSystolic?: number;
  @IsOptional() @IsInt() @Min(10) @Max(250) bpDiastolic?: number;
  @IsOptional() @IsInt() @Min(10) @Max(300) heartRate?: number;
  @IsOptional() @IsInt() @Min(1) @Max(80) respiratoryRate?: number;
  @IsOptional() @IsNumber({ maxDecimalPlaces: 1 }) @Min(25) @Max(45) temperature?: number;
  @IsOptional() @IsInt() @Min(30) @Max(100) spo2?: number;
  @IsOptional() @IsIn(['ALERT', 'VOICE', 'PAIN', 'UNRESPONSIVE']) consciousness?: string;
}

export class RequestReferralDto {
  @IsIn(REFERRAL_DIRECTIONS) direction: ReferralDirection;
  @IsUUID() fromInstitutionId: string;
  @IsUUID() toInstitutionId: string;
  @IsIn(REFERRAL_PRIORITIES) priority: ReferralPriority;
  @IsObject() @ValidateNested() @Type(() => PatientDto) patient: PatientDto;
  @IsIn(INDICATIONS) indication: Indication;
  /** ICD-10 code, e.g. I63.9 */
  @IsOptional() @Matches(/^[A-TV-Z][0-9][0-9AB](\.[0-9A-TV-Z]{1,4})?$/, { message: 'icd10 must be an ICD-10 code such as I63.9' }) icd10?:
    string | null;
  @IsString() @Length(1, 4000) @Matches(/\S/, { message: 'summary must not be blank' }) summary: string;
  @IsOptional() @ValidateNested() @Type(() => VitalsDto) vitals?: VitalsDto;
}
