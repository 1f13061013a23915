import { EntityManager } from 'typeorm';

/**
 * Values read once per transaction: a consumer batch applies many events in one transaction, and the
 * same institutions' names or the same subscriptions would otherwise be read again for each of them.
 * Keyed by the transaction's entity manager, so nothing outlives the transaction; a writer in the same
 * transaction must `forget` what it changes.
 */
export class TransactionCache<K, V> {
  private readonly byTransaction = new WeakMap<EntityManager, Map<K, V>>();

  of(em: EntityManager): Map<K, V> {
    let map = this.byTransaction.get(em);
    if (!map) {
      map = new Map();
      this.byTransaction.set(em, map);
    }
    return map;
  }

  forget(em: EntityManager, key: K): void {
    this.byTransaction.get(em)?.delete(key);
  }
}
