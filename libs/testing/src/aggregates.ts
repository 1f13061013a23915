import { Aggregate, AggregateState, DomainError } from '@yiyang/kernel';

/**
 * given / when / then for aggregate tests:
 *
 *   given(submitted()).when((a) => a.countersign(medicalAdmin, parties, false, today, at)).then({ kind: 'countersigned' });
 *   given(draft()).when((a) => a.countersign(…)).refused('TRANSITION_NOT_ALLOWED');
 *
 * `given` is the aggregate as earlier changes left it (what they recorded is taken out first); `then`
 * checks the changes the act recorded, in order (each expected change is matched as a subset), and
 * returns the aggregate for further checks of its state; `refused` checks the error's code and that the
 * refused act changed nothing.
 */
export function given<A extends Aggregate<AggregateState, unknown>>(aggregate: A) {
  aggregate.pullChanges();
  return {
    when(act: (aggregate: A) => unknown) {
      return {
        then(...expected: object[]): A {
          act(aggregate);
          const recorded = aggregate.pullChanges().map((c) => c.change);
          expect(recorded).toEqual(expected.map((e): unknown => expect.objectContaining(e)));
          return aggregate;
        },
        refused(code: string): A {
          const before = aggregate.snapshot;
          expect(() => act(aggregate)).toThrow(expect.objectContaining({ code }) as Error);
          expect(aggregate.changed).toBe(false);
          expect(aggregate.snapshot).toBe(before);
          return aggregate;
        },
      };
    },
  };
}

/** The code of the DomainError `fn` throws (another error is thrown on; none fails the test). */
export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  throw new Error('expected a DomainError');
}
