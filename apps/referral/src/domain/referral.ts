import { ReferralDirection, ReferralPriority, ReferralStatus, RejectionReason } from '@yiyang/contracts';
import { DomainError, InvalidTransitionError, PendingChanges, checkVersion } from '@yiyang/kernel';
import { AWAITING_ANSWER, TRANSITIONS, checkDirection, checkIndication, coveringService, rule } from './referral.rules';
import {
  AgreementCover,
  Clinical,
  DeadlinePolicy,
  HistoryEntry,
  Patient,
  PartyFacts,
  REFERRAL_ACTIONS,
  ReferralAction,
  ReferralActor,
  ReferralChange,
  ReferralState,
  STAFF_ROLES,
  Side,
} from './referral.types';

export * from './referral.types';

const SYSTEM: ReferralActor = { userId: 'system', role: 'system', institutionId: null };
const notSide = (side: Side) =>
  new DomainError(
    side === 'receiver' ? 'REFERRAL_NOT_RECEIVER' : 'REFERRAL_NOT_SENDER',
    'forbidden',
    `only the ${side === 'receiver' ? 'receiving' : 'sending'} institution’s staff take this step`,
  );

export interface ReferralRequest {
  id: string;
  direction: ReferralDirection;
  priority: ReferralPriority;
  from: PartyFacts;
  to: PartyFacts;
  patient: Patient;
  patientRef: string;
  clinical: Clinical;
  /** the pair's agreement in force, from this service's read model (null: none) */
  cover: AgreementCover | null;
  actor: ReferralActor;
  deadlines: DeadlinePolicy;
  parentReferralId?: string;
}

/**
 * A two-way referral (双向转诊). Guards who may move it and from which state (SPEC §4.3):
 * REQUESTED ⇄ RECEIVED → ACCEPTED → ARRIVED → COMPLETED, or REJECTED | RETURNED_WITH_ADVICE;
 * CANCELLED by the sender until it is accepted (an arrived resident is completed, not cancelled);
 * EXPIRED when unanswered past the limit.
 */
export class Referral {
  private readonly pending = new PendingChanges<ReferralChange>();

  private constructor(private state: ReferralState) {}

  /** Whether the actor is staff of the institution (a role that acts for it). */
  static isStaffOf(actor: ReferralActor, institutionId: string): boolean {
    return actor.institutionId === institutionId && (STAFF_ROLES as readonly string[]).includes(actor.role);
  }

  /**
   * The sender's staff request it. Checks run in this order so that the refusal for want of an
   * agreement (AGREEMENT_REQUIRED, which is published) is only ever about the agreement.
   */
  static request(r: ReferralRequest, at: Date): Referral {
    if (!Referral.isStaffOf(r.actor, r.from.institutionId)) throw notSide('sender');
    checkDirection(r.direction, r.from, r.to);
    checkIndication(r.direction, r.clinical.indication);
    const via = coveringService(r.priority, r.cover);
    if (!via || !r.cover) {
      throw rule(
        'AGREEMENT_REQUIRED',
        r.priority === 'EMERGENCY'
          ? 'the two institutions have no cooperation agreement in force covering two-way referral or the emergency green channel'
          : 'the two institutions have no cooperation agreement in force covering two-way referral',
      );
    }
    const referral = new Referral({
      id: r.id,
      version: 1,
      status: 'REQUESTED',
      direction: r.direction,
      priority: r.priority,
      from: r.from,
      to: r.to,
      agreementId: r.cover.agreementId,
      via,
      patient: r.patient,
      patientRef: r.patientRef,
      clinical: r.clinical,
      deadlineAt: new Date(at.getTime() + r.deadlines.responseMs[r.priority]),
      expiresAt: new Date(at.getTime() + r.deadlines.expiryMs[r.priority]),
      milestones: {
        requestedAt: at,
        receivedAt: null,
        answeredAt: null,
        arrivedAt: null,
        completedAt: null,
        closedAt: null,
        overdueAt: null,
      },
      claimedBy: null,
      expectedArrivalAt: null,
      rejectionReason: null,
      notes: { rejectionComment: null, advice: null, cancellationReason: null, dischargeSummary: null },
      parentReferralId: r.parentReferralId ?? null,
      linkedReferralId: null,
      history: [{ at, action: 'request', from: null, to: 'REQUESTED', actorId: r.actor.userId, actorRole: r.actor.role, code: r.priority }],
      createdAt: at,
      updatedAt: at,
    });
    referral.pending.record({ kind: 'requested' });
    return referral;
  }

  static restore(state: ReferralState): Referral {
    return new Referral({ ...state, history: [...state.history] });
  }

  get snapshot(): Readonly<ReferralState> {
    return this.state;
  }

  pullChanges(): { change: ReferralChange; version: number }[] {
    return this.pending.pull(this.state.version);
  }

  checkVersion(expected: number): void {
    checkVersion(expected, this.state.version);
  }

  /** Whether this institution is the sender or the receiver (others get a 404). */
  involves(institutionId: string | null): boolean {
    return institutionId === this.state.from.institutionId || institutionId === this.state.to.institutionId;
  }

  /** The steps this caller may take now: what `GET /v1/referrals/{id}` lists as allowedActions. */
  allowedActions(actor: ReferralActor): ReferralAction[] {
    return REFERRAL_ACTIONS.filter((action) => {
      const t = TRANSITIONS[action];
      return this.isSide(actor, t.side) && t.from.includes(this.state.status);
    });
  }

  /** The desk claims it: it is being looked at (releasable). */
  receive(actor: ReferralActor, at: Date): void {
    this.guard('receive', actor);
    this.state = {
      ...this.state,
      claimedBy: actor.userId,
      milestones: { ...this.state.milestones, receivedAt: this.state.milestones.receivedAt ?? at },
    };
    this.step('receive', actor, at, null, { kind: 'received' });
  }

  /** The claim is given back to the queue. */
  release(actor: ReferralActor, at: Date): void {
    this.guard('release', actor);
    this.state = { ...this.state, claimedBy: null };
    this.step('release', actor, at, null, { kind: 'released' });
  }

  accept(actor: ReferralActor, expectedArrivalAt: Date, at: Date): void {
    this.guard('accept', actor);
    if (expectedArrivalAt.getTime() < this.state.milestones.requestedAt.getTime())
      throw rule('ARRIVAL_BEFORE_REQUEST', 'the expected arrival cannot be before the referral was requested');
    this.state = { ...this.state, expectedArrivalAt, milestones: { ...this.state.milestones, answeredAt: at } };
    this.step('accept', actor, at, null, { kind: 'accepted', expectedArrivalAt });
  }

  reject(actor: ReferralActor, reasonCode: RejectionReason, comment: string, at: Date): void {
    this.guard('reject', actor);
    this.state = {
      ...this.state,
      rejectionReason: reasonCode,
      notes: { ...this.state.notes, rejectionComment: comment },
      milestones: { ...this.state.milestones, answeredAt: at, closedAt: at },
    };
    this.step('reject', actor, at, reasonCode, { kind: 'rejected', reasonCode });
  }

  /** Not a transfer: the receiver answers with advice for care where the resident is. */
  returnWithAdvice(actor: ReferralActor, advice: string, at: Date): void {
    this.guard('return', actor);
    this.state = {
      ...this.state,
      notes: { ...this.state.notes, advice },
      milestones: { ...this.state.milestones, answeredAt: at, closedAt: at },
    };
    this.step('return', actor, at, null, { kind: 'returned' });
  }

  cancel(actor: ReferralActor, reason: string, at: Date): void {
    this.guard('cancel', actor);
    this.state = {
      ...this.state,
      notes: { ...this.state.notes, cancellationReason: reason },
      milestones: { ...this.state.milestones, closedAt: at },
    };
    this.step('cancel', actor, at, null, { kind: 'cancelled' });
  }

  arrive(actor: ReferralActor, at: Date): void {
    this.guard('arrive', actor);
    this.state = { ...this.state, milestones: { ...this.state.milestones, arrivedAt: at } };
    this.step('arrive', actor, at, null, { kind: 'arrived' });
  }

  /**
   * The receiver completes the stay with a discharge summary. `returnReferralId` links the DOWN
   * referral created with it (UP referrals only: the resident goes back to a nursing home).
   */
  complete(actor: ReferralActor, dischargeSummary: string, returnReferralId: string | null, at: Date): void {
    this.guard('complete', actor);
    if (!dischargeSummary.trim()) throw rule('DISCHARGE_SUMMARY_REQUIRED', 'completing a referral needs a discharge summary');
    if (returnReferralId && this.state.direction !== 'UP')
      throw rule('RETURN_ONLY_AFTER_UP', 'only an UP referral is completed with a return to a nursing home');
    this.state = {
      ...this.state,
      linkedReferralId: returnReferralId,
      notes: { ...this.state.notes, dischargeSummary },
      milestones: { ...this.state.milestones, completedAt: at, closedAt: at },
    };
    this.step('complete', actor, at, returnReferralId ? 'RETURN_DOWN' : null, { kind: 'completed', returnReferralId });
  }

  /**
   * The DOWN referral that takes an UP referral's resident back: from the hospital that treated them
   * to `returnTo`, under the agreement between them, with the discharge summary as its summary.
   */
  returnReferral(
    input: {
      id: string;
      returnTo: PartyFacts;
      cover: AgreementCover | null;
      actor: ReferralActor;
      dischargeSummary: string;
      deadlines: DeadlinePolicy;
    },
    at: Date,
  ): Referral {
    if (this.state.direction !== 'UP')
      throw rule('RETURN_ONLY_AFTER_UP', 'only an UP referral is completed with a return to a nursing home');
    return Referral.request(
      {
        id: input.id,
        direction: 'DOWN',
        priority: 'ROUTINE',
        from: this.state.to,
        to: input.returnTo,
        patient: this.state.patient,
        patientRef: this.state.patientRef,
        clinical: { indication: 'STABLE_POST_ACUTE', icd10: this.state.clinical.icd10, summary: input.dischargeSummary, vitals: {} },
        cover: input.cover,
        actor: input.actor,
        deadlines: input.deadlines,
        parentReferralId: this.state.id,
      },
      at,
    );
  }

  /** The response deadline passed without an answer: escalate once (the status stays). */
  markOverdue(now: Date): void {
    if (!AWAITING_ANSWER.includes(this.state.status)) throw new InvalidTransitionError('mark overdue', this.state.status);
    if (this.state.milestones.overdueAt) throw rule('ALREADY_OVERDUE', 'the referral has already been escalated');
    if (now.getTime() < this.state.deadlineAt.getTime()) throw rule('NOT_YET_OVERDUE', 'the response deadline has not passed');
    this.state = { ...this.state, milestones: { ...this.state.milestones, overdueAt: now } };
    const overdueBySeconds = Math.floor((now.getTime() - this.state.deadlineAt.getTime()) / 1000);
    this.move(this.state.status, 'escalate-overdue', SYSTEM, now, null, { kind: 'response-overdue', overdueBySeconds });
  }

  /** Still unanswered past the longer limit: EXPIRED, with an event (never a silent removal). */
  expire(now: Date): void {
    if (!AWAITING_ANSWER.includes(this.state.status)) throw new InvalidTransitionError('expire', this.state.status);
    if (now.getTime() < this.state.expiresAt.getTime()) throw rule('NOT_YET_EXPIRED', 'the referral has not reached its expiry limit');
    this.state = { ...this.state, claimedBy: null, milestones: { ...this.state.milestones, closedAt: now } };
    this.move('EXPIRED', 'expire', SYSTEM, now, null, { kind: 'expired' });
  }

  private isSide(actor: ReferralActor, side: Side): boolean {
    return Referral.isStaffOf(actor, side === 'sender' ? this.state.from.institutionId : this.state.to.institutionId);
  }

  private guard(action: ReferralAction, actor: ReferralActor): void {
    const t = TRANSITIONS[action];
    if (!this.isSide(actor, t.side)) throw notSide(t.side);
    if (!t.from.includes(this.state.status)) throw new InvalidTransitionError(action, this.state.status);
  }

  /** A guarded step: to the state its transition names. */
  private step(action: ReferralAction, actor: ReferralActor, at: Date, code: string | null, change: ReferralChange): void {
    this.move(TRANSITIONS[action].to, action, actor, at, code, change);
  }

  private move(to: ReferralStatus, action: string, actor: ReferralActor, at: Date, code: string | null, change: ReferralChange): void {
    const entry: HistoryEntry = { at, action, from: this.state.status, to, actorId: actor.userId, actorRole: actor.role, code };
    this.state = { ...this.state, status: to, version: this.state.version + 1, updatedAt: at, history: [...this.state.history, entry] };
    this.pending.record(change);
  }
}
