import { StaleVersionError } from './domain-error';

/** The changes an aggregate recorded since it was loaded; each produced one version. */
export class PendingChanges<C> {
  private items: C[] = [];

  record(change: C): void {
    this.items.push(change);
  }

  /** Takes the changes out, each with the version it produced (the last one is `currentVersion`). */
  pull(currentVersion: number): { change: C; version: number }[] {
    const first = currentVersion - this.items.length + 1;
    const out = this.items.map((change, i) => ({ change, version: first + i }));
    this.items = [];
    return out;
  }
}

/** If-Match: the version the caller read must be the current one. */
export function checkVersion(expected: number, actual: number): void {
  if (expected !== actual) throw new StaleVersionError(expected, actual);
}
