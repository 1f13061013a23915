import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * Statistics kept as counters per county and metric, moved as events arrive: a jurisdiction's
 * figures are a sum over its counties' rows (a prefix range of the primary key), never a scan of referrals.
 */
@Injectable()
export class Counters {
  async add(em: EntityManager, division: string, metric: string, delta: number): Promise<void> {
    if (delta === 0) return;
    await em.query('INSERT INTO stat_counters (division, metric, value) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE value = value + VALUES(value)', [division, metric, delta]);
  }

  async read(em: EntityManager, jurisdiction: string): Promise<Map<string, number>> {
    const rows: { metric: string; total: string | number }[] = await em.query(
      'SELECT metric, SUM(value) AS total FROM stat_counters WHERE division LIKE ? GROUP BY metric',
      [`${jurisdiction}%`],
    );
    return new Map(rows.map((r) => [r.metric, Number(r.total)]));
  }
}
