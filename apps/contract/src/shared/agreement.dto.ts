import { OmitType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
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
  AGREEMENT_MODES,
  AGREEMENT_SERVICES,
  AgreementMode,
  AgreementServiceCode,
  FEE_PAYERS,
  FEE_UNITS,
  FREQUENCIES,
  Frequency,
} from '@yiyang/contracts';
import { AMENDABLE_FIELDS, AgreementTerms, AmendableContent } from '../domain/agreement';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ServiceDto {
  @IsIn(AGREEMENT_SERVICES) code: AgreementServiceCode;
  @IsOptional() @IsIn(FREQUENCIES) frequency?: Frequency | null;
}

export class FeeDto {
  @IsString() @Length(1, 100) item: string;
  /** amount in fen (分), an integer */
  @IsInt() @Min(0) @Max(100_000_000_00) amountFen: number;
  @IsIn(FEE_UNITS) unit: string;
  @IsIn(FEE_PAYERS) payer: string;
}

export class ResponsibilitiesDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 500, { each: true }) elderlyParty: string[];
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 500, { each: true }) medicalParty: string[];
}

export class TermDto {
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true }) effectiveFrom: string;
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true }) effectiveTo: string;
}

export class EntrustmentDto {
  @IsString() @Length(1, 4000) rightsAndObligations: string;
  @IsString() @Length(1, 4000) legalLiability: string;
  @IsString() @Length(1, 4000) disputeResolution: string;
}

export class StaffDto {
  @IsString() @Length(1, 50) name: string;
  @IsString() @Length(1, 64) practisingCertificateNumber: string;
  /** 多机构执业备案 */
  @IsBoolean() multiSiteFiled: boolean;
}

/** A signed paper the client names (optional: the service takes the name and SHA-256 from the upload, POST …/documents). */
export class DocumentDto {
  @IsString() @Length(1, 255) fileName: string;
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lowercase hex characters' }) sha256: string;
}

export class FileAgreementDto {
  /** The first party: the elderly-care institution, or for CONTINUING_CARE the care side (a rehabilitation hospital, nursing hospital or hospice). */
  @IsUUID() elderlyInstitutionId: string;
  /** The medical party (for CONTINUING_CARE the hospital that sends patients down). */
  @IsUUID() medicalInstitutionId: string;
  @IsIn(AGREEMENT_MODES) mode: AgreementMode;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(AGREEMENT_SERVICES.length)
  @ValidateNested({ each: true })
  @Type(() => ServiceDto)
  services: ServiceDto[];
  @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => FeeDto) fees: FeeDto[];
  @IsObject() @ValidateNested() @Type(() => ResponsibilitiesDto) responsibilities: ResponsibilitiesDto;
  @IsString() @Length(1, 4000) breachLiability: string;
  @IsObject() @ValidateNested() @Type(() => TermDto) term: TermDto;
  @IsOptional() @IsString() @Length(1, 500) site?: string | null;
  @IsOptional() @ValidateNested() @Type(() => EntrustmentDto) entrustment?: EntrustmentDto | null;
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => StaffDto) staff?: StaffDto[];
  /**
   * Optional and superseded by the upload: before any upload, the paper's name and SHA-256 as the client
   * declares them; once uploaded, leave it out (or send the agreement's own) — a different one is refused.
   */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => DocumentDto) document?: DocumentDto | null;
}

/** The content an amendment replaces: everything but the parties, the mode and the term. */
export class AgreementContentDto extends PickType(FileAgreementDto, AMENDABLE_FIELDS) {}

/** A request's content as the aggregate takes it (copies, nulls for what was left out). */
export function toContent(body: AgreementContentDto): AmendableContent {
  return {
    services: body.services.map((s) => ({ code: s.code, frequency: s.frequency ?? null })),
    fees: body.fees.map((f) => ({ item: f.item, amountFen: f.amountFen, unit: f.unit, payer: f.payer })),
    responsibilities: { elderlyParty: [...body.responsibilities.elderlyParty], medicalParty: [...body.responsibilities.medicalParty] },
    breachLiability: body.breachLiability,
    site: body.site ?? null,
    entrustment: body.entrustment
      ? {
          rightsAndObligations: body.entrustment.rightsAndObligations,
          legalLiability: body.entrustment.legalLiability,
          disputeResolution: body.entrustment.disputeResolution,
        }
      : null,
    staff: (body.staff ?? []).map((s) => ({
      name: s.name,
      practisingCertificateNumber: s.practisingCertificateNumber,
      multiSiteFiled: s.multiSiteFiled,
    })),
    document: body.document ? { fileName: body.document.fileName, sha256: body.document.sha256 } : null,
  };
}

/** A draft's new content: everything a filing states but the parties (all of it, as when filing). */
export class EditDraftDto extends OmitType(FileAgreementDto, ['elderlyInstitutionId', 'medicalInstitutionId'] as const) {}

/** A request's terms (content, mode and term) as the aggregate takes them. */
export function toTerms(body: EditDraftDto): AgreementTerms {
  return { ...toContent(body), mode: body.mode, term: { effectiveFrom: body.term.effectiveFrom, effectiveTo: body.term.effectiveTo } };
}

/** Why: a rejection, a withdrawal, a termination. */
export class RejectAgreementDto {
  @IsString()
  @Length(2, 1000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason: string;
}
