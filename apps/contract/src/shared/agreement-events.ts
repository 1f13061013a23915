import { AgreementSnapshot, EventTypes } from '@yiyang/contracts';
import { assertNever } from '@yiyang/kernel';
import { Actor, EventDraft } from '@yiyang/messaging';
import { Agreement, AgreementChange, AgreementState, PartyFacts } from '../domain/agreement';

const party = (p: PartyFacts) => ({
  institutionId: p.institutionId,
  category: p.category,
  kind: p.kind,
  divisionCode: p.divisionCode,
  location: { lat: p.location.lat, lng: p.location.lng },
});

/** What events carry of an agreement: parties with divisions, mode, services, term, status — no staff names, no fees. */
export function toAgreementSnapshot(s: Readonly<AgreementState>, version = s.version, status = s.status): AgreementSnapshot {
  return {
    id: s.id,
    version,
    status,
    mode: s.mode,
    elderlyParty: party(s.elderlyParty),
    medicalParty: party(s.medicalParty),
    services: s.services.map((x) => ({ code: x.code, frequency: x.frequency })),
    term: { ...s.term },
    staffCount: s.staff.length,
    staffFiled: s.staff.length > 0 && s.staff.every((x) => x.multiSiteFiled),
    predecessorId: s.predecessorId,
  };
}

function typeAndData(change: AgreementChange, agreement: AgreementSnapshot): { type: string; data: unknown } {
  switch (change.kind) {
    case 'submitted':
      return { type: EventTypes.agreement.submitted, data: { agreement } };
    case 'countersigned':
      return { type: EventTypes.agreement.countersigned, data: { agreement } };
    case 'activated':
      return { type: EventTypes.agreement.activated, data: { agreement } };
    case 'rejected':
      return { type: EventTypes.agreement.rejected, data: { agreement, reason: change.reason } };
    default:
      return assertNever(change);
  }
}

const STATUS_AFTER: Record<AgreementChange['kind'], AgreementState['status']> = {
  submitted: 'SUBMITTED',
  countersigned: 'SIGNED',
  activated: 'ACTIVE',
  rejected: 'REJECTED',
};

/** The aggregate's pending changes as outbox drafts, keyed and divided by the elderly-care party's division. */
export function agreementEventDrafts(agreement: Agreement, actor: Actor, at: Date): EventDraft[] {
  const s = agreement.snapshot;
  return agreement.pullChanges().map(({ change, version }) => ({
    ...typeAndData(change, toAgreementSnapshot(s, version, STATUS_AFTER[change.kind])),
    aggregateType: 'agreement',
    aggregateId: s.id,
    sequence: version,
    division: s.elderlyParty.divisionCode,
    subject: s.id,
    actor,
    time: at,
  }));
}
