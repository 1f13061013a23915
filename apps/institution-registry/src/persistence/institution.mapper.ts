import { Capability, HospitalGrade, InstitutionCategory, InstitutionKind, InstitutionStatus, Ownership } from '@yiyang/contracts';
import { Designation, InstitutionState, searchableName } from '../domain/institution';
import { InstitutionRow } from './institution.entity';

/** The row for a state: the state's own fields as they are, plus the columns derived from them. */
export function toRow(s: Readonly<InstitutionState>): InstitutionRow {
  return Object.assign(new InstitutionRow(), {
    ...s,
    nameSearch: searchableName(s.name),
    lat: s.location.lat,
    lng: s.location.lng,
    location: `POINT(${Number(s.location.lng)} ${Number(s.location.lat)})`,
    licenceValidTo: s.medicalLicence?.validTo ?? null,
  });
}

/** A designation as the row keeps it; one written before designations had an end date is open-ended. */
const designation = (d: InstitutionRow['medicalInsuranceDesignation']): Designation | null =>
  d ? { number: d.number, since: d.since, validTo: d.validTo ?? null } : null;

const dateOnly = (v: string | Date | null): string | null =>
  v === null ? null : typeof v === 'string' ? v.slice(0, 10) : v.toISOString().slice(0, 10);

/** The state a row holds: the derived columns dropped, the typed ones narrowed. */
export function toState(row: InstitutionRow): InstitutionState {
  const { nameSearch: _name, lat, lng, location: _point, licenceValidTo: _validTo, ...fields } = row;
  return {
    ...fields,
    category: row.category as InstitutionCategory,
    kind: row.kind as InstitutionKind,
    hospitalGrade: row.hospitalGrade as HospitalGrade | null,
    ownership: row.ownership as Ownership,
    status: row.status as InstitutionStatus,
    nonProfit: Boolean(row.nonProfit),
    location: { lat, lng },
    capabilities: row.capabilities as Capability[],
    freeBeds: row.freeBeds ?? {},
    licenceExpiryAnnouncedFor: dateOnly(row.licenceExpiryAnnouncedFor),
    medicalInsuranceDesignation: designation(row.medicalInsuranceDesignation),
    longTermCareInsuranceDesignation: designation(row.longTermCareInsuranceDesignation),
  };
}
