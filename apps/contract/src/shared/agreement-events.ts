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
    proposedBy: s.proposedBy,
    revision: s.revision,
    sanctions: s.sanctions.map((x) => ({ ...x })),
    terminationOn: s.termination?.effectiveOn ?? null,
    amendmentPending: s.amendment !== null,
  };
}

function typeAndData(change: AgreementChange, agreement: AgreementSnapshot, s: Readonly<AgreementState>): { type: string; data: unknown } {
  const T = EventTypes.agreement;
  switch (change.kind) {
    case 'submitted':
      return { type: T.submitted, data: { agreement } };
    case 'renewed':
      return { type: T.renewed, data: { agreement, predecessorId: change.predecessorId } };
    case 'countersigned':
      return { type: T.countersigned, data: { agreement } };
    case 'activated':
      return { type: T.activated, data: { agreement } };
    case 'rejected':
      return { type: T.rejected, data: { agreement, reason: change.reason } };
    case 'withdrawn':
      return { type: T.withdrawn, data: { agreement, reason: change.reason } };
    case 'termination-scheduled':
      return { type: T.terminationScheduled, data: { agreement, effectiveOn: change.effectiveOn, reason: change.reason } };
    case 'terminated':
      return { type: T.terminated, data: { agreement, effectiveOn: change.effectiveOn, reason: change.reason } };
    case 'expiring':
      return {
        type: T.expiring,
        data: { agreement, daysBefore: change.daysBefore, daysLeft: change.daysLeft, effectiveTo: s.term.effectiveTo },
      };
    case 'expired':
      return { type: T.expired, data: { agreement } };
    case 'amendment-proposed':
      return {
        type: T.amendmentProposed,
        data: { agreement, revision: change.revision, proposedBy: s.amendment?.proposedBy ?? s.proposedBy },
      };
    case 'amended':
      return { type: T.amended, data: { agreement, revision: change.revision } };
    case 'amendment-rejected':
      return { type: T.amendmentRejected, data: { agreement, revision: change.revision, reason: change.reason } };
    case 'party-sanctioned':
      return { type: T.partySanctioned, data: { agreement, institutionId: change.institutionId, sanction: change.sanction } };
    case 'party-reinstated':
      return { type: T.partyReinstated, data: { agreement, institutionId: change.institutionId } };
    default:
      return assertNever(change);
  }
}

/**
 * The aggregate's pending changes as outbox drafts, keyed by agreement id and divided by the
 * elderly-care party's division. Version v is history line v, so each event carries the status it produced.
 */
export function agreementEventDrafts(agreement: Agreement, actor: Actor, at: Date): EventDraft[] {
  const s = agreement.snapshot;
  return agreement.pullChanges().map(({ change, version }) => ({
    ...typeAndData(change, toAgreementSnapshot(s, version, s.history[version - 1]?.to ?? s.status), s),
    aggregateType: 'agreement',
    aggregateId: s.id,
    sequence: version,
    division: s.elderlyParty.divisionCode,
    subject: s.id,
    actor,
    time: at,
  }));
}
