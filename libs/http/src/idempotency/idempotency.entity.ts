import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The first response to a POST with an Idempotency-Key, kept so a retry gets it again. */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyRecord {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  principal: string;

  @PrimaryColumn({ name: 'idem_key', type: 'varchar', length: 200 })
  key: string;

  @Column({ type: 'varchar', length: 500 })
  path: string;

  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash: string;

  @Column({ name: 'status_code', type: 'smallint', nullable: true })
  statusCode: number | null;

  @Column({ name: 'response_body', type: 'longtext', nullable: true })
  responseBody: string | null;

  @Column({ name: 'response_headers', type: 'json', nullable: true })
  responseHeaders: Record<string, string> | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  /** set in the change's own transaction: the request was applied even if its response was never stored */
  @Column({ name: 'committed_resource', type: 'varchar', length: 300, nullable: true })
  committedResource: string | null;
}
