import { ReferralDirection, ReferralPriority, ReferralStatus, RejectionReason } from '@yiyang/contracts';
import { Aggregate, DomainError, chinaDate } from '@yiyang/kernel';
import { ErrorCodes } from './error-codes';
import {
  LifecycleAction,
  TRANSITIONS,
  checkDirection,
  checkIndication,
  checkReceiverLicence,
  coveringService,
  rule,
} from './referral.rules';
import {
  AgreementCover,
  Attachment,
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
    side === 'receiver' ? ErrorCodes.REFERRAL_NOT_RECEIVER : ErrorCodes.REFERRAL_NOT_SENDER,
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
 * CANCELLED by the sender up to and including ACCEPTED (a resident who has arrived is completed, not
 * cancelled); EXPIRED when unanswered past the limit. The table is `TRANSITIONS` in referral.rules.
 */
export class Referral extends Aggregate<ReferralState, ReferralChange> {
  private constructor(state: ReferralState) {
    super(state);
  }

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
    checkReceiverLicence(r.to, chinaDate(at));
    const via = coveringService(r.priority, r.cover);
    if (!via || !r.cover) {
      throw rule(
        ErrorCodes.AGREEMENT_REQUIRED,
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
      history: [
        {
          at,
          action: 'request',
          from: null,
          to: 'REQUESTED',
          actorId: r.actor.userId,
          actorRole: r.actor.role,
          actorName: r.actor.name ?? null,
          code: r.priority,
        },
      ],
      attachments: [],
      createdAt: at,
      updatedAt: at,
    });
    referral.recordCreation({ kind: 'requested' });
    return referral;
  }

  static restore(state: ReferralState): Referral {
    return new Referral({ ...state, history: [...state.history], attachments: [...state.attachments] });
  }

  /** Whether this institution is the sender or the receiver (others get a 404). */
  involves(institutionId: string | null): boolean {
    return institutionId === this.state.from.institutionId || institutionId === this.state.to.institutionId;
  }

  /** The steps this caller may take now: what `GET /v1/referrals/{id}` lists as allowedActions. */
  allowedActions(actor: ReferralActor): ReferralAction[] {
    return REFERRAL_ACTIONS.filter(
      (action) => this.isSide(actor, TRANSITIONS.table[action].side) && TRANSITIONS.allows(action, this.state.status),
    );
  }

  /** The desk claims it: it is being looked at (releasable). */
  receive(actor: ReferralActor, at: Date): void {
    this.step('receive', actor, at, null, { kind: 'received' }, () => ({
      claimedBy: actor.userId,
      milestones: { ...this.state.milestones, receivedAt: this.state.milestones.receivedAt ?? at },
    }));
  }

  /** The claim is given back to the queue. */
  release(actor: ReferralActor, at: Date): void {
    this.step('release', actor, at, null, { kind: 'released' }, () => ({ claimedBy: null }));
  }

  accept(actor: ReferralActor, expectedArrivalAt: Date, at: Date): void {
    this.step('accept', actor, at, null, { kind: 'accepted', expectedArrivalAt }, () => {
      if (expectedArrivalAt.getTime() < this.state.milestones.requestedAt.getTime())
        throw rule(ErrorCodes.ARRIVAL_BEFORE_REQUEST, 'the expected arrival cannot be before the referral was requested');
      return { expectedArrivalAt, milestones: { ...this.state.milestones, answeredAt: at } };
    });
  }

  reject(actor: ReferralActor, reasonCode: RejectionReason, comment: string, at: Date): void {
    this.step('reject', actor, at, reasonCode, { kind: 'rejected', reasonCode }, () => ({
      rejectionReason: reasonCode,
      notes: { ...this.state.notes, rejectionComment: comment },
      milestones: { ...this.state.milestones, answeredAt: at, closedAt: at },
    }));
  }

  /** Not a transfer: the receiver answers with advice for care where the resident is. */
  returnWithAdvice(actor: ReferralActor, advice: string, at: Date): void {
    this.step('return', actor, at, null, { kind: 'returned' }, () => ({
      notes: { ...this.state.notes, advice },
      milestones: { ...this.state.milestones, answeredAt: at, closedAt: at },
    }));
  }

  cancel(actor: ReferralActor, reason: string, at: Date): void {
    this.step('cancel', actor, at, null, { kind: 'cancelled' }, () => ({
      notes: { ...this.state.notes, cancellationReason: reason },
      milestones: { ...this.state.milestones, closedAt: at },
    }));
  }

  arrive(actor: ReferralActor, at: Date): void {
    this.step('arrive', actor, at, null, { kind: 'arrived' }, () => ({ milestones: { ...this.state.milestones, arrivedAt: at } }));
  }

  /**
   * The receiver completes the stay with a discharge summary. `returnReferralId` links the DOWN
   * referral created with it (UP referrals only: the resident goes back to a nursing home).
   */
  complete(actor: ReferralActor, dischargeSummary: string, returnReferralId: string | null, at: Date): void {
    this.step('complete', actor, at, returnReferralId ? 'RETURN_DOWN' : null, { kind: 'completed', returnReferralId }, () => {
      if (!dischargeSummary.trim()) throw rule(ErrorCodes.DISCHARGE_SUMMARY_REQUIRED, 'completing a referral needs a discharge summary');
      if (returnReferralId && this.state.direction !== 'UP')
        throw rule(ErrorCodes.RETURN_ONLY_AFTER_UP, 'only an UP referral is completed with a return to a nursing home');
      return {
        linkedReferralId: returnReferralId,
        notes: { ...this.state.notes, dischargeSummary },
        milestones: { ...this.state.milestones, completedAt: at, closedAt: at },
      };
    });
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
      throw rule(ErrorCodes.RETURN_ONLY_AFTER_UP, 'only an UP referral is completed with a return to a nursing home');
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

  /**
   * The side the actor attaches files for, if they may attach one now: staff of the sender or the
   * receiver (403 REFERRAL_NOT_PARTY otherwise), while the referral is open (409 through the table).
   * Checked before the file is stored, and again when it is attached.
   */
  attachingSide(actor: ReferralActor): Side {
    const side = this.sideOf(actor);
    if (!side)
      throw new DomainError(ErrorCodes.REFERRAL_NOT_PARTY, 'forbidden', 'only the sending or receiving institution’s staff attach files');
    TRANSITIONS.check('attach', this.state.status);
    return side;
  }

  /**
   * A file (already stored, encrypted) joins the referral: a version and a history line, the status
   * unchanged. It publishes no event; the next event's snapshot counts it.
   */
  attach(actor: ReferralActor, attachment: Omit<Attachment, 'side' | 'uploadedBy' | 'at'>, at: Date): Attachment {
    const side = this.attachingSide(actor);
    if (this.state.attachments.some((a) => a.id === attachment.id)) throw new Error(`attachment ${attachment.id} is already attached`);
    const added: Attachment = { ...attachment, side, uploadedBy: actor.userId, at };
    this.move(
      this.state.status,
      'attach',
      actor,
      at,
      null,
      { kind: 'attached', attachmentId: added.id },
      {
        attachments: [...this.state.attachments, added],
      },
    );
    return added;
  }

  /** The response deadline passed without an answer: escalate once (the status stays). */
  markOverdue(now: Date): void {
    TRANSITIONS.check('mark overdue', this.state.status);
    if (this.state.milestones.overdueAt) throw rule(ErrorCodes.ALREADY_OVERDUE, 'the referral has already been escalated');
    if (now.getTime() < this.state.deadlineAt.getTime()) throw rule(ErrorCodes.NOT_YET_OVERDUE, 'the response deadline has not passed');
    const overdueBySeconds = Math.floor((now.getTime() - this.state.deadlineAt.getTime()) / 1000);
    this.move(
      this.state.status,
      'escalate-overdue',
      SYSTEM,
      now,
      null,
      { kind: 'response-overdue', overdueBySeconds },
      {
        milestones: { ...this.state.milestones, overdueAt: now },
      },
    );
  }

  /** Still unanswered past the longer limit: EXPIRED, with an event (never a silent removal). */
  expire(now: Date): void {
    const to = TRANSITIONS.check('expire', this.state.status).to ?? 'EXPIRED';
    if (now.getTime() < this.state.expiresAt.getTime())
      throw rule(ErrorCodes.NOT_YET_EXPIRED, 'the referral has not reached its expiry limit');
    this.move(
      to,
      'expire',
      SYSTEM,
      now,
      null,
      { kind: 'expired' },
      { claimedBy: null, milestones: { ...this.state.milestones, closedAt: now } },
    );
  }

  private isSide(actor: ReferralActor, side: Side | 'either' | 'system'): boolean {
    if (side === 'system') return false;
    if (side === 'either') return this.sideOf(actor) !== null;
    return Referral.isStaffOf(actor, side === 'sender' ? this.state.from.institutionId : this.state.to.institutionId);
  }

  /** Which side the actor is staff of, if either. */
  private sideOf(actor: ReferralActor): Side | null {
    if (Referral.isStaffOf(actor, this.state.from.institutionId)) return 'sender';
    if (Referral.isStaffOf(actor, this.state.to.institutionId)) return 'receiver';
    return null;
  }

  /**
   * A staff step: the acting side first (403), then the status (409, through the table), then the
   * step's own rules in `patch` (422); what it returns is applied with the status the table names.
   */
  private step(
    action: ReferralAction,
    actor: ReferralActor,
    at: Date,
    code: string | null,
    change: ReferralChange,
    patch: () => Patch,
  ): void {
    const side = TRANSITIONS.table[action].side;
    if (!this.isSide(actor, side)) throw notSide(side === 'sender' ? 'sender' : 'receiver');
    const to = TRANSITIONS.check(action, this.state.status).to ?? this.state.status;
    this.move(to, action, actor, at, code, change, patch());
  }

  /** The one place the state changes: the patch, the status and a history line recorded together with the change. */
  private move(
    to: ReferralStatus,
    action: LifecycleAction | 'escalate-overdue',
    actor: ReferralActor,
    at: Date,
    code: string | null,
    change: ReferralChange,
    patch: Patch,
  ): void {
    const entry: HistoryEntry = {
      at,
      action,
      from: this.state.status,
      to,
      actorId: actor.userId,
      actorRole: actor.role,
      actorName: actor.name ?? null,
      code,
    };
    this.record(change, { ...patch, status: to, history: [...this.state.history, entry] }, at);
  }
}

type Patch = Partial<Omit<ReferralState, 'id' | 'version' | 'updatedAt' | 'status' | 'history'>>;
