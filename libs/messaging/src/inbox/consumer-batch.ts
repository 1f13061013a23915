import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager } from 'typeorm';
import { readCommitted } from '@yiyang/database';

/** An open transaction shared by the consumed events of one batch, and what to do once it commits. */
export interface ConsumerBatch {
  em: EntityManager;
  afterCommit: (() => void)[];
}

/** Thrown inside a batch by an event that cannot be applied there; the batch rolls back and its events are applied one by one. */
export class LeaveBatch extends Error {}

const storage = new AsyncLocalStorage<ConsumerBatch>();

export function currentBatch(): ConsumerBatch | undefined {
  return storage.getStore();
}

/**
 * Runs `work` — which hands several consumed messages, one after another, to their handlers — in one
 * transaction: each idempotent consumer inside applies its event (inbox key and effects) with it, and
 * all of them commit together, so a batch costs one commit instead of one per event. If any event
 * cannot be applied (a poison message, a handler's refusal, a failure) everything rolls back and the
 * result says why: the caller then applies the same messages one at a time, where each gets its own
 * retries or dead-lettering. Nothing is reported (metrics, wake-ups) until the commit.
 */
export async function inConsumerBatch(
  dataSource: DataSource,
  work: () => Promise<void>,
): Promise<{ committed: true } | { committed: false; reason: string }> {
  const afterCommit: (() => void)[] = [];
  try {
    await readCommitted(dataSource, (em) => storage.run({ em, afterCommit }, work));
  } catch (err) {
    return { committed: false, reason: (err as Error).message };
  }
  for (const done of afterCommit) done();
  return { committed: true };
}
