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

/** What a change created: every field (an audit trail's `fields` of a creation). */
export const CREATED_FIELDS: readonly string[] = ['*'];

/** A recorded change with the names of the state fields it patched (`['*']` for a creation): what an audit trail keeps. */
export interface ChangeWithFields<C> extends RecordedChange<C> {
  fields: string[];
}

/**
 * The base of every aggregate. Its state changes only through `record()`, where applying the patch,
 * bumping the version and recording the change for the event stream are one act; the store takes the
 * changes out with `pullChanges()` and publishes them with the state, in one transaction.
 */
export abstract class Aggregate<S extends AggregateState, C> {
  private pending: { change: C; fields: string[] }[] = [];

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
    return this.pullChangesWithFields().map(({ change, version }) => ({ change, version }));
  }

  /**
   * Takes the recorded changes out like `pullChanges()`, each also naming the state fields it changed
   * (sorted; `['*']` for the creation): the store writes them to the audit trail. Names only, never values.
   */
  pullChangesWithFields(): ChangeWithFields<C>[] {
    const first = this.current.version - this.pending.length + 1;
    const out = this.pending.map(({ change, fields }, i) => ({ change, version: first + i, fields: [...fields] }));
    this.pending = [];
    return out;
  }

  /** A new aggregate's first change: the state it was built with is version 1. */
  protected recordCreation(change: C): void {
    if (this.current.version !== 1 || this.pending.length > 0) throw new Error('recordCreation() is for a new aggregate at version 1');
    this.pending.push({ change, fields: [...CREATED_FIELDS] });
  }

  /**
   * The one way an aggregate changes: the patch applied, the version bumped and the change recorded
   * together, with the names of the fields whose value the patch changed (none: e.g. a reminder).
   */
  protected record(change: C, patch: Partial<Omit<S, 'id' | 'version' | 'updatedAt'>>, at: Date): void {
    const fields = changedFields(this.current, patch);
    this.current = { ...this.current, ...patch, version: this.current.version + 1, updatedAt: at };
    this.pending.push({ change, fields });
  }
}

/** The same plain value (state is data: primitives, dates, arrays and records of them). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The names of the fields a patch gives another value, sorted. */
function changedFields(current: object, patch: object): string[] {
  const before = current as Record<string, unknown>;
  return Object.entries(patch)
    .filter(([key, value]) => !sameValue(before[key], value))
    .map(([key]) => key)
    .sort();
}
