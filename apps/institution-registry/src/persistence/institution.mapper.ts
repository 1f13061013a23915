import { Capability, HospitalGrade, InstitutionCategory, InstitutionKind, InstitutionStatus, Ownership } from '@yiyang/contracts';
import { InstitutionState, searchableName } from '../domain/institution';
import { InstitutionRow } from './institution.entity';

export function toRow(s: Readonly<InstitutionState>): InstitutionRow {
  const row = new InstitutionRow();
  Object.assign(row, {
    id: s.id,
    version: s.version,
    name: s.name,
    nameSearch: searchableName(s.name),
    uscc: s.uscc,
    medicalInstitutionCode: s.medicalInstitutionCode,
    category: s.category,
    kind: s.kind,
    hospitalGrade: s.hospitalGrade,
    ownership: s.ownership,
    nonProfit: s.nonProfit,
    divisionCode: s.divisionCode,
    address: s.address,
    lat: s.location.lat,
    lng: s.location.lng,
    location: `POINT(${s.location.lng} ${s.location.lat})`,
    medicalLicence: s.medicalLicence,
    licenceValidTo: s.medicalLicence?.validTo ?? null,
    licenceExpiryAnnouncedFor: s.licenceExpiryAnnouncedFor,
    elderlyCareFiling: s.elderlyCareFiling,
    medicalInsuranceDesignation: s.medicalInsuranceDesignation,
    longTermCareInsuranceDesignation: s.longTermCareInsuranceDesignation,
    capabilities: s.capabilities,
    beds: s.beds,
    freeBeds: s.freeBeds,
    referralPhone: s.referralPhone,
    operationsUpdatedAt: s.operationsUpdatedAt,
    status: s.status,
    statusReason: s.statusReason,
    registeredAt: s.registeredAt,
    updatedAt: s.updatedAt,
  });
  return row;
}

const dateOnly = (v: string | Date | null): string | null =>
  v === null ? null : typeof v === 'string' ? v.slice(0, 10) : v.toISOString().slice(0, 10);

export function toState(row: InstitutionRow): InstitutionState {
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    uscc: row.uscc,
    medicalInstitutionCode: row.medicalInstitutionCode,
    category: row.category as InstitutionCategory,
    kind: row.kind as InstitutionKind,
    hospitalGrade: row.hospitalGrade as HospitalGrade | null,
    ownership: row.ownership as Ownership,
    nonProfit: Boolean(row.nonProfit),
    divisionCode: row.divisionCode,
    address: row.address,
    location: { lat: row.lat, lng: row.lng },
    medicalLicence: row.medicalLicence,
    elderlyCareFiling: row.elderlyCareFiling,
    medicalInsuranceDesignation: row.medicalInsuranceDesignation,
    longTermCareInsuranceDesignation: row.longTermCareInsuranceDesignation,
    capabilities: row.capabilities as Capability[],
    beds: row.beds,
    freeBeds: row.freeBeds ?? {},
    referralPhone: row.referralPhone,
    operationsUpdatedAt: row.operationsUpdatedAt,
    status: row.status as InstitutionStatus,
    statusReason: row.statusReason,
    licenceExpiryAnnouncedFor: dateOnly(row.licenceExpiryAnnouncedFor),
    registeredAt: row.registeredAt,
    updatedAt: row.updatedAt,
  };
}
