import { InstitutionSnapshot } from '@yiyang/contracts';
import { InstitutionState } from '../domain/institution';

/**
 * The institution's public facts, whitelisted field by field: what its events carry and what the API
 * answers with (never its internal bookkeeping). A new public field is added here once.
 */
export function institutionSnapshot(s: Readonly<InstitutionState>, version = s.version): InstitutionSnapshot {
  return {
    id: s.id,
    version,
    name: s.name,
    uscc: s.uscc,
    medicalInstitutionCode: s.medicalInstitutionCode,
    category: s.category,
    kind: s.kind,
    hospitalGrade: s.hospitalGrade,
    ownership: s.ownership,
    nonProfit: s.nonProfit,
    divisionCode: s.divisionCode,
    address: s.address,
    location: { lat: s.location.lat, lng: s.location.lng },
    medicalLicence: s.medicalLicence,
    elderlyCareFiling: s.elderlyCareFiling,
    medicalInsuranceDesignation: s.medicalInsuranceDesignation,
    longTermCareInsuranceDesignation: s.longTermCareInsuranceDesignation,
    capabilities: [...s.capabilities],
    beds: { ...s.beds },
    status: s.status,
    freeBeds: { ...s.freeBeds },
    referralPhone: s.referralPhone,
  };
}
