import { EventTypes, ReferralSnapshot } from '@yiyang/contracts';
import { assertNever, maskResidentId } from '@yiyang/kernel';
import { Actor, EventDraft } from '@yiyang/messaging';
import { PartyFacts, Referral, ReferralChange, ReferralState } from '../domain/referral';

const party = (p: PartyFacts) => ({ institutionId: p.institutionId, category: p.category, kind: p.kind, divisionCode: p.divisionCode });
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * What events carry of a referral. Whitelisted field by field: the resident appears only as
 * `patientRef` and the masked ID number; no name, no full ID number, no clinical text.
 */
export function toReferralSnapshot(s: Readonly<ReferralState>, version = s.version, status = s.status): ReferralSnapshot {
  const m = s.milestones;
  return {
    id: s.id,
    version,
    status,
    direction: s.direction,
    priority: s.priority,
    from: party(s.from),
    to: party(s.to),
    agreementId: s.agreementId,
    patientRef: s.patientRef,
    maskedIdNumber: maskResidentId(s.patient.idNumber),
    indication: s.clinical.indication,
    deadlineAt: s.deadlineAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    milestones: {
      requestedAt: m.requestedAt.toISOString(),
      receivedAt: iso(m.receivedAt),
      answeredAt: iso(m.answeredAt),
      arrivedAt: iso(m.arrivedAt),
      completedAt: iso(m.completedAt),
      closedAt: iso(m.closedAt),
      overdueAt: iso(m.overdueAt),
    },
    answeredWithinDeadline: m.answeredAt ? m.answeredAt.getTime() <= s.deadlineAt.getTime() : null,
    rejectionReason: s.rejectionReason,
    parentReferralId: s.parentReferralId,
    linkedReferralId: s.linkedReferralId,
  };
}

function typeAndData(change: ReferralChange, referral: ReferralSnapshot): { type: string; data: unknown } {
  const T = EventTypes.referral;
  switch (change.kind) {
    case 'requested':
      return { type: T.requested, data: { referral } };
    case 'received':
      return { type: T.received, data: { referral } };
    case 'released':
      return { type: T.released, data: { referral } };
    case 'accepted':
      return { type: T.accepted, data: { referral, expectedArrivalAt: change.expectedArrivalAt.toISOString() } };
    case 'rejected':
      return { type: T.rejected, data: { referral, reasonCode: change.reasonCode } };
    case 'returned':
      return { type: T.returnedWithAdvice, data: { referral } };
    case 'cancelled':
      return { type: T.cancelled, data: { referral } };
    case 'arrived':
      return { type: T.arrived, data: { referral } };
    case 'completed':
      return { type: T.completed, data: { referral, returnReferralId: change.returnReferralId } };
    case 'response-overdue':
      return { type: T.responseOverdue, data: { referral, overdueBySeconds: change.overdueBySeconds } };
    case 'expired':
      return { type: T.expired, data: { referral } };
    default:
      return assertNever(change);
  }
}

/** The aggregate's pending changes as outbox drafts, keyed by referral id; version v is history line v. */
export function referralEventDrafts(referral: Referral, actor: Actor, at: Date): EventDraft[] {
  const s = referral.snapshot;
  return referral.pullChanges().map(({ change, version }) => ({
    ...typeAndData(change, toReferralSnapshot(s, version, s.history[version - 1]?.to ?? s.status)),
    aggregateType: 'referral',
    aggregateId: s.id,
    sequence: version,
    division: s.from.divisionCode,
    subject: s.id,
    actor,
    time: at,
  }));
}
