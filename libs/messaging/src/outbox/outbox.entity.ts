import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One event waiting to be published (or published: kept for a retention period, for audit). */
@Entity({ name: 'outbox' })
@Index('ix_outbox_unpublished', ['publishedAt', 'id'])
export class OutboxRow {
  /** relay order */
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

  @Column({ name: 'event_id', type: 'char', length: 36, unique: true })
  eventId: string;

  @Column({ name: 'aggregate_type', type: 'varchar', length: 64 })
  aggregateType: string;

  /** the Kafka key */
  @Column({ name: 'aggregate_id', type: 'varchar', length: 64 })
  aggregateId: string;

  @Column({ type: 'varchar', length: 249 })
  topic: string;

  @Column({ name: 'event_type', type: 'varchar', length: 128 })
  eventType: string;

  /** the whole CloudEvent, structured mode */
  @Column({ type: 'longtext' })
  payload: string;

  @Column({ type: 'json' })
  headers: Record<string, string>;

  @Column({ name: 'occurred_at', type: 'datetime', precision: 3 })
  occurredAt: Date;

  @Column({ name: 'published_at', type: 'datetime', precision: 3, nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'int', unsigned: true, default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;
}
