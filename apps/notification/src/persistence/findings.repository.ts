import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { COMPLIANCE_RULES, ComplianceRule, FindingSnapshot } from '@yiyang/contracts';
import { NotFoundError, ValidationError, decodeCursor, encodeCursor } from '@yiyang/kernel';
import { ErrorCodes } from '../domain/error-codes';
import { DesiredFinding } from '../domain/compliance';
import { findingDivisions } from '../domain/notices';

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

function toSnapshot(r: Record<string, unknown>): FindingSnapshot {
  return {
    id: r.id as string,
    rule: r.rule as ComplianceRule,
    subject: r.subject as string,
    division: r.division as string,
    status: r.status as FindingSnapshot['status'],
    raisedAt: (r.raised_at as Date).toISOString(),
    resolvedAt: r.resolved_at ? (r.resolved_at as Date).toISOString() : null,
    details: json<Record<string, unknown>>(r.details),
  };
}

const openKey = (d: { rule: string; subject: string }) => `${d.rule}|${d.subject}`;

/** Compliance findings: at most one OPEN finding per rule and subject (a unique open key), resolved in place. */
@Injectable()
export class FindingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Makes the stored findings agree with what the rules want: raises what should be open and is not,
   * resolves what is open and should not be. Returns the findings that changed (to publish).
   */
  async reconcile(em: EntityManager, desired: DesiredFinding[], at: Date): Promise<FindingSnapshot[]> {
    const changed: FindingSnapshot[] = [];
    for (const d of desired) {
      const [open] = await em.query<Record<string, unknown>[]>('SELECT * FROM findings WHERE open_key = ? FOR UPDATE', [openKey(d)]);
      if (d.open && !open) {
        const id = randomUUID();
        // a finding about two parties in different divisions is stored under both (rule 5)
        const other = findingDivisions({ division: d.division, details: d.details }).find((x) => x !== d.division) ?? null;
        const result = await em.query<{ affectedRows?: number }>(
          `INSERT IGNORE INTO findings (id, rule, subject, division, other_division, status, open_key, raised_at, details) VALUES (?, ?, ?, ?, ?, 'OPEN', ?, ?, ?)`,
          [id, d.rule, d.subject, d.division, other, openKey(d), at, JSON.stringify(d.details)],
        );
        if (Number(result.affectedRows) === 1)
          changed.push(toSnapshot((await em.query<Record<string, unknown>[]>('SELECT * FROM findings WHERE id = ?', [id]))[0]));
      } else if (!d.open && open) {
        await em.query("UPDATE findings SET status = 'RESOLVED', open_key = NULL, resolved_at = ? WHERE id = ?", [at, open.id]);
        changed.push(toSnapshot((await em.query<Record<string, unknown>[]>('SELECT * FROM findings WHERE id = ?', [open.id]))[0]));
      }
    }
    return changed;
  }

  /** Findings of either party's division inside the jurisdiction, newest first. */
  async list(filter: { jurisdiction: string; rule?: string; status?: string }, limit: number, cursor?: string) {
    const params: unknown[] = [`${filter.jurisdiction}%`, `${filter.jurisdiction}%`];
    let where = '(division LIKE ? OR other_division LIKE ?)';
    if (filter.rule) {
      where += ' AND rule = ?';
      params.push(filter.rule);
    }
    if (filter.status) {
      where += ' AND status = ?';
      params.push(filter.status);
    }
    if (cursor) {
      const c = decodeCursor<{ at: string; id: string }>(cursor, ['at', 'id']);
      const at = new Date(String(c.at));
      if (Number.isNaN(at.getTime())) throw new ValidationError([{ field: 'cursor', message: 'is not a cursor this list returned' }]);
      where += ' AND (raised_at < ? OR (raised_at = ? AND id < ?))';
      params.push(at, at, c.id);
    }
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT * FROM findings WHERE ${where} ORDER BY raised_at DESC, id DESC LIMIT ?`,
      [...params, limit + 1],
    );
    const page = rows.slice(0, limit).map(toSnapshot);
    const last = page[page.length - 1];
    return { items: page, nextCursor: rows.length > limit ? encodeCursor({ at: last.raisedAt, id: last.id }) : null };
  }

  async get(jurisdiction: string, id: string): Promise<FindingSnapshot> {
    const [r] = await this.dataSource.query<Record<string, unknown>[]>(
      'SELECT * FROM findings WHERE id = ? AND (division LIKE ? OR other_division LIKE ?)',
      [id, `${jurisdiction}%`, `${jurisdiction}%`],
    );
    if (!r) throw new NotFoundError('finding', ErrorCodes.FINDING_NOT_FOUND);
    return toSnapshot(r);
  }

  /**
   * Open findings by rule concerning either party's division inside the jurisdiction, each counted once
   * (for statistics that match the findings list; its cost grows with the open findings, not with history).
   */
  async openCounts(jurisdiction: string): Promise<Record<ComplianceRule, number>> {
    // each side read by its (status, division) index: the cost follows the open findings, never the resolved history
    const rows = await this.dataSource.query<{ rule: ComplianceRule; n: unknown }[]>(
      `SELECT rule, COUNT(*) AS n FROM (
         SELECT id, rule FROM findings WHERE status = 'OPEN' AND division LIKE ?
         UNION
         SELECT id, rule FROM findings WHERE status = 'OPEN' AND other_division LIKE ?
       ) open_here GROUP BY rule`,
      [`${jurisdiction}%`, `${jurisdiction}%`],
    );
    const counts = Object.fromEntries(COMPLIANCE_RULES.map((r) => [r, 0])) as Record<ComplianceRule, number>;
    for (const r of rows) counts[r.rule] = Number(r.n);
    return counts;
  }

  /** Institutions' display names as this service knows them (outside any transaction: for responses). */
  async names(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.dataSource.query<{ id: string; name: string }[]>(
      `SELECT id, name FROM nx_institutions WHERE id IN (${unique.map(() => '?').join(',')})`,
      unique,
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
