import {
  AgreementMode,
  AgreementServiceCode,
  AgreementStatus,
  Frequency,
  InstitutionCategory,
  InstitutionKind,
  InstitutionStatus,
  PRIMARY_CARE_KINDS,
  SERVICES_WITH_FREQUENCY,
} from '@yiyang/contracts';
import { DomainError, FieldError, InvalidTransitionError, LatLng, PendingChanges, ValidationError, checkVersion } from '@yiyang/kernel';

/** What the contract service knows of an institution, from its read model of institution.events. */
export interface PartyFacts {
  institutionId: string;
  category: InstitutionCategory;
  kind: InstitutionKind;
  status: InstitutionStatus;
  divisionCode: string;
  location: LatLng;
}

export interface AgreementActor {
  userId: string;
  role: 'elderly-admin' | 'medical-admin' | 'system' | 'other';
  institutionId: string | null;
}

export interface Fee {
  item: string;
  amountFen: number;
  unit: string;
  payer: string;
}

export interface DispatchedStaff {
  name: string;
  practisingCertificateNumber: string;
  multiSiteFiled: boolean;
}

export interface AgreementTerms {
  mode: AgreementMode;
  services: { code: AgreementServiceCode; frequency: Frequency | null }[];
  fees: Fee[];
  responsibilities: { elderlyParty: string[]; medicalParty: string[] };
  breachLiability: string;
  term: { effectiveFrom: string; effectiveTo: string };
  site: string | null;
  entrustment: { rightsAndObligations: string; legalLiability: string; disputeResolution: string } | null;
  staff: DispatchedStaff[];
  document: { fileName: string; sha256: string };
}

export interface HistoryEntry {
  at: Date;
  action: string;
  from: AgreementStatus | null;
  to: AgreementStatus;
  actorId: string;
  actorRole: string;
  reason: string | null;
}

export interface AgreementState extends AgreementTerms {
  id: string;
  version: number;
  status: AgreementStatus;
  elderlyParty: PartyFacts;
  medicalParty: PartyFacts;
  predecessorId: string | null;
  history: HistoryEntry[];
  createdAt: Date;
  updatedAt: Date;
}

export type AgreementChange = { kind: 'submitted' } | { kind: 'countersigned' } | { kind: 'activated' } | { kind: 'rejected'; reason: string };

const rule = (code: string, message: string) => new DomainError(code, 'rule', message);
const wrongParty = (message: string) => new DomainError('WRONG_PARTY', 'forbidden', message);

function checkParties(elderly: PartyFacts, medical: PartyFacts, mode: AgreementMode): void {
  if (elderly.institutionId === medical.institutionId) throw rule('PARTIES_MUST_DIFFER', 'the elderly-care and medical parties must be two institutions');
  if (elderly.category === 'MEDICAL') throw rule('ELDERLY_PARTY_INVALID', 'the elderly-care party must be an ELDERLY_CARE or COMBINED institution');
  if (medical.category === 'ELDERLY_CARE') throw rule('MEDICAL_PARTY_INVALID', 'the medical party must be a MEDICAL or COMBINED institution');
  for (const party of [elderly, medical]) {
    if (party.status !== 'ACTIVE') throw rule('PARTY_NOT_ACTIVE', `institution ${party.institutionId} is ${party.status}, not ACTIVE`);
  }
  if (mode === 'PRIMARY_CARE' && !PRIMARY_CARE_KINDS.includes(medical.kind)) {
    throw rule('PRIMARY_CARE_NEEDS_PRIMARY_MEDICAL_PARTY', '基层协议合作 needs a community health centre, township health centre or village clinic as the medical party');
  }
}

function checkTerms(t: AgreementTerms): void {
  const errors: FieldError[] = [];
  if (t.term.effectiveFrom >= t.term.effectiveTo) errors.push({ field: 'term.effectiveTo', message: 'must be after effectiveFrom' });
  const codes = t.services.map((s) => s.code);
  if (new Set(codes).size !== codes.length) errors.push({ field: 'services', message: 'lists a service twice' });
  t.services.forEach((s, i) => {
    if (SERVICES_WITH_FREQUENCY.includes(s.code) && !s.frequency) errors.push({ field: `services.${i}.frequency`, message: `is required for ${s.code}` });
  });
  if (errors.length) throw new ValidationError(errors);
  if (t.mode === 'EMBEDDED' && !t.site) throw rule('SITE_REQUIRED', '嵌入式 agreements name the medical station or studio inside the nursing home (site)');
  if (t.mode === 'ENTRUSTED' && !t.entrustment) {
    throw rule('ENTRUSTMENT_TERMS_REQUIRED', '托管式 agreements state rights and obligations, legal liability and dispute resolution');
  }
  if ((t.mode === 'EMBEDDED' || t.mode === 'ENTRUSTED') && !t.staff.some((s) => s.practisingCertificateNumber)) {
    throw rule('STAFF_REQUIRED', 'EMBEDDED and ENTRUSTED agreements need at least one dispatched staff member with a practising certificate number');
  }
}

/**
 * A cooperation agreement (签约合作). Guards who may move it and from which state:
 * DRAFT → SUBMITTED (elderly party) → ACTIVE, or SIGNED until effectiveFrom (medical party) | REJECTED.
 */
export class Agreement {
  private readonly pending = new PendingChanges<AgreementChange>();

  private constructor(private state: AgreementState) {}

  static draft(input: { id: string; elderlyParty: PartyFacts; medicalParty: PartyFacts; terms: AgreementTerms; actor: AgreementActor }, at: Date): Agreement {
    const { elderlyParty, medicalParty, terms, actor } = input;
    if (actor.role !== 'elderly-admin' || actor.institutionId !== elderlyParty.institutionId) {
      throw wrongParty('only an elderly-admin of the elderly-care party files an agreement');
    }
    checkParties(elderlyParty, medicalParty, terms.mode);
    checkTerms(terms);
    return new Agreement({
      ...terms,
      id: input.id,
      version: 1,
      status: 'DRAFT',
      elderlyParty,
      medicalParty,
      predecessorId: null,
      history: [{ at, action: 'draft', from: null, to: 'DRAFT', actorId: actor.userId, actorRole: actor.role, reason: null }],
      createdAt: at,
      updatedAt: at,
    });
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
   * The medical party countersigns with the parties' current facts: still ACTIVE, and no other
   * ACTIVE or SIGNED agreement of the pair overlaps the term (`overlapping`, from the repository).
   */
  countersign(actor: AgreementActor, parties: { elderly: PartyFacts; medical: PartyFacts }, overlapping: boolean, today: string, at: Date): void {
    this.requireParty(actor, 'medical');
    this.requireStatus('countersign', 'SUBMITTED');
    checkParties(parties.elderly, parties.medical, this.state.mode);
    if (overlapping) throw rule('OVERLAPPING_AGREEMENT', 'the two institutions already have an ACTIVE or SIGNED agreement over an overlapping term; renew it instead');
    if (this.state.term.effectiveTo <= today) throw rule('TERM_ALREADY_ENDED', 'the agreement’s term has already ended');
    this.state = { ...this.state, elderlyParty: parties.elderly, medicalParty: parties.medical };
    this.move('countersign', 'SIGNED', actor, at, null, { kind: 'countersigned' });
    if (this.state.term.effectiveFrom <= today) this.activate(today, at);
  }

  reject(actor: AgreementActor, reason: string, at: Date): void {
    this.requireParty(actor, 'medical');
    this.requireStatus('reject', 'SUBMITTED');
    this.move('reject', 'REJECTED', actor, at, reason, { kind: 'rejected', reason });
  }

  /** SIGNED → ACTIVE once effectiveFrom has come (at countersigning, or by the scheduler). */
  activate(today: string, at: Date): void {
    this.requireStatus('activate', 'SIGNED');
    if (this.state.term.effectiveFrom > today) throw rule('NOT_YET_EFFECTIVE', 'the agreement takes effect on its effectiveFrom date');
    this.move('activate', 'ACTIVE', { userId: 'system', role: 'system', institutionId: null }, at, null, { kind: 'activated' });
  }

  private requireParty(actor: AgreementActor, side: 'elderly' | 'medical'): void {
    const party = side === 'elderly' ? this.state.elderlyParty : this.state.medicalParty;
    const role = side === 'elderly' ? 'elderly-admin' : 'medical-admin';
    if (actor.role !== role || actor.institutionId !== party.institutionId) {
      throw wrongParty(`this step belongs to a ${role} of the ${side === 'elderly' ? 'elderly-care' : 'medical'} party`);
    }
  }

  private requireStatus(action: string, ...allowed: AgreementStatus[]): void {
    if (!allowed.includes(this.state.status)) throw new InvalidTransitionError(action, this.state.status);
  }

  private move(action: string, to: AgreementStatus, actor: AgreementActor, at: Date, reason: string | null, change: AgreementChange): void {
    const entry: HistoryEntry = { at, action, from: this.state.status, to, actorId: actor.userId, actorRole: actor.role, reason };
    this.state = { ...this.state, status: to, version: this.state.version + 1, updatedAt: at, history: [...this.state.history, entry] };
    this.pending.record(change);
  }
}
