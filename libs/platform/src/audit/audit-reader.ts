import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditErrorCodes, DomainError } from '@yiyang/kernel';
import { AUDIT_EXPORT_MAX_ROWS, AuditFilter, AuditPosition, AuditScope, auditCursor, auditWhere } from './audit-query';

/** One audit entry as it is read back. */
export interface AuditEntry {
  id: string;
  at: Date;
  type: string;
  resourceId: string;
  version: number;
  action: string;
  fields: string[];
  reason: string | null;
  actor: { id: string; role: string; institutionId: string | null; name: string | null };
  parties: { institutionId: string; division: string }[];
}

interface AuditRow {
  id: string;
  at: Date;
  aggregate_type: string;
  aggregate_id: string;
  version: number | string;
  action: string;
  fields: string | string[];
  reason: string | null;
  actor_id: string;
  actor_role: string;
  actor_institution_id: string | null;
  actor_name: string | null;
  party1_institution_id: string;
  party1_division: string;
  party2_institution_id: string | null;
  party2_division: string | null;
}

/** A row as an entry (MariaDB answers JSON columns as text). */
export function auditEntryOf(r: AuditRow): AuditEntry {
  const fields: unknown = typeof r.fields === 'string' ? JSON.parse(r.fields) : r.fields;
  return {
    id: String(r.id),
    at: r.at,
    type: r.aggregate_type,
    resourceId: r.aggregate_id,
    version: Number(r.version),
    action: r.action,
    fields: Array.isArray(fields) ? fields.map(String) : [],
    reason: r.reason,
    actor: { id: r.actor_id, role: r.actor_role, institutionId: r.actor_institution_id, name: r.actor_name },
    parties: [
      { institutionId: r.party1_institution_id, division: r.party1_division },
      ...(r.party2_institution_id ? [{ institutionId: r.party2_institution_id, division: r.party2_division ?? '' }] : []),
    ],
  };
}

/** Reads the audit trail: a caller's scope and filters, newest first by keyset (ADR 0004). */
@Injectable()
export class AuditReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A page of entries after `after`, and the cursor of the next page (null: this was the last). */
  async page(
    scope: AuditScope,
    filter: AuditFilter,
    limit: number,
    after?: AuditPosition,
  ): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
    const rows = await this.read(scope, filter, limit + 1, after);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? auditCursor(last) : null };
  }

  /** Every entry for an export, newest first; more than AUDIT_EXPORT_MAX_ROWS is a 422 asking for narrower filters. */
  async all(scope: AuditScope, filter: AuditFilter): Promise<AuditEntry[]> {
    const rows = await this.read(scope, filter, AUDIT_EXPORT_MAX_ROWS + 1);
    if (rows.length > AUDIT_EXPORT_MAX_ROWS)
      throw new DomainError(
        AuditErrorCodes.AUDIT_EXPORT_TOO_LARGE,
        'rule',
        `the export would hold more than ${AUDIT_EXPORT_MAX_ROWS} entries; narrow it (a shorter from/to range, a type, an institution or an actor)`,
      );
    return rows;
  }

  private async read(scope: AuditScope, filter: AuditFilter, limit: number, after?: AuditPosition): Promise<AuditEntry[]> {
    const { sql, params } = auditWhere(scope, filter, after);
    const rows = await this.dataSource.query<AuditRow[]>(
      `SELECT id, at, aggregate_type, aggregate_id, version, action, fields, reason, actor_id, actor_role, actor_institution_id,
        actor_name, party1_institution_id, party1_division, party2_institution_id, party2_division
       FROM audit_entries ${sql} ORDER BY at DESC, id DESC LIMIT ?`,
      [...params, limit],
    );
    return rows.map(auditEntryOf);
  }
}
