import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { runBeforeCommit } from '@yiyang/database';
import { MILESTONE_MARKS, MilestoneMark, DivisionRow, InstitutionRow } from '../statistics/referral-metrics';
import { Granularity } from '../statistics/periods';

interface Pending {
  divisions: Map<string, DivisionRow>;
  institutions: Map<string, InstitutionRow>;
}

/** How a granularity's period start is computed from a row's day, in SQL (the day is already a China date). */
const PERIOD_SQL: Record<Granularity, string> = {
  day: "DATE_FORMAT(day, '%Y-%m-%d')",
  week: "DATE_FORMAT(DATE_SUB(day, INTERVAL WEEKDAY(day) DAY), '%Y-%m-%d')",
  month: "DATE_FORMAT(day, '%Y-%m-01')",
};

/** Summed counters: by period (or child division) then metric. */
export type Sums = Map<string, Map<string, number>>;

/**
 * The daily statistics tables (stat_daily by division level, stat_institution_daily by institution),
 * moved in the consumer's transaction as referral events arrive, merged and written once just before
 * it commits, in key order (as `Counters` does); and the milestones each referral has had counted.
 */
@Injectable()
export class DailyCounters {
  private readonly pending = new WeakMap<EntityManager, Pending>();

  async add(em: EntityManager, rows: { divisions: DivisionRow[]; institutions: InstitutionRow[] }): Promise<void> {
    if (rows.divisions.length === 0 && rows.institutions.length === 0) return;
    let p = this.pending.get(em);
    if (!p) {
      const fresh: Pending = { divisions: new Map(), institutions: new Map() };
      if (!runBeforeCommit(em, () => this.write(em, fresh))) {
        merge(fresh, rows);
        return this.write(em, fresh);
      }
      this.pending.set(em, fresh);
      p = fresh;
    }
    merge(p, rows);
  }

  /** The milestones of a referral already counted (its row locked until the transaction ends). */
  async marks(em: EntityManager, referralId: string): Promise<Set<MilestoneMark>> {
    const rows = await em.query<{ marks: string }[]>('SELECT marks FROM stat_referral_marks WHERE referral_id = ? FOR UPDATE', [
      referralId,
    ]);
    const listed = rows[0]?.marks.split(',') ?? [];
    return new Set(MILESTONE_MARKS.filter((m) => listed.includes(m)));
  }

  async setMarks(em: EntityManager, referralId: string, marks: ReadonlySet<MilestoneMark>): Promise<void> {
    await em.query('INSERT INTO stat_referral_marks (referral_id, marks) VALUES (?, ?) ON DUPLICATE KEY UPDATE marks = VALUES(marks)', [
      referralId,
      MILESTONE_MARKS.filter((m) => marks.has(m)).join(','),
    ]);
  }

  /** A division's counters over a range of days, summed by period. */
  divisionSeries(em: EntityManager, division: string, from: string, to: string, granularity: Granularity): Promise<Sums> {
    return this.series(em, { table: 'stat_daily', column: 'division', id: division }, from, to, granularity);
  }

  /** An institution's counters over a range of days, summed by period. */
  institutionSeries(em: EntityManager, institutionId: string, from: string, to: string, granularity: Granularity): Promise<Sums> {
    return this.series(em, { table: 'stat_institution_daily', column: 'institution_id', id: institutionId }, from, to, granularity);
  }

  /** One division's or institution's counters, summed by period (the table and column are this file's, never input). */
  private async series(
    em: EntityManager,
    of: { table: 'stat_daily'; column: 'division'; id: string } | { table: 'stat_institution_daily'; column: 'institution_id'; id: string },
    from: string,
    to: string,
    granularity: Granularity,
  ): Promise<Sums> {
    const rows = await em.query<{ k: string; metric: string; total: string | number }[]>(
      `SELECT ${PERIOD_SQL[granularity]} AS k, metric, SUM(value) AS total FROM ${of.table}
        WHERE ${of.column} = ? AND day BETWEEN ? AND ? GROUP BY k, metric`,
      [of.id, from, to],
    );
    return group(rows);
  }

  /** The counters of a division's children (the next level down) over a range of days, summed by child. */
  async children(em: EntityManager, division: string, from: string, to: string): Promise<Sums> {
    const rows = await em.query<{ k: string; metric: string; total: string | number }[]>(
      `SELECT division AS k, metric, SUM(value) AS total FROM stat_daily
        WHERE parent = ? AND day BETWEEN ? AND ? GROUP BY k, metric`,
      [division, from, to],
    );
    return group(rows);
  }

  private async write(em: EntityManager, p: Pending): Promise<void> {
    this.pending.delete(em);
    const divisions = sorted(p.divisions).map((r) => [r.division, r.day, r.metric, r.parent, r.delta]);
    const institutions = sorted(p.institutions).map((r) => [r.institutionId, r.day, r.metric, r.delta]);
    if (divisions.length > 0)
      await em.query(
        'INSERT INTO stat_daily (division, day, metric, parent, value) VALUES ? ON DUPLICATE KEY UPDATE value = value + VALUES(value)',
        [divisions],
      );
    if (institutions.length > 0)
      await em.query(
        'INSERT INTO stat_institution_daily (institution_id, day, metric, value) VALUES ? ON DUPLICATE KEY UPDATE value = value + VALUES(value)',
        [institutions],
      );
  }
}

function merge(p: Pending, rows: { divisions: DivisionRow[]; institutions: InstitutionRow[] }): void {
  for (const r of rows.divisions) bump(p.divisions, `${r.division} ${r.day} ${r.metric}`, r);
  for (const r of rows.institutions) bump(p.institutions, `${r.institutionId} ${r.day} ${r.metric}`, r);
}

function bump<T extends { delta: number }>(into: Map<string, T>, key: string, row: T): void {
  const had = into.get(key);
  if (had) had.delta += row.delta;
  else into.set(key, { ...row });
}

const sorted = <T extends { delta: number }>(rows: Map<string, T>): T[] =>
  [...rows.entries()]
    .filter(([, r]) => r.delta !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, r]) => r);

function group(rows: { k: string; metric: string; total: string | number }[]): Sums {
  const sums: Sums = new Map();
  for (const r of rows) {
    let m = sums.get(r.k);
    if (!m) sums.set(r.k, (m = new Map<string, number>()));
    m.set(r.metric, Number(r.total));
  }
  return sums;
}
