import { ObjectStore } from './object-store';

export interface SweepOptions {
  /** the key prefix the sweep looks under (e.g. `agreements/`) */
  prefix: string;
  /** objects last written before it count as old (an upload in flight has until then to commit its row) */
  cutoff: Date;
  /** of the given keys, those no database row refers to */
  unreferenced(keys: string[]): Promise<string[]>;
  /** how many old objects one pass looks at */
  limit?: number;
}

/**
 * Removes what an upload interrupted between the object store and the database left behind: old
 * objects under a prefix that no row refers to. A referenced object is never removed; safe with
 * replicas (deleting twice is harmless). Returns how many were removed.
 */
export async function sweepUnreferenced(store: ObjectStore, bucket: string, options: SweepOptions): Promise<number> {
  await store.ensureBucket(bucket);
  const old = await store.listOlderThan(bucket, options.cutoff, { prefix: options.prefix, limit: options.limit ?? 1000 });
  const orphans = await options.unreferenced(old.map((o) => o.key));
  for (const key of orphans) await store.delete(bucket, key);
  return orphans.length;
}
