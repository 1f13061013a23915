import { InstitutionDetails } from '../domain/institution';
import { InstitutionDetailsDto } from './institution-details.dto';

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

/** Only the fields present in the request (PATCH); an explicit null clears an optional field. */
export function toDetailsPatch(dto: Partial<InstitutionDetailsDto>): Partial<InstitutionDetails> {
  const patch: Partial<InstitutionDetails> = {};
  const has = (k: keyof InstitutionDetailsDto) => Object.prototype.hasOwnProperty.call(dto, k) && dto[k] !== undefined;
  if (has('name')) patch.name = dto.name!.trim();
  patch.medicalInstitutionCode = has('medicalInstitutionCode') ? (dto.medicalInstitutionCode ?? null) : undefined;
  if (has('kind')) patch.kind = dto.kind;
  patch.hospitalGrade = has('hospitalGrade') ? (dto.hospitalGrade ?? null) : undefined;
  if (has('ownership')) patch.ownership = dto.ownership;
  if (has('nonProfit')) patch.nonProfit = dto.nonProfit;
  if (has('divisionCode')) patch.divisionCode = dto.divisionCode;
  if (has('address')) patch.address = dto.address!.trim();
  if (has('location')) patch.location = { lat: dto.location!.lat, lng: dto.location!.lng };
  patch.medicalLicence = has('medicalLicence') && dto.medicalLicence ? { ...dto.medicalLicence } : has('medicalLicence') ? null : undefined;
  patch.elderlyCareFiling =
    has('elderlyCareFiling') && dto.elderlyCareFiling ? { ...dto.elderlyCareFiling } : has('elderlyCareFiling') ? null : undefined;
  patch.medicalInsuranceDesignation =
    has('medicalInsuranceDesignation') && dto.medicalInsuranceDesignation
      ? { ...dto.medicalInsuranceDesignation }
      : has('medicalInsuranceDesignation')
        ? null
        : undefined;
  patch.longTermCareInsuranceDesignation =
    has('longTermCareInsuranceDesignation') && dto.longTermCareInsuranceDesignation
      ? { ...dto.longTermCareInsuranceDesignation }
      : has('longTermCareInsuranceDesignation')
        ? null
        : undefined;
  if (has('capabilities')) patch.capabilities = [...dto.capabilities!];
  if (has('beds')) patch.beds = Object.fromEntries(Object.entries({ ...dto.beds }).filter(([, v]) => v !== undefined));
  for (const k of Object.keys(patch) as (keyof InstitutionDetails)[]) if (patch[k] === undefined) delete patch[k];
  return patch;
}
