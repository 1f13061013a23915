import { DataSource, EntityManager } from 'typeorm';
import { backoffDelay, sleep } from '@yiyang/kernel';
import { isTransientDbError } from './errors';

/**
 * Runs work in one transaction, retrying the whole transaction on deadlocks and lost connections
 * (never on business errors) with exponential backoff.
 */
export async function inTransaction<T>(
  dataSource: DataSource,
  work: (em: EntityManager) => Promise<T>,
  options: { attempts?: number; baseMs?: number; maxMs?: number } = {},
): Promise<T> {
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await dataSource.transaction('READ COMMITTED', work);
    } catch (err) {
      if (attempt >= attempts || !isTransientDbError(err)) throw err;
      await sleep(backoffDelay(attempt, { baseMs: options.baseMs ?? 50, maxMs: options.maxMs ?? 2000 }));
    }
  }
}
