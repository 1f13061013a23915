import { AgreementStatus } from '@yiyang/contracts';
import { Aggregate, StateMachine, addDays, daysBetween } from '@yiyang/kernel';
import {
  checkLicences,
  checkParties,
  checkTerms,
  conflict,
  declaredDocument,
  dueReminder,
  requireDocumentToCountersign,
  requireDocumentToCountersignAmendment,
  rule,
  wrongParty,
} from './agreement.rules';
import {
  AgreementAction,
  AgreementActor,
  AgreementChange,
  AgreementState,
  AgreementTerms,
  AmendableContent,
  AttachedDocument,
  DraftChange,
  HistoryEntry,
  PartyFacts,
  Side,
} from './agreement.types';
import { ErrorCodes } from './error-codes';

export * from './agreement.types';

const SYSTEM: AgreementActor = { userId: 'system', role: 'system', institutionId: null, name: null };
/**
 * The institutions whose administrators a role names (as the registry gives roles by category): an
 * admin acts for the party that is their own institution, whichever side it is on (a CONTINUING_CARE
 * agreement's care side is a medical institution, its admin a medical-admin).
 */
const ADMIN_OF: Partial<Record<AgreementActor['role'], readonly PartyFacts['category'][]>> = {
  'elderly-admin': ['ELDERLY_CARE', 'COMBINED'],
  'medical-admin': ['MEDICAL', 'COMBINED'],
};
/** Whether the actor is an administrator of this party: its own institution, in a role that institution's admins hold. */
const adminOf = (actor: AgreementActor, party: PartyFacts): boolean =>
  actor.institutionId === party.institutionId && (ADMIN_OF[actor.role]?.includes(party.category) ?? false);
const other = (side: Side): Side => (side === 'elderly' ? 'medical' : 'elderly');
/** In force, or about to be: what termination, amendment and sanctions concern. */
const IN_FORCE: AgreementStatus[] = ['SIGNED', 'ACTIVE'];

/**
 * The agreement's life cycle (SPEC §4.2), the one guard of its status: each action, the statuses it may
 * start from and, when it moves the agreement, where to (the others keep the status). `copy` and `renew`
 * are checked on the agreement copied or renewed; `terminate` with a later day gives notice and keeps
 * the status until the scheduler's `complete termination`.
 */
export const AGREEMENT_LIFECYCLE = new StateMachine<AgreementAction, AgreementStatus>({
  submit: { from: ['DRAFT'], to: 'SUBMITTED' },
  edit: { from: ['DRAFT'] },
  withdraw: { from: ['DRAFT', 'SUBMITTED'], to: 'WITHDRAWN' },
  countersign: { from: ['SUBMITTED'], to: 'SIGNED' },
  reject: { from: ['SUBMITTED'], to: 'REJECTED' },
  activate: { from: ['SIGNED'], to: 'ACTIVE' },
  terminate: { from: IN_FORCE, to: 'TERMINATED' },
  'complete termination': { from: ['ACTIVE'], to: 'TERMINATED' },
  expire: { from: ['ACTIVE'], to: 'EXPIRED' },
  remind: { from: ['ACTIVE'] },
  copy: { from: ['REJECTED', 'WITHDRAWN'] },
  renew: { from: ['ACTIVE'] },
  amend: { from: IN_FORCE },
  'countersign an amendment': { from: IN_FORCE },
  'reject an amendment': { from: IN_FORCE },
  'observe party status': { from: IN_FORCE },
  // in force: only the paper of a pending amendment (see attachDocument)
  'attach document': { from: ['DRAFT', 'SUBMITTED', ...IN_FORCE] },
});

/** The fields an amendment may change (the one list of them, the request's too): all but the parties, the mode and the term. */
export const AMENDABLE_FIELDS = [
  'services',
  'fees',
  'responsibilities',
  'breachLiability',
  'site',
  'entrustment',
  'staff',
  'document',
] as const satisfies readonly (keyof AmendableContent)[];
/** What an amendment may change (AMENDABLE_FIELDS), taken out of terms or a state. */
export const contentOf = ({ services, fees, responsibilities, breachLiability, site, entrustment, staff, document }: AmendableContent) => ({
  services,
  fees,
  responsibilities,
  breachLiability,
  site,
  entrustment,
  staff,
  document,
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
  return AMENDABLE_FIELDS.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

function sameTerms(a: AgreementTerms, b: AgreementTerms): boolean {
  return (
    a.mode === b.mode && a.term.effectiveFrom === b.term.effectiveFrom && a.term.effectiveTo === b.term.effectiveTo && sameContent(a, b)
  );
}

/**
 * A cooperation agreement (签约合作). Guards who may move it and from which state (SPEC §4.2, the table
 * above): DRAFT → SUBMITTED (elderly party) → SIGNED → ACTIVE (the other party countersigns; ACTIVE at
 * effectiveFrom) | REJECTED; SIGNED | ACTIVE → TERMINATED (either party) | EXPIRED (after effectiveTo).
 * Renewal starts a successor; amendments are proposed by one party and countersigned by the other.
 * Before countersignature: the filer edits a DRAFT, the proposer withdraws it (DRAFT | SUBMITTED → WITHDRAWN);
 * a REJECTED or WITHDRAWN agreement is copied into a new DRAFT. Every change is one version and one
 * history line (version v is line v) and, but for a DRAFT's, one event.
 */
export class Agreement extends Aggregate<AgreementState, AgreementChange | DraftChange> {
  private constructor(state: AgreementState) {
    super(state);
  }

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
    if (!adminOf(actor, elderlyParty)) {
      throw wrongParty(
        'only an admin of the first party (the elderly-care party, or a CONTINUING_CARE agreement’s care side) files an agreement',
      );
    }
    checkParties(elderlyParty, medicalParty, terms.mode);
    checkTerms(terms);
    const copiedFrom = input.copiedFrom ?? null;
    // a DRAFT is its filer's own: version 1 publishes nothing
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
    AGREEMENT_LIFECYCLE.check('copy', source.state.status);
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
    AGREEMENT_LIFECYCLE.check('renew', p.state.status);
    const old = p.state;
    if (old.termination)
      throw rule(
        ErrorCodes.AGREEMENT_BEING_TERMINATED,
        `the agreement is being terminated on ${old.termination.effectiveOn}; file a new one instead`,
      );
    if (input.alreadyRenewed)
      throw conflict(ErrorCodes.ALREADY_RENEWED, 'this agreement already has a successor awaiting signature or in force');
    const effectiveFrom = input.effectiveFrom ?? addDays(old.term.effectiveTo, 1);
    if (effectiveFrom <= old.term.effectiveTo) {
      throw rule(ErrorCodes.RENEWAL_MUST_FOLLOW_TERM, `the renewed term must begin after the current one ends (${old.term.effectiveTo})`);
    }
    const terms: AgreementTerms = { ...contentOf(old), mode: old.mode, term: { effectiveFrom, effectiveTo: input.effectiveTo } };
    checkParties(input.parties.elderly, input.parties.medical, terms.mode);
    checkTerms(terms);
    const successor = new Agreement({
      ...Agreement.fresh(input.id, input.parties.elderly, input.parties.medical, terms, at),
      status: 'SUBMITTED',
      proposedBy: side,
      predecessorId: old.id,
      history: [entry(at, 'renew', null, 'SUBMITTED', input.actor, `renewal of ${old.id}`)],
    });
    successor.recordCreation({ kind: 'renewed', predecessorId: old.id });
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
      revisions: [],
      documents: [],
      createdAt: at,
      updatedAt: at,
    };
  }

  static restore(state: AgreementState): Agreement {
    return new Agreement({ ...state, history: [...state.history], revisions: [...state.revisions], documents: [...state.documents] });
  }

  /** The changes to publish, each with the version it produced: a DRAFT's changes (its filer's own) publish nothing. */
  /** Whether this institution is one of the two parties (others get a 404). */
  involves(institutionId: string | null): boolean {
    return institutionId === this.state.elderlyParty.institutionId || institutionId === this.state.medicalParty.institutionId;
  }

  submit(actor: AgreementActor, at: Date): void {
    this.requireParty(actor, 'elderly');
    const to = this.check('submit');
    this.move('submit', to, actor, at, null, { kind: 'submitted' });
  }

  /**
   * The filer replaces a DRAFT's content (mode, term, services, fees, …; not the parties), held to every
   * rule of a filing against the parties' current facts. A DRAFT is the filer's own: a version, no event.
   */
  edit(actor: AgreementActor, declared: AgreementTerms, parties: { elderly: PartyFacts; medical: PartyFacts }, at: Date): void {
    this.requireParty(actor, 'elderly');
    const to = this.check('edit');
    checkParties(parties.elderly, parties.medical, declared.mode);
    checkTerms(declared);
    const terms = { ...declared, document: declaredDocument(declared.document, this.state) };
    if (sameTerms(terms, this.state)) throw rule(ErrorCodes.EDIT_CHANGES_NOTHING, 'the draft already says this');
    this.move(
      'edit',
      to,
      actor,
      at,
      null,
      { kind: 'draft-edited' },
      {
        ...contentOf(terms),
        mode: terms.mode,
        term: { ...terms.term },
        elderlyParty: parties.elderly,
        medicalParty: parties.medical,
      },
    );
  }

  /**
   * Its proposer takes it back before the other party countersigned: a DRAFT quietly (nobody else has
   * seen it), a SUBMITTED agreement with `agreement.withdrawn` so the other party hears of it.
   */
  withdraw(actor: AgreementActor, reason: string, at: Date): void {
    this.requireParty(actor, this.state.proposedBy);
    const to = this.check('withdraw');
    const change: AgreementChange | DraftChange =
      this.state.status === 'DRAFT' ? { kind: 'draft-withdrawn', reason } : { kind: 'withdrawn', reason };
    this.move('withdraw', to, actor, at, reason, change);
  }

  /**
   * The party that did not propose it countersigns, with the parties' current facts: still ACTIVE,
   * and no other ACTIVE or SIGNED agreement of the pair overlaps the term (`overlapping`, from the repository).
   * The content as signed is kept as a revision. With `documentRequired` (AGREEMENT_DOCUMENT_REQUIRED),
   * only once the signed document is uploaded.
   */
  countersign(
    actor: AgreementActor,
    parties: { elderly: PartyFacts; medical: PartyFacts },
    overlapping: boolean,
    today: string,
    at: Date,
    documentRequired = false,
  ): void {
    this.requireParty(actor, other(this.state.proposedBy));
    const to = this.check('countersign');
    requireDocumentToCountersign(this.state, documentRequired);
    checkParties(parties.elderly, parties.medical, this.state.mode);
    checkLicences([parties.elderly, parties.medical], today);
    if (overlapping)
      throw rule(
        ErrorCodes.OVERLAPPING_AGREEMENT,
        'the two institutions already have an ACTIVE or SIGNED agreement over an overlapping term; renew it instead',
      );
    if (this.state.term.effectiveTo <= today) throw rule(ErrorCodes.TERM_ALREADY_ENDED, 'the agreement’s term has already ended');
    const proposal = [...this.state.history].reverse().find((h) => h.action === 'submit' || h.action === 'renew');
    const signed = {
      revision: this.state.revision,
      content: contentOf(this.state),
      proposedBy: this.state.proposedBy,
      proposedById: proposal?.actorId ?? 'unknown',
      proposedByName: proposal?.actorName ?? null,
      proposedAt: proposal?.at ?? this.state.createdAt,
      countersignedById: actor.userId,
      countersignedByName: actor.name ?? null,
      countersignedAt: at,
    };
    this.move(
      'countersign',
      to,
      actor,
      at,
      null,
      { kind: 'countersigned' },
      {
        elderlyParty: parties.elderly,
        medicalParty: parties.medical,
        revisions: [...this.state.revisions, signed],
      },
    );
    if (this.state.term.effectiveFrom <= today) this.activate(today, at);
  }

  reject(actor: AgreementActor, reason: string, at: Date): void {
    this.requireParty(actor, other(this.state.proposedBy));
    const to = this.check('reject');
    this.move('reject', to, actor, at, reason, { kind: 'rejected', reason });
  }

  /** SIGNED → ACTIVE once effectiveFrom has come (at countersigning, or by the scheduler). */
  activate(today: string, at: Date): void {
    const to = this.check('activate');
    if (this.state.term.effectiveFrom > today)
      throw rule(ErrorCodes.NOT_YET_EFFECTIVE, 'the agreement takes effect on its effectiveFrom date');
    this.move('activate', to, SYSTEM, at, null, { kind: 'activated' });
  }

  /**
   * Either party ends it from `effectiveOn` (today or later, within the term). Today, or an agreement
   * not yet in force, ends at once; a later day is recorded as notice and the scheduler ends it then.
   */
  terminate(actor: AgreementActor, reason: string, effectiveOn: string, today: string, at: Date): void {
    const side = this.sideOf(actor);
    const to = this.check('terminate');
    if (this.state.termination)
      throw conflict(
        ErrorCodes.TERMINATION_ALREADY_SCHEDULED,
        `notice of termination on ${this.state.termination.effectiveOn} has already been given`,
      );
    if (effectiveOn < today) throw rule(ErrorCodes.TERMINATION_DATE_IN_PAST, 'termination takes effect today or later, not in the past');
    if (effectiveOn > this.state.term.effectiveTo)
      throw rule(ErrorCodes.TERMINATION_AFTER_TERM, `the agreement ends on ${this.state.term.effectiveTo} anyway; it expires by itself`);
    if (effectiveOn === today || this.state.status === 'SIGNED') {
      this.end('terminate', to, actor, at, reason, { kind: 'terminated', effectiveOn: today, reason });
      return;
    }
    this.move(
      'give-termination-notice',
      this.state.status,
      actor,
      at,
      `${reason} (effective ${effectiveOn})`,
      { kind: 'termination-scheduled', effectiveOn, reason },
      { termination: { effectiveOn, reason, bySide: side } },
    );
  }

  /** The scheduler ends an agreement whose notice of termination has run out. */
  completeTermination(today: string, at: Date): void {
    const to = this.check('complete termination');
    const t = this.state.termination;
    if (!t || t.effectiveOn > today) throw rule(ErrorCodes.TERMINATION_NOT_DUE, 'no termination takes effect today');
    this.end('terminate', to, SYSTEM, at, t.reason, { kind: 'terminated', effectiveOn: t.effectiveOn, reason: t.reason });
  }

  /** ACTIVE → EXPIRED the day after effectiveTo (the last day of the term is still in force). */
  expire(today: string, at: Date): void {
    const to = this.check('expire');
    if (this.state.term.effectiveTo >= today)
      throw rule(ErrorCodes.NOT_YET_EXPIRED, `the agreement is in force until ${this.state.term.effectiveTo}`);
    this.end('expire', to, SYSTEM, at, null, { kind: 'expired' });
  }

  /** Announces the coming expiry 30 and 7 days before effectiveTo, each at most once. */
  remind(today: string, at: Date): void {
    const to = this.check('remind');
    const daysLeft = daysBetween(today, this.state.term.effectiveTo);
    const due = dueReminder(daysLeft, this.state.lastReminder);
    if (due === null) throw rule(ErrorCodes.NO_REMINDER_DUE, 'no expiry reminder is due');
    this.move(
      'expiry-reminder',
      to,
      SYSTEM,
      at,
      `${daysLeft} days before expiry`,
      { kind: 'expiring', daysBefore: due, daysLeft },
      { lastReminder: due },
    );
  }

  /** One party proposes new content (services, fees, responsibilities, staff, document…); the other countersigns it. */
  proposeAmendment(actor: AgreementActor, proposed: AmendableContent, at: Date): void {
    const side = this.sideOf(actor);
    const to = this.check('amend');
    if (this.state.amendment)
      throw conflict(
        ErrorCodes.AMENDMENT_PENDING,
        `amendment ${this.state.amendment.revision} is awaiting the other party; it must be countersigned or rejected first`,
      );
    if (this.state.termination)
      throw rule(ErrorCodes.AGREEMENT_BEING_TERMINATED, `the agreement is being terminated on ${this.state.termination.effectiveOn}`);
    checkTerms({ ...proposed, mode: this.state.mode, term: this.state.term });
    const content = { ...proposed, document: declaredDocument(proposed.document, this.state) };
    if (sameContent(content, this.state))
      throw rule(ErrorCodes.AMENDMENT_CHANGES_NOTHING, 'the amendment is identical to the agreement in force');
    const revision = this.state.revision + 1;
    this.move(
      'propose-amendment',
      to,
      actor,
      at,
      `amendment ${revision}`,
      { kind: 'amendment-proposed', revision },
      {
        amendment: { revision, proposedBy: side, proposedById: actor.userId, proposedByName: actor.name ?? null, proposedAt: at, content },
      },
    );
  }

  /**
   * The other party countersigns the pending amendment: the content changes, `revision` goes up and is kept.
   * With `documentRequired` (AGREEMENT_DOCUMENT_REQUIRED), only once the amendment's signed paper is
   * uploaded (after it was proposed); never while a party's licence has lapsed (`parties`: their current facts).
   */
  countersignAmendment(
    actor: AgreementActor,
    parties: { elderly: PartyFacts; medical: PartyFacts },
    today: string,
    at: Date,
    documentRequired = false,
  ): void {
    const to = this.check('countersign an amendment');
    const amendment = this.pendingAmendment();
    this.requireParty(actor, other(amendment.proposedBy));
    requireDocumentToCountersignAmendment(amendment, documentRequired);
    checkLicences([parties.elderly, parties.medical], today);
    const signed = {
      revision: amendment.revision,
      content: amendment.content,
      proposedBy: amendment.proposedBy,
      proposedById: amendment.proposedById,
      proposedByName: amendment.proposedByName ?? null,
      proposedAt: amendment.proposedAt,
      countersignedById: actor.userId,
      countersignedByName: actor.name ?? null,
      countersignedAt: at,
    };
    this.move(
      'countersign-amendment',
      to,
      actor,
      at,
      `amendment ${amendment.revision}`,
      { kind: 'amended', revision: amendment.revision },
      { ...amendment.content, revision: amendment.revision, amendment: null, revisions: [...this.state.revisions, signed] },
    );
  }

  /** The other party rejects it, or its proposer withdraws it. */
  rejectAmendment(actor: AgreementActor, reason: string, at: Date): void {
    const to = this.check('reject an amendment');
    const amendment = this.pendingAmendment();
    const side = this.sideOf(actor);
    const action = side === amendment.proposedBy ? 'withdraw-amendment' : 'reject-amendment';
    this.move(action, to, actor, at, reason, { kind: 'amendment-rejected', revision: amendment.revision, reason }, { amendment: null });
  }

  /**
   * The registry changed a party's status. An agreement in force is flagged while a party is
   * SUSPENDED or REVOKED and unflagged when it is ACTIVE again; each flag change is one event, which
   * also stores the party's current facts. Anything else changes nothing.
   */
  observePartyStatus(party: PartyFacts, at: Date): boolean {
    const side: Side | null =
      party.institutionId === this.state.elderlyParty.institutionId
        ? 'elderly'
        : party.institutionId === this.state.medicalParty.institutionId
          ? 'medical'
          : null;
    if (!side || !AGREEMENT_LIFECYCLE.allows('observe party status', this.state.status)) return false;
    const to = this.check('observe party status');
    const facts = side === 'elderly' ? { elderlyParty: party } : { medicalParty: party };
    const current = this.state.sanctions.find((s) => s.institutionId === party.institutionId);
    const others = this.state.sanctions.filter((s) => s.institutionId !== party.institutionId);
    if (party.status === 'SUSPENDED' || party.status === 'REVOKED') {
      if (current?.status === party.status) return false;
      this.move(
        'flag-party-sanctioned',
        to,
        SYSTEM,
        at,
        `${this.partyName(side)} party ${party.status}`,
        { kind: 'party-sanctioned', institutionId: party.institutionId, sanction: party.status },
        { ...facts, sanctions: [...others, { institutionId: party.institutionId, status: party.status }] },
      );
      return true;
    }
    if (!current) return false;
    this.move(
      'clear-party-sanction',
      to,
      SYSTEM,
      at,
      `${this.partyName(side)} party ${party.status} again`,
      { kind: 'party-reinstated', institutionId: party.institutionId },
      { ...facts, sanctions: others },
    );
    return true;
  }

  /**
   * The first party (an admin of the elderly-care party, or of a CONTINUING_CARE agreement's care side)
   * uploads the signed paper: a new document version (earlier ones are kept), one agreement version and
   * history line; an event but for a DRAFT (its filer's own).
   * Before countersigning it is the agreement's paper: `document` becomes the upload's name and hash.
   * Once in force, only while an amendment is pending: it is the amendment's paper (its content's
   * `document`, in force when the amendment is countersigned); otherwise 409 NO_PENDING_AMENDMENT.
   */
  attachDocument(
    actor: AgreementActor,
    document: Omit<AttachedDocument, 'version' | 'uploadedBy' | 'uploadedAt'>,
    at: Date,
  ): AttachedDocument {
    this.requireParty(actor, 'elderly');
    const to = this.check('attach document');
    const inForce = IN_FORCE.includes(this.state.status);
    const amendment = inForce ? this.pendingAmendment() : null;
    const version = this.state.documents.length + 1;
    const attached: AttachedDocument = { ...document, version, uploadedBy: actor.userId, uploadedAt: at };
    const paper = { fileName: document.fileName, sha256: document.sha256 };
    const change: AgreementChange | DraftChange =
      this.state.status === 'DRAFT' ? { kind: 'draft-document-attached', version } : { kind: 'document-attached', version };
    const reason = `${amendment ? `amendment ${amendment.revision}: ` : ''}document ${version} (${document.fileName})`;
    this.move('attach-document', to, actor, at, reason, change, {
      documents: [...this.state.documents, attached],
      ...(amendment
        ? { amendment: { ...amendment, content: { ...amendment.content, document: paper }, documentVersion: version } }
        : { document: paper }),
    });
    return attached;
  }

  /**
   * Which side the caller acts for: decided by the caller's institution (the two parties differ), never
   * by the role's name; the caller must be an admin of that institution (ADMIN_OF).
   */
  private sideOf(actor: AgreementActor): Side {
    if (adminOf(actor, this.state.elderlyParty)) return 'elderly';
    if (adminOf(actor, this.state.medicalParty)) return 'medical';
    throw wrongParty('this step belongs to an admin of one of the two parties');
  }

  private requireParty(actor: AgreementActor, side: Side): void {
    const party = side === 'elderly' ? this.state.elderlyParty : this.state.medicalParty;
    if (!adminOf(actor, party)) throw wrongParty(`this step belongs to an admin of the ${this.partyName(side)} party`);
  }

  /** How messages and history name a side: a CONTINUING_CARE agreement's first party is its care side. */
  private partyName(side: Side): string {
    if (side === 'medical') return 'medical';
    return this.state.mode === 'CONTINUING_CARE' ? 'care-side' : 'elderly-care';
  }

  /** The action's row of the life cycle table, checked against the current status: the status it leads to. */
  private check(action: AgreementAction): AgreementStatus {
    return AGREEMENT_LIFECYCLE.check(action, this.state.status).to ?? this.state.status;
  }

  private pendingAmendment() {
    if (!this.state.amendment) throw conflict(ErrorCodes.NO_PENDING_AMENDMENT, 'there is no amendment awaiting an answer');
    return this.state.amendment;
  }

  /** A final status: pending amendments and notices lapse with it. */
  private end(action: string, to: AgreementStatus, actor: AgreementActor, at: Date, reason: string | null, change: AgreementChange): void {
    this.move(action, to, actor, at, reason, change, { amendment: null, termination: null });
  }

  /** Every change: the patch, the status it leads to and a history line (named `action`), one version, recorded together. */
  private move(
    action: string,
    to: AgreementStatus,
    actor: AgreementActor,
    at: Date,
    reason: string | null,
    change: AgreementChange | DraftChange,
    patch: Partial<Omit<AgreementState, 'id' | 'version' | 'updatedAt'>> = {},
  ): void {
    const line = entry(at, action, this.state.status, to, actor, reason);
    this.record(change, { ...patch, status: to, history: [...this.state.history, line] }, at);
  }
}
