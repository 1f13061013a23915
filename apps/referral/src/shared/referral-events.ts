import { EventTypes, ReferralEventType, ReferralSnapshot, TypedEvent } from '@yiyang/contracts';
import { assertNever, maskResidentId } from '@yiyang/kernel';
import { Milestones, PartyFacts, ReferralChange, ReferralState } from '../domain/referral';

/** An institution as referral events carry it (no name, no location). */
export const referralParty = (p: PartyFacts) => ({
  institutionId: p.institutionId,
  category: p.category,
  kind: p.kind,
  divisionCode: p.divisionCode,
});
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The milestones as ISO instants: what events and responses show of them. */
export function isoMilestones(m: Milestones) {
  return {
    requestedAt: m.requestedAt.toISOString(),
    receivedAt: iso(m.receivedAt),
    answeredAt: iso(m.answeredAt),
    arrivedAt: iso(m.arrivedAt),
    completedAt: iso(m.completedAt),
    closedAt: iso(m.closedAt),
    overdueAt: iso(m.overdueAt),
  };
}

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
    from: referralParty(s.from),
    to: referralParty(s.to),
    agreementId: s.agreementId,
    patientRef: s.patientRef,
    maskedIdNumber: maskResidentId(s.patient.idNumber),
    indication: s.clinical.indication,
    deadlineAt: s.deadlineAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    milestones: isoMilestones(m),
    answeredWithinDeadline: m.answeredAt ? m.answeredAt.getTime() <= s.deadlineAt.getTime() : null,
    rejectionReason: s.rejectionReason,
    parentReferralId: s.parentReferralId,
    linkedReferralId: s.linkedReferralId,
    attachmentCount: s.attachments.length,
  };
}

/**
 * The event one recorded change becomes. `version` is the version the change produced: the referral is
 * shown as it was then for status (history line v), and as it is after the whole write otherwise.
 * An attachment publishes nothing (null): a version and a history line only; the next event counts it.
 */
export function referralEvent(change: ReferralChange, s: Readonly<ReferralState>, version: number): TypedEvent<ReferralEventType> | null {
  const referral = toReferralSnapshot(s, version, s.history[version - 1]?.to ?? s.status);
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
    case 'attached':
      return null;
    default:
      return assertNever(change);
  }
}
