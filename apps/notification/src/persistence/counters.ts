import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { runBeforeCommit } from '@yiyang/database';

/**
 * Statistics kept as counters per county and metric, moved as events arrive: a jurisdiction's
 * figures are a sum over its counties' rows (a prefix range of the primary key), never a scan of referrals.
 */
@Injectable()
export class Counters {
  /** a transaction's counter moves not yet written, by division and metric */
  private readonly pending = new WeakMap<EntityManager, Map<string, { division: string; metric: string; delta: number }>>();

  /**
   * Moves a counter. Inside a `readCommitted` transaction the moves are merged and written once, just
   * before it commits, in key order: a batch of events touches each counter row once, and holds its
   * lock only at the end (concurrent batches move the same hot rows), never in an order that deadlocks.
   */
  async add(em: EntityManager, division: string, metric: string, delta: number): Promise<void> {
    if (delta === 0) return;
    let moves = this.pending.get(em);
    if (!moves) {
      const fresh = new Map<string, { division: string; metric: string; delta: number }>();
      if (!runBeforeCommit(em, () => this.write(em, fresh))) return this.write(em, new Map([['', { division, metric, delta }]]));
      this.pending.set(em, fresh);
      moves = fresh;
    }
    const key = `${division} ${metric}`;
    const move = moves.get(key);
    if (move) move.delta += delta;
    else moves.set(key, { division, metric, delta });
  }

  private async write(em: EntityManager, moves: Map<string, { division: string; metric: string; delta: number }>): Promise<void> {
    this.pending.delete(em);
    const rows = [...moves.entries()]
      .filter(([, m]) => m.delta !== 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, m]) => [m.division, m.metric, m.delta]);
    if (rows.length === 0) return;
    await em.query('INSERT INTO stat_counters (division, metric, value) VALUES ? ON DUPLICATE KEY UPDATE value = value + VALUES(value)', [
      rows,
    ]);
  }

  async read(em: EntityManager, jurisdiction: string): Promise<Map<string, number>> {
    const rows: { metric: string; total: string | number }[] = await em.query(
      'SELECT metric, SUM(value) AS total FROM stat_counters WHERE division LIKE ? GROUP BY metric',
      [`${jurisdiction}%`],
    );
    return new Map(rows.map((r) => [r.metric, Number(r.total)]));
  }
}
