import { InvalidTransitionError } from './domain-error';

/** One action of a state machine: the statuses it may start from and, when it moves the aggregate, where to. */
export interface Transition<S extends string> {
  readonly from: readonly S[];
  readonly to?: S;
}

/**
 * An aggregate's life cycle as a table (action → from-statuses → to-status), the one style all
 * aggregates use: the table is the documentation, and `check()` the only guard of a status.
 */
export class StateMachine<A extends string, S extends string, T extends Transition<S> = Transition<S>> {
  constructor(readonly table: Readonly<Record<A, T>>) {}

  /** The action's row, after checking that `status` is one it may start from (409 TRANSITION_NOT_ALLOWED otherwise). */
  check(action: A, status: S): T {
    const row = this.table[action];
    if (!row.from.includes(status)) throw new InvalidTransitionError(action, status);
    return row;
  }

  /** Whether the action may start from `status`. */
  allows(action: A, status: S): boolean {
    return this.table[action].from.includes(status);
  }

  /** The actions open from `status`, in table order (what a client may offer). */
  actionsFrom(status: S): A[] {
    return (Object.keys(this.table) as A[]).filter((a) => this.table[a].from.includes(status));
  }
}
