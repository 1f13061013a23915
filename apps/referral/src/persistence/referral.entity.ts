import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { PartyFacts } from '../domain/referral';

/**
 * A referral row. What queues, schedulers and statistics query has a column; the resident and every
 * piece of clinical text sit in two AES-256-GCM sealed columns, with the id of the key that sealed them.
 */
@Entity({ name: 'referrals' })
export class ReferralRow {
  @PrimaryColumn({ type: 'char', length: 36 }) id: string;
  @Column({ type: 'int', unsigned: true }) version: number;
  @Column({ type: 'varchar', length: 24 }) status: string;
  @Column({ type: 'varchar', length: 4 }) direction: string;
  @Column({ type: 'varchar', length: 12 }) priority: string;
  /** 0 EMERGENCY, 1 URGENT, 2 ROUTINE: the desk queue's first sort key */
  @Column({ name: 'priority_rank', type: 'tinyint', unsigned: true }) priorityRank: number;
  @Column({ name: 'from_id', type: 'char', length: 36 }) fromId: string;
  @Column({ name: 'to_id', type: 'char', length: 36 }) toId: string;
  @Column({ name: 'from_division', type: 'char', length: 6 }) fromDivision: string;
  @Column({ name: 'to_division', type: 'char', length: 6 }) toDivision: string;
  @Column({ type: 'json' }) parties: { from: PartyFacts; to: PartyFacts };
  @Column({ name: 'agreement_id', type: 'char', length: 36 }) agreementId: string;
  @Column({ type: 'varchar', length: 32 }) via: string;
  @Column({ name: 'patient_ref', type: 'varchar', length: 64 }) patientRef: string;
  @Column({ name: 'masked_id', type: 'char', length: 18 }) maskedId: string;
  @Column({ type: 'varchar', length: 32 }) indication: string;
  @Column({ name: 'deadline_at', type: 'datetime', precision: 3 }) deadlineAt: Date;
  @Column({ name: 'expires_at', type: 'datetime', precision: 3 }) expiresAt: Date;
  @Column({ name: 'requested_at', type: 'datetime', precision: 3 }) requestedAt: Date;
  @Column({ name: 'received_at', type: 'datetime', precision: 3, nullable: true }) receivedAt: Date | null;
  @Column({ name: 'answered_at', type: 'datetime', precision: 3, nullable: true }) answeredAt: Date | null;
  @Column({ name: 'arrived_at', type: 'datetime', precision: 3, nullable: true }) arrivedAt: Date | null;
  @Column({ name: 'completed_at', type: 'datetime', precision: 3, nullable: true }) completedAt: Date | null;
  @Column({ name: 'closed_at', type: 'datetime', precision: 3, nullable: true }) closedAt: Date | null;
  @Column({ name: 'overdue_at', type: 'datetime', precision: 3, nullable: true }) overdueAt: Date | null;
  @Column({ name: 'claimed_by', type: 'varchar', length: 64, nullable: true }) claimedBy: string | null;
  @Column({ name: 'expected_arrival_at', type: 'datetime', precision: 3, nullable: true }) expectedArrivalAt: Date | null;
  @Column({ name: 'rejection_reason', type: 'varchar', length: 32, nullable: true }) rejectionReason: string | null;
  @Column({ name: 'parent_id', type: 'char', length: 36, nullable: true }) parentId: string | null;
  @Column({ name: 'linked_id', type: 'char', length: 36, nullable: true }) linkedId: string | null;
  @Column({ name: 'key_id', type: 'varchar', length: 32 }) keyId: string;
  /** sealed JSON: name, sex, birth date, ID number, insurance */
  @Column({ name: 'patient_sealed', type: 'text' }) patientSealed: string;
  /** sealed JSON: indication details, ICD-10, summary, vitals, comments, advice, discharge summary */
  @Column({ name: 'clinical_sealed', type: 'text' }) clinicalSealed: string;
  /** keyed blind index of the resident's ID number (HMAC-SHA256, hex; ADR 0005); null until the backfill reaches an older row */
  @Column({ name: 'resident_index', type: 'char', length: 64, nullable: true }) residentIndex: string | null;
  /** the data key the index's HMAC key was derived from */
  @Column({ name: 'resident_index_key_id', type: 'varchar', length: 32, nullable: true }) residentIndexKeyId: string | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt: Date;
}

/** Who moved the referral, when, from which status to which; codes only, never free text. */
@Entity({ name: 'referral_history' })
export class ReferralHistoryRow {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id: string;
  @Column({ name: 'referral_id', type: 'char', length: 36 }) referralId: string;
  @Column({ type: 'datetime', precision: 3 }) at: Date;
  @Column({ type: 'varchar', length: 32 }) action: string;
  @Column({ name: 'from_status', type: 'varchar', length: 24, nullable: true }) fromStatus: string | null;
  @Column({ name: 'to_status', type: 'varchar', length: 24 }) toStatus: string;
  @Column({ name: 'actor_id', type: 'varchar', length: 64 }) actorId: string;
  @Column({ name: 'actor_role', type: 'varchar', length: 32 }) actorRole: string;
  /** the actor's display name when known (for display; never in events) */
  @Column({ name: 'actor_name', type: 'varchar', length: 200, nullable: true }) actorName: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) code: string | null;
}

/**
 * A file attached to a referral. The bytes are in the object store, encrypted with a data key of their
 * own; the data key is here, wrapped (sealed) by a referral data key (`key_id`), with the IV and tag.
 * The file name is personal data: sealed (`name_key_id`), like the clinical text. Appended, never rewritten.
 */
@Entity({ name: 'referral_attachments' })
export class ReferralAttachmentRow {
  @PrimaryColumn({ type: 'char', length: 36 }) id: string;
  @Column({ name: 'referral_id', type: 'char', length: 36 }) referralId: string;
  /** 0, 1, 2…: the order the files were attached in */
  @Column({ type: 'int', unsigned: true }) position: number;
  @Column({ name: 'media_type', type: 'varchar', length: 32 }) mediaType: string;
  @Column({ type: 'int', unsigned: true }) size: number;
  /** SHA-256 of the plaintext, hex */
  @Column({ type: 'char', length: 64 }) sha256: string;
  @Column({ type: 'varchar', length: 8 }) side: string;
  @Column({ name: 'uploaded_by', type: 'varchar', length: 64 }) uploadedBy: string;
  @Column({ name: 'uploaded_at', type: 'datetime', precision: 3 }) uploadedAt: Date;
  @Column({ name: 'object_key', type: 'varchar', length: 200 }) objectKey: string;
  @Column({ name: 'key_id', type: 'varchar', length: 32 }) keyId: string;
  @Column({ name: 'wrapped_key', type: 'varchar', length: 255 }) wrappedKey: string;
  @Column({ type: 'varchar', length: 24 }) iv: string;
  @Column({ type: 'varchar', length: 24 }) tag: string;
  @Column({ name: 'name_key_id', type: 'varchar', length: 32 }) nameKeyId: string;
  @Column({ name: 'file_name_sealed', type: 'text' }) fileNameSealed: string;
}

/** This service's read model of agreement.events: which pairs may refer, under which service. */
@Entity({ name: 'agreement_coverage' })
export class AgreementCoverageRow {
  @PrimaryColumn({ type: 'char', length: 36 }) id: string;
  @Column({ type: 'int', unsigned: true }) sequence: number;
  @Column({ name: 'elderly_id', type: 'char', length: 36 }) elderlyId: string;
  @Column({ name: 'medical_id', type: 'char', length: 36 }) medicalId: string;
  @Column({ type: 'varchar', length: 16 }) status: string;
  @Column({ name: 'effective_from', type: 'date' }) effectiveFrom: string;
  @Column({ name: 'effective_to', type: 'date' }) effectiveTo: string;
  @Column({ name: 'two_way_referral', type: 'boolean' }) twoWayReferral: boolean;
  @Column({ name: 'green_channel', type: 'boolean' }) greenChannel: boolean;
}
