import {
  DOWN_INDICATIONS,
  Indication,
  InstitutionKind,
  ReferralDirection,
  ReferralPriority,
  ReferralStatus,
  UP_INDICATIONS,
} from '@yiyang/contracts';
import { DomainError } from '@yiyang/kernel';
import { AgreementCover, CoverService, PartyFacts, ReferralAction, Side } from './referral.types';

export const rule = (code: string, message: string) => new DomainError(code, 'rule', message);

/** Medical institutions that may receive a DOWN referral besides elderly-care ones (SPEC §4.3). */
const DOWN_MEDICAL_KINDS: readonly InstitutionKind[] = ['REHABILITATION_HOSPITAL', 'NURSING_HOSPITAL', 'HOSPICE'];

const isElderly = (p: PartyFacts) => p.category === 'ELDERLY_CARE' || p.category === 'COMBINED';
const isMedical = (p: PartyFacts) => p.category === 'MEDICAL' || p.category === 'COMBINED';

/** UP: elderly-care → medical; DOWN: medical → elderly-care, rehab, nursing or hospice. */
export function checkDirection(direction: ReferralDirection, from: PartyFacts, to: PartyFacts): void {
  if (from.institutionId === to.institutionId) throw rule('SAME_INSTITUTION', 'a referral goes from one institution to another');
  const fits =
    direction === 'UP' ? isElderly(from) && isMedical(to) : isMedical(from) && (isElderly(to) || DOWN_MEDICAL_KINDS.includes(to.kind));
  if (!fits) {
    throw rule(
      'DIRECTION_MISMATCH',
      direction === 'UP'
        ? 'an UP referral goes from an elderly-care institution to a medical one'
        : 'a DOWN referral goes from a medical institution to an elderly-care, rehabilitation, nursing or hospice institution',
    );
  }
  for (const party of [from, to]) {
    if (party.status !== 'ACTIVE') throw rule('PARTY_NOT_ACTIVE', `institution ${party.institutionId} is ${party.status}, not ACTIVE`);
  }
}

export function checkIndication(direction: ReferralDirection, indication: Indication): void {
  const allowed: readonly string[] = direction === 'UP' ? UP_INDICATIONS : DOWN_INDICATIONS;
  if (!allowed.includes(indication))
    throw rule('INDICATION_DIRECTION_MISMATCH', `${indication} is not a reason for a ${direction} referral (${allowed.join(', ')})`);
}

/** The agreement service a referral goes under: two-way referral, or the green channel for an emergency. */
export function coveringService(priority: ReferralPriority, cover: AgreementCover | null): CoverService | null {
  if (!cover) return null;
  if (cover.twoWayReferral) return 'TWO_WAY_REFERRAL';
  if (priority === 'EMERGENCY' && cover.greenChannel) return 'EMERGENCY_GREEN_CHANNEL';
  return null;
}

/** For an agreement look-up: which institution of the pair is the elderly-care party. */
export function agreementPair(direction: ReferralDirection, from: PartyFacts, to: PartyFacts): { elderlyId: string; medicalId: string } {
  return direction === 'UP'
    ? { elderlyId: from.institutionId, medicalId: to.institutionId }
    : { elderlyId: to.institutionId, medicalId: from.institutionId };
}

/** Who may take each step, and from which states (SPEC §4.3): the receiver moves it forward, the sender cancels. */
export const TRANSITIONS: Record<ReferralAction, { side: Side; from: readonly ReferralStatus[]; to: ReferralStatus }> = {
  receive: { side: 'receiver', from: ['REQUESTED'], to: 'RECEIVED' },
  release: { side: 'receiver', from: ['RECEIVED'], to: 'REQUESTED' },
  accept: { side: 'receiver', from: ['RECEIVED'], to: 'ACCEPTED' },
  reject: { side: 'receiver', from: ['RECEIVED'], to: 'REJECTED' },
  return: { side: 'receiver', from: ['RECEIVED'], to: 'RETURNED_WITH_ADVICE' },
  // SPEC §4.3: cancellation ends at ACCEPTED; a resident who has arrived is completed or returned
  cancel: { side: 'sender', from: ['REQUESTED', 'RECEIVED', 'ACCEPTED'], to: 'CANCELLED' },
  arrive: { side: 'receiver', from: ['ACCEPTED'], to: 'ARRIVED' },
  complete: { side: 'receiver', from: ['ARRIVED'], to: 'COMPLETED' },
};

/** Statuses still waiting for the receiver's answer: the response deadline runs while in these. */
export const AWAITING_ANSWER: readonly ReferralStatus[] = ['REQUESTED', 'RECEIVED'];
