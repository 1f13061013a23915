import { AgreementStatus } from '@yiyang/contracts';
import { InvalidTransitionError, PendingChanges, addDays, checkVersion, daysBetween } from '@yiyang/kernel';
import { checkParties, checkTerms, conflict, dueReminder, rule, wrongParty } from './agreement.rules';
import {
  AgreementActor,
  AgreementChange,
  AgreementState,
  AgreementTerms,
  AmendableContent,
  HistoryEntry,
  PartyFacts,
  RevisionRecord,
  Side,
} from './agreement.types';

export * from './agreement.types';

const SYSTEM: AgreementActor = { userId: 'system', role: 'system', institutionId: null, name: null };
const ROLE_OF: Record<Side, AgreementActor['role']> = { elderly: 'elderly-admin', medical: 'medical-admin' };
const PARTY_NAME: Record<Side, string> = { elderly: 'elderly-care', medical: 'medical' };
const other = (side: Side): Side => (side === 'elderly' ? 'medical' : 'elderly');
/** In force, or about to be: what termination, amendment and sanctions concern. */
const IN_FORCE: AgreementStatus[] = ['SIGNED', 'ACTIVE'];
/** Not yet countersigned: what its proposer may still take back. */
const WITHDRAWABLE: AgreementStatus[] = ['DRAFT', 'SUBMITTED'];
/** Refused or taken back: what may be copied into a new draft. */
const COPYABLE: AgreementStatus[] = ['REJECTED', 'WITHDRAWN'];

const contentOf = (s: AgreementTerms): AmendableContent => ({
  services: s.services,
  fees: s.fees,
  responsibilities: s.responsibilities,
  breachLiability: s.breachLiability,
  site: s.site,
  entrustment: s.entrustment,
  staff: s.staff,
  document: s.document,
});
const entry = (
  at: Date,
  action: string,
  from: AgreementStatus | null,
  to: AgreementStatus,
  actor: AgreementActor,
  reason: string | null,
): HistoryEntry => ({
  at,
  action,
  from,
  to,
  actorId: actor.userId,
  actorRole: actor.role,
  actorName: actor.name ?? null,
  reason,
});

function sameContent(a: AmendableContent, b: AmendableContent): boolean {
  const keys: (keyof AmendableContent)[] = [
    'services',
    'fees',
    'responsibilities',
    'breachLiability',
    'site',
    'entrustment',
    'staff',
    'document',
  ];
  return keys.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

function sameTerms(a: AgreementTerms, b: AgreementTerms): boolean {
  return (
    a.mode === b.mode && a.term.effectiveFrom === b.term.effectiveFrom && a.term.effectiveTo === b.term.effectiveTo && sameContent(a, b)
  );
}

/**
 * A cooperation agreement (签约合作). Guards who may move it and from which state (SPEC §4.2):
 * DRAFT → SUBMITTED (elderly party) → SIGNED → ACTIVE (the other party countersigns; ACTIVE at
 * effectiveFrom) | REJECTED; SIGNED | ACTIVE → TERMINATED (either party) | EXPIRED (after effectiveTo).
 * Renewal starts a successor; amendments are proposed by one party and countersigned by the other.
 * Before countersignature: the filer edits a DRAFT, the proposer withdraws it (DRAFT | SUBMITTED → WITHDRAWN);
 * a REJECTED or WITHDRAWN agreement is copied into a new DRAFT.
 */
export class Agreement {
  private readonly pending = new PendingChanges<AgreementChange>();
  /** revisions both parties signed in this unit of work, for the store to keep */
  private signedRevisions: RevisionRecord[] = [];

  private constructor(private state: AgreementState) {}

  static draft(
    input: {
      id: string;
      elderlyParty: PartyFacts;
      medicalParty: PartyFacts;
      terms: AgreementTerms;
      actor: AgreementActor;
      copiedFrom?: string;
    },
    at: Date,
  ): Agreement {
    const { elderlyParty, medicalParty, terms, actor } = input;
    if (actor.role !== 'elderly-admin' || actor.institutionId !== elderlyParty.institutionId) {
      throw wrongParty('only an elderly-admin of the elderly-care party files an agreement');
    }
    checkParties(elderlyParty, medicalParty, terms.mode);
    checkTerms(terms);
    const copiedFrom = input.copiedFrom ?? null;
    return new Agreement({
      ...Agreement.fresh(input.id, elderlyParty, medicalParty, terms, at),
      copiedFrom,
      history: [entry(at, copiedFrom ? 'copy' : 'draft', null, 'DRAFT', actor, copiedFrom ? `copy of ${copiedFrom}` : null)],
    });
  }

  /**
   * The elderly-care party starts a new DRAFT with the content of a REJECTED or WITHDRAWN agreement
   * (`copiedFrom` links them); the parties' current facts and every content rule are checked again.
   */
  static copy(
    input: { id: string; source: Agreement; parties: { elderly: PartyFacts; medical: PartyFacts }; actor: AgreementActor },
    at: Date,
  ): Agreement {
    const source = input.source;
    source.requireParty(input.actor, 'elderly');
    source.requireStatus('copy', ...COPYABLE);
    const s = source.state;
    return Agreement.draft(
      {
        id: input.id,
        elderlyParty: input.parties.elderly,
        medicalParty: input.parties.medical,
        terms: { ...contentOf(s), mode: s.mode, term: { ...s.term } },
        actor: input.actor,
        copiedFrom: s.id,
      },
      at,
    );
  }

  /**
   * Either party of an ACTIVE agreement proposes its successor: the same content over a new term that
   * follows the old one (by default from the day after effectiveTo). The other party countersigns it.
   */
  static renew(
    input: {
      id: string;
      predecessor: Agreement;
      parties: { elderly: PartyFacts; medical: PartyFacts };
      effectiveFrom?: string;
      effectiveTo: string;
      alreadyRenewed: boolean;
      actor: AgreementActor;
    },
    at: Date,
  ): Agreement {
    const p = input.predecessor;
    const side = p.sideOf(input.actor);
    p.requireStatus('renew', 'ACTIVE');
    const old = p.state;
    if (old.termination)
      throw rule(
        'AGREEMENT_BEING_TERMINATED',
        `the agreement is being terminated on ${old.termination.effectiveOn}; file a new one instead`,
      );
    if (input.alreadyRenewed) throw conflict('ALREADY_RENEWED', 'this agreement already has a successor awaiting signature or in force');
    const effectiveFrom = input.effectiveFrom ?? addDays(old.term.effectiveTo, 1);
    if (effectiveFrom <= old.term.effectiveTo) {
      throw rule('RENEWAL_MUST_FOLLOW_TERM', `the renewed term must begin after the current one ends (${old.term.effectiveTo})`);
    }
    const terms: AgreementTerms = {
      mode: old.mode,
      services: old.services,
      fees: old.fees,
      responsibilities: old.responsibilities,
      breachLiability: old.breachLiability,
      site: old.site,
      entrustment: old.entrustment,
      staff: old.staff,
      document: old.document,
      term: { effectiveFrom, effectiveTo: input.effectiveTo },
    };
    checkParties(input.parties.elderly, input.parties.medical, terms.mode);
    checkTerms(terms);
    const successor = new Agreement({
      ...Agreement.fresh(input.id, input.parties.elderly, input.parties.medical, terms, at),
      status: 'SUBMITTED',
      proposedBy: side,
      predecessorId: old.id,
      history: [entry(at, 'renew', null, 'SUBMITTED', input.actor, `renewal of ${old.id}`)],
    });
    successor.pending.record({ kind: 'renewed', predecessorId: old.id });
    return successor;
  }

  private static fresh(id: string, elderlyParty: PartyFacts, medicalParty: PartyFacts, terms: AgreementTerms, at: Date): AgreementState {
    return {
      ...terms,
      id,
      version: 1,
      status: 'DRAFT',
      elderlyParty,
      medicalParty,
      proposedBy: 'elderly',
      predecessorId: null,
      copiedFrom: null,
      revision: 0,
      amendment: null,
      termination: null,
      lastReminder: null,
      sanctions: [],
      history: [],
      createdAt: at,
      updatedAt: at,
    };
  }

  static restore(state: AgreementState): Agreement {
    return new Agreement({ ...state, history: [...state.history] });
  }

  get snapshot(): Readonly<AgreementState> {
    return this.state;
  }

  pullChanges(): { change: AgreementChange; version: number }[] {
    return this.pending.pull(this.state.version);
  }

  /** Revisions countersigned since the aggregate was loaded (each kept for good: SPEC §4.2 "amendments are versioned"). */
  pullRevisions(): RevisionRecord[] {
    const out = this.signedRevisions;
    this.signedRevisions = [];
    return out;
  }

  checkVersion(expected: number): void {
    checkVersion(expected, this.state.version);
  }

  /** Whether this institution is one of the two parties (others get a 404). */
  involves(institutionId: string | null): boolean {
    return institutionId === this.state.elderlyParty.institutionId || institutionId === this.state.medicalParty.institutionId;
  }

  submit(actor: AgreementActor, at: Date): void {
    this.requireParty(actor, 'elderly');
    this.requireStatus('submit', 'DRAFT');
    this.move('submit', 'SUBMITTED', actor, at, null, { kind: 'submitted' });
  }

  /**
   * The filer replaces a DRAFT's content (mode, term, services, fees, …; not the parties), held to every
   * rule of a filing against the parties' current facts. A DRAFT is the filer's own: a version, no event.
   */
  edit(actor: AgreementActor, terms: AgreementTerms, parties: { elderly: PartyFacts; medical: PartyFacts }, at: Date): void {
    this.requireParty(actor, 'elderly');
    this.requireStatus('edit', 'DRAFT');
    checkParties(parties.elderly, parties.medical, terms.mode);
    checkTerms(terms);
    if (sameTerms(terms, this.state)) throw rule('EDIT_CHANGES_NOTHING', 'the draft already says this');
    this.state = {
      ...this.state,
      ...contentOf(terms),
      mode: terms.mode,
      term: { ...terms.term },
      elderlyParty: parties.elderly,
      medicalParty: parties.medical,
    };
    this.quiet('edit', 'DRAFT', actor, at, null);
  }

  /**
   * Its proposer takes it back before the other party countersigned: a DRAFT quietly (nobody else has
   * seen it), a SUBMITTED agreement with `agreement.withdrawn` so the other party hears of it.
   */
  withdraw(actor: AgreementActor, reason: string, at: Date): void {
    this.requireParty(actor, this.state.proposedBy);
    this.requireStatus('withdraw', ...WITHDRAWABLE);
    if (this.state.status === 'DRAFT') {
      this.quiet('withdraw', 'WITHDRAWN', actor, at, reason);
      return;
    }
    this.move('withdraw', 'WITHDRAWN', actor, at, reason, { kind: 'withdrawn', reason });
  }

  /**
   * The party that did not propose it countersigns, with the parties' current facts: still ACTIVE,
   * and no other ACTIVE or SIGNED agreement of the pair overlaps the term (`overlapping`, from the repository).
   */
  countersign(
    actor: AgreementActor,
    parties: { elderly: PartyFacts; medical: PartyFacts },
    overlapping: boolean,
    today: string,
    at: Date,
  ): void {
    this.requireParty(actor, other(this.state.proposedBy));
    this.requireStatus('countersign', 'SUBMITTED');
    checkParties(parties.elderly, parties.medical, this.state.mode);
    if (overlapping)
      throw rule(
        'OVERLAPPING_AGREEMENT',
        'the two institutions already have an ACTIVE or SIGNED agreement over an overlapping term; renew it instead',
      );
    if (this.state.term.effectiveTo <= today) throw rule('TERM_ALREADY_ENDED', 'the agreement’s term has already ended');
    this.state = { ...this.state, elderlyParty: parties.elderly, medicalParty: parties.medical };
    const proposal = [...this.state.history].reverse().find((h) => h.action === 'submit' || h.action === 'renew');
    this.signedRevisions.push({
      revision: this.state.revision,
      content: contentOf(this.state),
      proposedBy: this.state.proposedBy,
      proposedById: proposal?.actorId ?? 'unknown',
      proposedByName: proposal?.actorName ?? null,
      proposedAt: proposal?.at ?? this.state.createdAt,
      countersignedById: actor.userId,
      countersignedByName: actor.name ?? null,
      countersignedAt: at,
    });
    this.move('countersign', 'SIGNED', actor, at, null, { kind: 'countersigned' });
    if (this.state.term.effectiveFrom <= today) this.activate(today, at);
  }

  reject(actor: AgreementActor, reason: string, at: Date): void {
    this.requireParty(actor, other(this.state.proposedBy));
    this.requireStatus('reject', 'SUBMITTED');
    this.move('reject', 'REJECTED', actor, at, reason, { kind: 'rejected', reason });
  }

  /** SIGNED → ACTIVE once effectiveFrom has come (at countersigning, or by the scheduler). */
  activate(today: string, at: Date): void {
    this.requireStatus('activate', 'SIGNED');
    if (this.state.term.effectiveFrom > today) throw rule('NOT_YET_EFFECTIVE', 'the agreement takes effect on its effectiveFrom date');
    this.move('activate', 'ACTIVE', SYSTEM, at, null, { kind: 'activated' });
  }

  /**
   * Either party ends it from `effectiveOn` (today or later, within the term). Today, or an agreement
   * not yet in force, ends at once; a later day is recorded as notice and the scheduler ends it then.
   */
  terminate(actor: AgreementActor, reason: string, effectiveOn: string, today: string, at: Date): void {
    const side = this.sideOf(actor);
    this.requireStatus('terminate', ...IN_FORCE);
    if (this.state.termination)
      throw conflict(
        'TERMINATION_ALREADY_SCHEDULED',
        `notice of termination on ${this.state.termination.effectiveOn} has already been given`,
      );
    if (effectiveOn < today) throw rule('TERMINATION_DATE_IN_PAST', 'termination takes effect today or later, not in the past');
    if (effectiveOn > this.state.term.effectiveTo)
      throw rule('TERMINATION_AFTER_TERM', `the agreement ends on ${this.state.term.effectiveTo} anyway; it expires by itself`);
    if (effectiveOn === today || this.state.status === 'SIGNED') {
      this.end('terminate', 'TERMINATED', actor, at, reason, { kind: 'terminated', effectiveOn: today, reason });
      return;
    }
    this.state = { ...this.state, termination: { effectiveOn, reason, bySide: side } };
    this.note('give-termination-notice', actor, at, `${reason} (effective ${effectiveOn})`, {
      kind: 'termination-scheduled',
      effectiveOn,
      reason,
    });
  }

  /** The scheduler ends an agreement whose notice of termination has run out. */
  completeTermination(today: string, at: Date): void {
    this.requireStatus('complete termination', 'ACTIVE');
    const t = this.state.termination;
    if (!t || t.effectiveOn > today) throw rule('TERMINATION_NOT_DUE', 'no termination takes effect today');
    this.end('terminate', 'TERMINATED', SYSTEM, at, t.reason, { kind: 'terminated', effectiveOn: t.effectiveOn, reason: t.reason });
  }

  /** ACTIVE → EXPIRED the day after effectiveTo (the last day of the term is still in force). */
  expire(today: string, at: Date): void {
    this.requireStatus('expire', 'ACTIVE');
    if (this.state.term.effectiveTo >= today)
      throw rule('NOT_YET_EXPIRED', `the agreement is in force until ${this.state.term.effectiveTo}`);
    this.end('expire', 'EXPIRED', SYSTEM, at, null, { kind: 'expired' });
  }

  /** Announces the coming expiry 30 and 7 days before effectiveTo, each at most once. */
  remind(today: string, at: Date): void {
    this.requireStatus('remind', 'ACTIVE');
    const daysLeft = daysBetween(today, this.state.term.effectiveTo);
    const due = dueReminder(daysLeft, this.state.lastReminder);
    if (due === null) throw rule('NO_REMINDER_DUE', 'no expiry reminder is due');
    this.state = { ...this.state, lastReminder: due };
    this.note('expiry-reminder', SYSTEM, at, `${daysLeft} days before expiry`, { kind: 'expiring', daysBefore: due, daysLeft });
  }

  /** One party proposes new content (services, fees, responsibilities, staff, document…); the other countersigns it. */
  proposeAmendment(actor: AgreementActor, content: AmendableContent, at: Date): void {
    const side = this.sideOf(actor);
    this.requireStatus('amend', ...IN_FORCE);
    if (this.state.amendment)
      throw conflict(
        'AMENDMENT_PENDING',
        `amendment ${this.state.amendment.revision} is awaiting the other party; it must be countersigned or rejected first`,
      );
    if (this.state.termination)
      throw rule('AGREEMENT_BEING_TERMINATED', `the agreement is being terminated on ${this.state.termination.effectiveOn}`);
    checkTerms({ ...content, mode: this.state.mode, term: this.state.term });
    if (sameContent(content, this.state)) throw rule('AMENDMENT_CHANGES_NOTHING', 'the amendment is identical to the agreement in force');
    const revision = this.state.revision + 1;
    this.state = {
      ...this.state,
      amendment: { revision, proposedBy: side, proposedById: actor.userId, proposedByName: actor.name ?? null, proposedAt: at, content },
    };
    this.note('propose-amendment', actor, at, `amendment ${revision}`, { kind: 'amendment-proposed', revision });
  }

  countersignAmendment(actor: AgreementActor, at: Date): void {
    const amendment = this.requireAmendment('countersign an amendment');
    this.requireParty(actor, other(amendment.proposedBy));
    this.signedRevisions.push({
      revision: amendment.revision,
      content: amendment.content,
      proposedBy: amendment.proposedBy,
      proposedById: amendment.proposedById,
      proposedByName: amendment.proposedByName ?? null,
      proposedAt: amendment.proposedAt,
      countersignedById: actor.userId,
      countersignedByName: actor.name ?? null,
      countersignedAt: at,
    });
    this.state = { ...this.state, ...amendment.content, revision: amendment.revision, amendment: null };
    this.note('countersign-amendment', actor, at, `amendment ${amendment.revision}`, { kind: 'amended', revision: amendment.revision });
  }

  /** The other party rejects it, or its proposer withdraws it. */
  rejectAmendment(actor: AgreementActor, reason: string, at: Date): void {
    const amendment = this.requireAmendment('reject an amendment');
    const side = this.sideOf(actor);
    this.state = { ...this.state, amendment: null };
    const action = side === amendment.proposedBy ? 'withdraw-amendment' : 'reject-amendment';
    this.note(action, actor, at, reason, { kind: 'amendment-rejected', revision: amendment.revision, reason });
  }

  /**
   * The registry changed a party's status. An agreement in force is flagged while a party is
   * SUSPENDED or REVOKED and unflagged when it is ACTIVE again; each flag change is one event.
   */
  observePartyStatus(party: PartyFacts, at: Date): boolean {
    const side: Side | null =
      party.institutionId === this.state.elderlyParty.institutionId
        ? 'elderly'
        : party.institutionId === this.state.medicalParty.institutionId
          ? 'medical'
          : null;
    if (!side) return false;
    this.state = side === 'elderly' ? { ...this.state, elderlyParty: party } : { ...this.state, medicalParty: party };
    if (!IN_FORCE.includes(this.state.status)) return false;
    const current = this.state.sanctions.find((s) => s.institutionId === party.institutionId);
    const others = this.state.sanctions.filter((s) => s.institutionId !== party.institutionId);
    if (party.status === 'SUSPENDED' || party.status === 'REVOKED') {
      if (current?.status === party.status) return false;
      this.state = { ...this.state, sanctions: [...others, { institutionId: party.institutionId, status: party.status }] };
      this.note('flag-party-sanctioned', SYSTEM, at, `${PARTY_NAME[side]} party ${party.status}`, {
        kind: 'party-sanctioned',
        institutionId: party.institutionId,
        sanction: party.status,
      });
      return true;
    }
    if (!current) return false;
    this.state = { ...this.state, sanctions: others };
    this.note('clear-party-sanction', SYSTEM, at, `${PARTY_NAME[side]} party ${party.status} again`, {
      kind: 'party-reinstated',
      institutionId: party.institutionId,
    });
    return true;
  }

  /** Which side the caller acts for: an admin of one of the two parties, in that party's role. */
  private sideOf(actor: AgreementActor): Side {
    if (actor.role === 'elderly-admin' && actor.institutionId === this.state.elderlyParty.institutionId) return 'elderly';
    if (actor.role === 'medical-admin' && actor.institutionId === this.state.medicalParty.institutionId) return 'medical';
    throw wrongParty('this step belongs to an elderly-admin of the elderly-care party or a medical-admin of the medical party');
  }

  private requireParty(actor: AgreementActor, side: Side): void {
    const party = side === 'elderly' ? this.state.elderlyParty : this.state.medicalParty;
    if (actor.role !== ROLE_OF[side] || actor.institutionId !== party.institutionId) {
      throw wrongParty(`this step belongs to a ${ROLE_OF[side]} of the ${PARTY_NAME[side]} party`);
    }
  }

  private requireStatus(action: string, ...allowed: AgreementStatus[]): void {
    if (!allowed.includes(this.state.status)) throw new InvalidTransitionError(action, this.state.status);
  }

  private requireAmendment(action: string) {
    this.requireStatus(action, ...IN_FORCE);
    if (!this.state.amendment) throw conflict('NO_PENDING_AMENDMENT', 'there is no amendment awaiting an answer');
    return this.state.amendment;
  }

  /** A final status: pending amendments and notices lapse with it. */
  private end(action: string, to: AgreementStatus, actor: AgreementActor, at: Date, reason: string | null, change: AgreementChange): void {
    this.state = { ...this.state, amendment: null, termination: null };
    this.move(action, to, actor, at, reason, change);
  }

  /** A change that keeps the status (notice, reminder, amendment, flag): still one version, one event, one history line. */
  private note(action: string, actor: AgreementActor, at: Date, reason: string | null, change: AgreementChange): void {
    this.move(action, this.state.status, actor, at, reason, change);
  }

  private move(action: string, to: AgreementStatus, actor: AgreementActor, at: Date, reason: string | null, change: AgreementChange): void {
    this.quiet(action, to, actor, at, reason);
    this.pending.record(change);
  }

  /** A version and a history line with no event: changes to a DRAFT, which only its filer has seen. */
  private quiet(action: string, to: AgreementStatus, actor: AgreementActor, at: Date, reason: string | null): void {
    const line = entry(at, action, this.state.status, to, actor, reason);
    this.state = { ...this.state, status: to, version: this.state.version + 1, updatedAt: at, history: [...this.state.history, line] };
  }
}
