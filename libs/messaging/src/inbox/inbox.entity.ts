import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An event a consumer has applied; inserted in the same transaction as the handler's effects. */
@Entity({ name: 'inbox' })
export class InboxRow {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  consumer: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  source: string;

  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 64 })
  eventId: string;

  @Column({ name: 'event_type', type: 'varchar', length: 128 })
  eventType: string;

  @Column({ name: 'handled_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' })
  handledAt: Date;
}
