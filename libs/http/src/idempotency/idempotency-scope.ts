import { AsyncLocalStorage } from 'node:async_hooks';

/** The Idempotency-Key of the request being handled, for the unit of work to mark its commit with. */
export interface IdempotencyScope {
  principal: string;
  key: string;
}

const storage = new AsyncLocalStorage<IdempotencyScope>();

export function runInIdempotencyScope<T>(scope: IdempotencyScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentIdempotencyScope(): IdempotencyScope | undefined {
  return storage.getStore();
}
