import {
  Indication,
  InstitutionFacts,
  ReferralDirection,
  ReferralPriority,
  ReferralStatus,
  RejectionReason,
  Vitals,
} from '@yiyang/contracts';

export type PartyFacts = InstitutionFacts;

/** Staff roles that may act for their institution on referrals (SPEC §6). */
export const STAFF_ROLES = ['referral-desk', 'elderly-admin', 'medical-admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface ReferralActor {
  userId: string;
  role: StaffRole | 'system' | 'other';
  institutionId: string | null;
  /** the display name, when known: shown in the history, never judged */
  name?: string | null;
}

export type Side = 'sender' | 'receiver';

/** The resident. Kept encrypted at rest; shown in full only to the two institutions' staff. */
export interface Patient {
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  idNumber: string;
  insurance: string;
}

export interface Clinical {
  indication: Indication;
  icd10: string | null;
  summary: string;
  vitals: Vitals;
}

/** What this service knows of the pair's agreement in force (from agreement.events), or null. */
export interface AgreementCover {
  agreementId: string;
  twoWayReferral: boolean;
  greenChannel: boolean;
}

export type CoverService = 'TWO_WAY_REFERRAL' | 'EMERGENCY_GREEN_CHANNEL';

/** Response deadline and expiry limit per priority, in milliseconds from the request. */
export interface DeadlinePolicy {
  responseMs: Record<ReferralPriority, number>;
  expiryMs: Record<ReferralPriority, number>;
}

export interface Milestones {
  requestedAt: Date;
  receivedAt: Date | null;
  answeredAt: Date | null;
  arrivedAt: Date | null;
  completedAt: Date | null;
  closedAt: Date | null;
  overdueAt: Date | null;
}

/** Free text written along the way: clinical, so encrypted at rest with the patient. */
export interface Notes {
  rejectionComment: string | null;
  advice: string | null;
  cancellationReason: string | null;
  dischargeSummary: string | null;
}

export interface HistoryEntry {
  at: Date;
  action: string;
  from: ReferralStatus | null;
  to: ReferralStatus;
  actorId: string;
  actorRole: string;
  /** the actor's display name when known (null: the system, or a token without one) */
  actorName?: string | null;
  /** a code only (e.g. the rejection reason): free text stays in the encrypted notes */
  code: string | null;
}

/**
 * A file attached to a referral (PDF, JPEG or PNG). Its bytes are elsewhere, encrypted (envelope):
 * `envelope` says where and how to open them; the rules never look inside it.
 */
export interface Attachment {
  id: string;
  /** the uploader's name, made safe (personal: sealed at rest) */
  fileName: string;
  mediaType: string;
  size: number;
  /** SHA-256 of the plaintext, lower-case hex */
  sha256: string;
  side: Side;
  uploadedBy: string;
  at: Date;
  envelope: AttachmentEnvelope;
}

/** Where an attachment's ciphertext is and how to open it: a per-file data key, wrapped by a referral data key. */
export interface AttachmentEnvelope {
  objectKey: string;
  /** the referral data key that wrapped the file's data key */
  keyId: string;
  wrappedKey: string;
  /** AES-256-GCM of the bytes: base64 IV and tag */
  iv: string;
  tag: string;
}

export interface ReferralState {
  id: string;
  version: number;
  status: ReferralStatus;
  direction: ReferralDirection;
  priority: ReferralPriority;
  from: PartyFacts;
  to: PartyFacts;
  agreementId: string;
  via: CoverService;
  patient: Patient;
  patientRef: string;
  clinical: Clinical;
  deadlineAt: Date;
  expiresAt: Date;
  milestones: Milestones;
  claimedBy: string | null;
  expectedArrivalAt: Date | null;
  rejectionReason: RejectionReason | null;
  notes: Notes;
  parentReferralId: string | null;
  linkedReferralId: string | null;
  history: HistoryEntry[];
  /** the files attached so far, oldest first */
  attachments: Attachment[];
  createdAt: Date;
  updatedAt: Date;
}

/** Each change produces one version and, but for an attachment (a version and a history line only), one event. */
export type ReferralChange =
  | { kind: 'requested' }
  | { kind: 'received' }
  | { kind: 'released' }
  | { kind: 'accepted'; expectedArrivalAt: Date }
  | { kind: 'rejected'; reasonCode: RejectionReason }
  | { kind: 'returned' }
  | { kind: 'cancelled' }
  | { kind: 'arrived' }
  | { kind: 'completed'; returnReferralId: string | null }
  | { kind: 'response-overdue'; overdueBySeconds: number }
  | { kind: 'expired' }
  | { kind: 'attached'; attachmentId: string };

export const REFERRAL_ACTIONS = ['receive', 'release', 'accept', 'reject', 'return', 'cancel', 'arrive', 'complete'] as const;
export type ReferralAction = (typeof REFERRAL_ACTIONS)[number];
