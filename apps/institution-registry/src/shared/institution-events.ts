import { EventTypes, InstitutionSnapshot } from '@yiyang/contracts';
import { assertNever } from '@yiyang/kernel';
import { Actor, EventDraft } from '@yiyang/messaging';
import { Institution, InstitutionChange, InstitutionState } from '../domain/institution';

/** The institution as events carry it: the registry's public facts, whitelisted field by field. */
export function toSnapshot(s: Readonly<InstitutionState>, version = s.version): InstitutionSnapshot {
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

function typeAndData(change: InstitutionChange, institution: InstitutionSnapshot): { type: string; data: unknown } {
  switch (change.kind) {
    case 'registered':
      return { type: EventTypes.institution.registered, data: { institution } };
    case 'updated':
      return { type: EventTypes.institution.updated, data: { institution, changed: change.changed } };
    case 'suspended':
      return { type: EventTypes.institution.suspended, data: { institution, reason: change.reason } };
    case 'reinstated':
      return { type: EventTypes.institution.reinstated, data: { institution, reason: change.reason } };
    case 'revoked':
      return { type: EventTypes.institution.revoked, data: { institution, reason: change.reason } };
    case 'licence-expired':
      return { type: EventTypes.institution.licenceExpired, data: { institution, licence: change.licence } };
    case 'operations-updated':
      return { type: EventTypes.institution.operationsUpdated, data: { institution, changed: change.changed } };
    default:
      return assertNever(change);
  }
}

/** Turns the aggregate's pending changes into outbox drafts (sequence = the version each change produced). */
export function institutionEventDrafts(institution: Institution, actor: Actor, at: Date): EventDraft[] {
  const state = institution.snapshot;
  return institution.pullChanges().map(({ change, version }) => ({
    ...typeAndData(change, toSnapshot(state, version)),
    aggregateType: 'institution',
    aggregateId: state.id,
    sequence: version,
    division: state.divisionCode,
    subject: state.id,
    actor,
    time: at,
  }));
}
