import {
  DOWN_INDICATIONS,
  Indication,
  InstitutionKind,
  ReferralDirection,
  ReferralPriority,
  ReferralStatus,
  UP_INDICATIONS,
  licenceInForce,
} from '@yiyang/contracts';
import { DomainError, StateMachine, Transition } from '@yiyang/kernel';
import { ErrorCode, ErrorCodes } from './error-codes';
import { AgreementCover, CoverService, PartyFacts, ReferralAction, Side } from './referral.types';

export const rule = (code: ErrorCode, message: string) => new DomainError(code, 'rule', message);

/** Medical institutions that may receive a DOWN referral besides elderly-care ones (SPEC §4.3). */
const DOWN_MEDICAL_KINDS: readonly InstitutionKind[] = ['REHABILITATION_HOSPITAL', 'NURSING_HOSPITAL', 'HOSPICE'];

const isElderly = (p: PartyFacts) => p.category === 'ELDERLY_CARE' || p.category === 'COMBINED';
const isMedical = (p: PartyFacts) => p.category === 'MEDICAL' || p.category === 'COMBINED';

/**
 * Institutions that take a recovering patient DOWN and send them back UP: elderly-care ones, and the
 * continuing-care medical kinds (rehabilitation, nursing, hospice), which cooperate with a hospital
 * under a CONTINUING_CARE agreement (issue 14 rule 1) as the elderly-care party does under the others.
 */
const isContinuingCare = (p: PartyFacts) => isElderly(p) || DOWN_MEDICAL_KINDS.includes(p.kind);

/**
 * UP: elderly-care or continuing-care → medical; DOWN: medical → elderly-care or continuing-care
 * (rehabilitation, nursing, hospice). Which pairs may actually refer is the agreement's business.
 */
export function checkDirection(direction: ReferralDirection, from: PartyFacts, to: PartyFacts): void {
  if (from.institutionId === to.institutionId) throw rule(ErrorCodes.SAME_INSTITUTION, 'a referral goes from one institution to another');
  const fits = direction === 'UP' ? isContinuingCare(from) && isMedical(to) : isMedical(from) && isContinuingCare(to);
  if (!fits) {
    throw rule(
      ErrorCodes.DIRECTION_MISMATCH,
      direction === 'UP'
        ? 'an UP referral goes from an elderly-care, rehabilitation, nursing or hospice institution to a medical one'
        : 'a DOWN referral goes from a medical institution to an elderly-care, rehabilitation, nursing or hospice institution',
    );
  }
  for (const party of [from, to]) {
    if (party.status !== 'ACTIVE')
      throw rule(ErrorCodes.PARTY_NOT_ACTIVE, `institution ${party.institutionId} is ${party.status}, not ACTIVE`);
  }
}

/**
 * A medical institution whose practice licence has lapsed receives no new referral until it is
 * renewed (issue 14 rule 4); `today` is a China-time date. A receiver without a licence (elderly
 * care) is not judged here.
 */
export function checkReceiverLicence(to: PartyFacts, today: string): void {
  if (!licenceInForce(to, today))
    throw rule(
      ErrorCodes.RECEIVER_LICENCE_LAPSED,
      `the receiving institution's medical practice licence lapsed after ${to.licenceValidTo}; it receives no new referral until renewed`,
    );
}

export function checkIndication(direction: ReferralDirection, indication: Indication): void {
  const allowed: readonly string[] = direction === 'UP' ? UP_INDICATIONS : DOWN_INDICATIONS;
  if (!allowed.includes(indication))
    throw rule(
      ErrorCodes.INDICATION_DIRECTION_MISMATCH,
      `${indication} is not a reason for a ${direction} referral (${allowed.join(', ')})`,
    );
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

/** Statuses still waiting for the receiver's answer: the response deadline runs while in these. */
export const AWAITING_ANSWER: readonly ReferralStatus[] = ['REQUESTED', 'RECEIVED'];

/** Statuses a file may be attached in: while the referral is open (not once it is closed, whatever closed it). */
export const ATTACHABLE: readonly ReferralStatus[] = ['REQUESTED', 'RECEIVED', 'ACCEPTED', 'ARRIVED'];

/**
 * The life cycle's actions: the eight staff steps, attaching a file (either side; the status stays),
 * and the deadline job's two (the system acts).
 */
export type LifecycleAction = ReferralAction | 'attach' | 'mark overdue' | 'expire';

/** A row of the life cycle: besides from and to, which side of the referral takes the step. */
export interface ReferralTransition extends Transition<ReferralStatus> {
  readonly side: Side | 'either' | 'system';
}

/**
 * Who may take each step, from which statuses, to which (SPEC §4.3): the receiver moves it forward,
 * the sender cancels (from REQUESTED, RECEIVED or ACCEPTED: once the resident has arrived, the stay
 * ends with completion), the deadline job escalates and expires what is still unanswered.
 */
export const TRANSITIONS = new StateMachine<LifecycleAction, ReferralStatus, ReferralTransition>({
  receive: { side: 'receiver', from: ['REQUESTED'], to: 'RECEIVED' },
  release: { side: 'receiver', from: ['RECEIVED'], to: 'REQUESTED' },
  accept: { side: 'receiver', from: ['RECEIVED'], to: 'ACCEPTED' },
  reject: { side: 'receiver', from: ['RECEIVED'], to: 'REJECTED' },
  return: { side: 'receiver', from: ['RECEIVED'], to: 'RETURNED_WITH_ADVICE' },
  cancel: { side: 'sender', from: ['REQUESTED', 'RECEIVED', 'ACCEPTED'], to: 'CANCELLED' },
  arrive: { side: 'receiver', from: ['ACCEPTED'], to: 'ARRIVED' },
  complete: { side: 'receiver', from: ['ARRIVED'], to: 'COMPLETED' },
  // a file added by the sender or the receiver while the referral is open: the status stays
  attach: { side: 'either', from: ATTACHABLE },
  // escalation once past the response deadline: the status stays
  'mark overdue': { side: 'system', from: AWAITING_ANSWER },
  expire: { side: 'system', from: AWAITING_ANSWER, to: 'EXPIRED' },
});
