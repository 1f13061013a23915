import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { AgreementTerms, AmendableContent, PartyFacts, PendingAmendment, Sanction, ScheduledTermination } from '../domain/agreement';

/** What of the lifecycle has no column of its own. */
export interface LifecycleJson {
  amendment: (Omit<PendingAmendment, 'proposedAt'> & { proposedAt: string }) | null;
  termination: ScheduledTermination | null;
  sanctions: Sanction[];
}

@Entity({ name: 'agreements' })
export class AgreementRow {
  @PrimaryColumn({ type: 'char', length: 36 }) id: string;
  @Column({ type: 'int', unsigned: true }) version: number;
  @Column({ type: 'varchar', length: 16 }) status: string;
  @Column({ type: 'varchar', length: 16 }) mode: string;
  @Column({ name: 'elderly_id', type: 'char', length: 36 }) elderlyId: string;
  @Column({ name: 'medical_id', type: 'char', length: 36 }) medicalId: string;
  @Column({ name: 'elderly_division', type: 'char', length: 6 }) elderlyDivision: string;
  @Column({ name: 'medical_division', type: 'char', length: 6 }) medicalDivision: string;
  @Column({ name: 'effective_from', type: 'date' }) effectiveFrom: string;
  @Column({ name: 'effective_to', type: 'date' }) effectiveTo: string;
  @Column({ name: 'predecessor_id', type: 'char', length: 36, nullable: true }) predecessorId: string | null;
  @Column({ name: 'copied_from', type: 'char', length: 36, nullable: true }) copiedFrom: string | null;
  @Column({ type: 'json' }) parties: { elderly: PartyFacts; medical: PartyFacts };
  @Column({ type: 'json' }) terms: AgreementTerms;
  @Column({ name: 'proposed_by', type: 'varchar', length: 8 }) proposedBy: string;
  @Column({ type: 'int', unsigned: true }) revision: number;
  @Column({ name: 'termination_on', type: 'date', nullable: true }) terminationOn: string | null;
  @Column({ name: 'last_reminder', type: 'int', nullable: true }) lastReminder: number | null;
  @Column({ type: 'boolean' }) sanctioned: boolean;
  @Column({ type: 'json', nullable: true }) lifecycle: LifecycleJson | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt: Date;
}

/** Who moved the agreement, when, from which status to which, and why. */
@Entity({ name: 'agreement_history' })
export class AgreementHistoryRow {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id: string;
  @Column({ name: 'agreement_id', type: 'char', length: 36 }) agreementId: string;
  @Column({ type: 'datetime', precision: 3 }) at: Date;
  @Column({ type: 'varchar', length: 32 }) action: string;
  @Column({ name: 'from_status', type: 'varchar', length: 16, nullable: true }) fromStatus: string | null;
  @Column({ name: 'to_status', type: 'varchar', length: 16 }) toStatus: string;
  @Column({ name: 'actor_id', type: 'varchar', length: 64 }) actorId: string;
  @Column({ name: 'actor_role', type: 'varchar', length: 32 }) actorRole: string;
  @Column({ name: 'actor_name', type: 'varchar', length: 200, nullable: true }) actorName: string | null;
  @Column({ type: 'varchar', length: 1000, nullable: true }) reason: string | null;
}

/** Each revision of an agreement's content both parties signed, kept for good (0: as first countersigned). */
@Entity({ name: 'agreement_revisions' })
export class AgreementRevisionRow {
  @PrimaryColumn({ name: 'agreement_id', type: 'char', length: 36 }) agreementId: string;
  @PrimaryColumn({ type: 'int', unsigned: true }) revision: number;
  @Column({ type: 'json' }) content: AmendableContent;
  @Column({ name: 'proposed_by', type: 'varchar', length: 8 }) proposedBy: string;
  @Column({ name: 'proposed_by_id', type: 'varchar', length: 64 }) proposedById: string;
  @Column({ name: 'proposed_by_name', type: 'varchar', length: 200, nullable: true }) proposedByName: string | null;
  @Column({ name: 'proposed_at', type: 'datetime', precision: 3 }) proposedAt: Date;
  @Column({ name: 'countersigned_by_id', type: 'varchar', length: 64 }) countersignedById: string;
  @Column({ name: 'countersigned_by_name', type: 'varchar', length: 200, nullable: true }) countersignedByName: string | null;
  @Column({ name: 'countersigned_at', type: 'datetime', precision: 3 }) countersignedAt: Date;
}

/** Each uploaded version of an agreement's signed document: its bytes are in the object store under object_key. */
@Entity({ name: 'agreement_documents' })
export class AgreementDocumentRow {
  @PrimaryColumn({ type: 'char', length: 36 }) id: string;
  @Column({ name: 'agreement_id', type: 'char', length: 36 }) agreementId: string;
  @Column({ type: 'int', unsigned: true }) version: number;
  @Column({ type: 'char', length: 64 }) sha256: string;
  @Column({ name: 'media_type', type: 'varchar', length: 32 }) mediaType: string;
  @Column({ name: 'size_bytes', type: 'int', unsigned: true }) sizeBytes: number;
  @Column({ name: 'file_name', type: 'varchar', length: 255 }) fileName: string;
  @Column({ name: 'object_key', type: 'varchar', length: 200 }) objectKey: string;
  @Column({ name: 'uploaded_by', type: 'varchar', length: 64 }) uploadedBy: string;
  @Column({ name: 'uploaded_at', type: 'datetime', precision: 3 }) uploadedAt: Date;
}

/** Institutions' names as this service knows them from institution.events (newest version wins). */
@Entity({ name: 'institution_names' })
export class InstitutionNameRow {
  @PrimaryColumn({ type: 'char', length: 36 }) id: string;
  @Column({ type: 'int', unsigned: true }) version: number;
  @Column({ type: 'varchar', length: 200 }) name: string;
}
