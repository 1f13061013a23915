import { StaleVersionError } from './domain-error';

/** What every aggregate's state carries: its identity, its version (one per change) and when it last changed. */
export interface AggregateState {
  readonly id: string;
  readonly version: number;
  readonly updatedAt: Date;
}

/** A change the aggregate recorded, with the version it produced: version v is the v-th event of its stream. */
export interface RecordedChange<C> {
  change: C;
  version: number;
}

/**
 * The base of every aggregate. Its state changes only through `record()`, where applying the patch,
 * bumping the version and recording the change for the event stream are one act; the store takes the
 * changes out with `pullChanges()` and publishes them with the state, in one transaction.
 */
export abstract class Aggregate<S extends AggregateState, C> {
  private pending: C[] = [];

  protected constructor(private current: S) {}

  get snapshot(): Readonly<S> {
    return this.current;
  }

  get id(): string {
    return this.current.id;
  }

  get version(): number {
    return this.current.version;
  }

  protected get state(): Readonly<S> {
    return this.current;
  }

  /** If-Match: the version the caller read must be the current one. */
  checkVersion(expected: number): void {
    if (expected !== this.current.version) throw new StaleVersionError(expected, this.current.version);
  }

  /** Whether anything was recorded since the aggregate was loaded (or since the changes were last pulled). */
  get changed(): boolean {
    return this.pending.length > 0;
  }

  /** Takes the recorded changes out, each with the version it produced (the last one is the current version). */
  pullChanges(): RecordedChange<C>[] {
    const first = this.current.version - this.pending.length + 1;
    const out = this.pending.map((change, i) => ({ change, version: first + i }));
    this.pending = [];
    return out;
  }

  /** A new aggregate's first change: the state it was built with is version 1. */
  protected recordCreation(change: C): void {
    if (this.current.version !== 1 || this.pending.length > 0) throw new Error('recordCreation() is for a new aggregate at version 1');
    this.pending.push(change);
  }

  /** The one way an aggregate changes: the patch applied, the version bumped and the change recorded together. */
  protected record(change: C, patch: Partial<Omit<S, 'id' | 'version' | 'updatedAt'>>, at: Date): void {
    this.current = { ...this.current, ...patch, version: this.current.version + 1, updatedAt: at };
    this.pending.push(change);
  }
}
