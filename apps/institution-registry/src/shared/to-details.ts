import { Designation, InstitutionDetails } from '../domain/institution';
import { DesignationDto, InstitutionDetailsDto } from './institution-details.dto';

/** Maps the validated request fields to the aggregate's details (absent optional fields become null). */
export function toDetails(dto: InstitutionDetailsDto): InstitutionDetails {
  const optional = {
    medicalInstitutionCode: null,
    hospitalGrade: null,
    medicalLicence: null,
    elderlyCareFiling: null,
    medicalInsuranceDesignation: null,
    longTermCareInsuranceDesignation: null,
  };
  return { ...optional, ...toDetailsPatch(dto) } as InstitutionDetails;
}

/** A copy of a licence, filing or designation the request gives; an explicit null (clearing it) stays null. */
const copied = <T extends object>(value: T | null | undefined): T | null => (value ? { ...value } : null);

/** A designation the request gives, its end date null when absent (open-ended). */
const designation = (value: DesignationDto | null | undefined): Designation | null =>
  value ? { number: value.number, since: value.since, validTo: value.validTo ?? null } : null;

/** Only the fields present in the request (PATCH); an explicit null clears an optional field. */
export function toDetailsPatch(dto: Partial<InstitutionDetailsDto>): Partial<InstitutionDetails> {
  const patch: Partial<InstitutionDetails> = {};
  const has = (k: keyof InstitutionDetailsDto) => Object.prototype.hasOwnProperty.call(dto, k) && dto[k] !== undefined;
  if (has('name')) patch.name = dto.name!.trim();
  if (has('medicalInstitutionCode')) patch.medicalInstitutionCode = dto.medicalInstitutionCode ?? null;
  if (has('kind')) patch.kind = dto.kind;
  if (has('hospitalGrade')) patch.hospitalGrade = dto.hospitalGrade ?? null;
  if (has('ownership')) patch.ownership = dto.ownership;
  if (has('nonProfit')) patch.nonProfit = dto.nonProfit;
  if (has('divisionCode')) patch.divisionCode = dto.divisionCode;
  if (has('address')) patch.address = dto.address!.trim();
  if (has('location')) patch.location = { lat: dto.location!.lat, lng: dto.location!.lng };
  if (has('medicalLicence')) patch.medicalLicence = copied(dto.medicalLicence);
  if (has('elderlyCareFiling')) patch.elderlyCareFiling = copied(dto.elderlyCareFiling);
  if (has('medicalInsuranceDesignation')) patch.medicalInsuranceDesignation = designation(dto.medicalInsuranceDesignation);
  if (has('longTermCareInsuranceDesignation')) patch.longTermCareInsuranceDesignation = designation(dto.longTermCareInsuranceDesignation);
  if (has('capabilities')) patch.capabilities = [...dto.capabilities!];
  if (has('beds')) patch.beds = Object.fromEntries(Object.entries({ ...dto.beds }).filter(([, v]) => v !== undefined));
  return patch;
}
