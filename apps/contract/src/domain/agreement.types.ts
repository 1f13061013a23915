import { AgreementMode, AgreementServiceCode, AgreementStatus, Frequency, InstitutionFacts } from '@yiyang/contracts';

/** What the contract service knows of a party, from its read model of institution.events. */
export type PartyFacts = InstitutionFacts;

/** The two sides of an agreement: the elderly-care party (养老机构) and the medical party (医疗机构). */
export type Side = 'elderly' | 'medical';

export interface AgreementActor {
  userId: string;
  role: 'elderly-admin' | 'medical-admin' | 'system' | 'other';
  institutionId: string | null;
  /** display name from the token, recorded with history and revisions (never in events) */
  name?: string | null;
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
  /**
   * The signed paper: the latest upload's safe name and SHA-256 (computed by the service from the bytes);
   * before any upload, what the filer declared, if anything (null: nothing yet).
   */
  document: DocumentReference | null;
}

/** A signed paper named by its file name and SHA-256 (lower-case hex). */
export interface DocumentReference {
  fileName: string;
  sha256: string;
}

/** What an amendment may change: everything but the parties, the mode and the term (a new term is a renewal). */
export type AmendableContent = Omit<AgreementTerms, 'mode' | 'term'>;

/** An amendment one party proposed and the other has yet to countersign or reject. */
export interface PendingAmendment {
  revision: number;
  proposedBy: Side;
  proposedById: string;
  /** the proposer's display name, where known */
  proposedByName?: string | null;
  proposedAt: Date;
  content: AmendableContent;
  /** the version of the amendment's signed paper, uploaded after it was proposed (its content's `document`); absent until then */
  documentVersion?: number | null;
}

/** A revision of the content once both parties signed it (0: as first countersigned; n: amendment n). */
export interface RevisionRecord {
  revision: number;
  content: AmendableContent;
  proposedBy: Side;
  proposedById: string;
  proposedByName: string | null;
  proposedAt: Date;
  countersignedById: string;
  countersignedByName: string | null;
  countersignedAt: Date;
}

/** Notice of termination taking effect on a later day (until then the agreement stays in force). */
export interface ScheduledTermination {
  effectiveOn: string;
  reason: string;
  bySide: Side;
}

/** A party the registry has suspended or revoked while this agreement is in force. */
export interface Sanction {
  institutionId: string;
  status: 'SUSPENDED' | 'REVOKED';
}

export interface HistoryEntry {
  at: Date;
  action: string;
  from: AgreementStatus | null;
  to: AgreementStatus;
  actorId: string;
  actorRole: string;
  /** the actor's display name where known (null for the system and for entries older than names) */
  actorName: string | null;
  reason: string | null;
}

/** A signed copy of the agreement the filer uploaded (PDF or scan); each upload is a new version, all kept. */
export interface AttachedDocument {
  id: string;
  /** 1, 2, … in upload order */
  version: number;
  /** of the stored bytes (lower-case hex), computed by the service */
  sha256: string;
  /** decided from the bytes: application/pdf, image/jpeg or image/png */
  mediaType: string;
  sizeBytes: number;
  /** the uploader's name, made safe (a label only) */
  fileName: string;
  /** where the bytes are in the object store (agreements/<agreement id>/<document id>) */
  objectKey: string;
  uploadedBy: string;
  uploadedAt: Date;
}

export interface AgreementState extends AgreementTerms {
  id: string;
  /** one per change: version v is history line v */
  version: number;
  status: AgreementStatus;
  elderlyParty: PartyFacts;
  medicalParty: PartyFacts;
  /** the side that filed or renewed it; the other side countersigns */
  proposedBy: Side;
  predecessorId: string | null;
  /** the REJECTED or WITHDRAWN agreement this draft was copied from */
  copiedFrom: string | null;
  /** amendments applied so far (0: the content as first signed) */
  revision: number;
  amendment: PendingAmendment | null;
  termination: ScheduledTermination | null;
  /** the last expiry reminder published (days before effectiveTo), null before the first */
  lastReminder: number | null;
  sanctions: Sanction[];
  history: HistoryEntry[];
  /** the revisions of the content both parties signed, oldest first (kept for good: SPEC §4.2 "amendments are versioned") */
  revisions: RevisionRecord[];
  /** the uploaded documents, oldest first (kept for good) */
  documents: AttachedDocument[];
  createdAt: Date;
  updatedAt: Date;
}

/** Each change produces one version and one event (but a DRAFT's, below). */
export type AgreementChange =
  | { kind: 'submitted' }
  | { kind: 'renewed'; predecessorId: string }
  | { kind: 'countersigned' }
  | { kind: 'activated' }
  | { kind: 'rejected'; reason: string }
  | { kind: 'withdrawn'; reason: string }
  | { kind: 'termination-scheduled'; effectiveOn: string; reason: string }
  | { kind: 'terminated'; effectiveOn: string; reason: string }
  | { kind: 'expiring'; daysBefore: number; daysLeft: number }
  | { kind: 'expired' }
  | { kind: 'amendment-proposed'; revision: number }
  | { kind: 'amended'; revision: number }
  | { kind: 'amendment-rejected'; revision: number; reason: string }
  | { kind: 'party-sanctioned'; institutionId: string; sanction: Sanction['status'] }
  | { kind: 'party-reinstated'; institutionId: string }
  | { kind: 'document-attached'; version: number };

/** Changes to a DRAFT, which only its filer has seen: a version and a history line each, no event. */
export type DraftChange =
  { kind: 'draft-edited' } | { kind: 'draft-withdrawn'; reason: string } | { kind: 'draft-document-attached'; version: number };

/** What the agreement's life cycle table names: every action, each checked against the status it starts from. */
export type AgreementAction =
  | 'submit'
  | 'edit'
  | 'withdraw'
  | 'countersign'
  | 'reject'
  | 'activate'
  | 'terminate'
  | 'complete termination'
  | 'expire'
  | 'remind'
  | 'copy'
  | 'renew'
  | 'amend'
  | 'countersign an amendment'
  | 'reject an amendment'
  | 'observe party status'
  | 'attach document';
