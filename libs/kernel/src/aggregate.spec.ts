import { Aggregate, AggregateState } from './aggregate';
import { InvalidTransitionError, StaleVersionError } from './domain-error';
import { StateMachine } from './state-machine';

type Status = 'OPEN' | 'CLOSED';
interface DoorState extends AggregateState {
  status: Status;
  label: string;
}
type DoorChange = { kind: 'opened' } | { kind: 'closed'; by: string } | { kind: 'relabelled' };

const lifeCycle = new StateMachine<'close' | 'relabel', Status>({
  close: { from: ['OPEN'], to: 'CLOSED' },
  relabel: { from: ['OPEN', 'CLOSED'] },
});

class Door extends Aggregate<DoorState, DoorChange> {
  static open(id: string, at: Date): Door {
    const door = new Door({ id, version: 1, updatedAt: at, status: 'OPEN', label: 'front' });
    door.recordCreation({ kind: 'opened' });
    return door;
  }

  static restore(state: DoorState): Door {
    return new Door(state);
  }

  close(by: string, at: Date): void {
    const { to } = lifeCycle.check('close', this.state.status);
    this.record({ kind: 'closed', by }, { status: to }, at);
  }

  relabel(label: string, at: Date): void {
    lifeCycle.check('relabel', this.state.status);
    this.record({ kind: 'relabelled' }, { label }, at);
  }

  tryRecreate(): void {
    this.recordCreation({ kind: 'opened' });
  }
}

const t0 = new Date('2026-11-30T08:00:00Z');
const t1 = new Date('2026-11-30T09:00:00Z');

describe('Aggregate', () => {
  it('starts at version 1 with its creation recorded', () => {
    expect(Door.open('d1', t0).pullChanges()).toEqual([{ change: { kind: 'opened' }, version: 1 }]);
  });

  it('bumps the version, applies the patch and records the change in one act', () => {
    const door = Door.open('d1', t0);
    door.close('ann', t1);
    expect(door.snapshot).toMatchObject({ status: 'CLOSED', version: 2, updatedAt: t1 });
  });

  it('numbers each pulled change with the version it produced, and pulls each once', () => {
    const door = Door.open('d1', t0);
    door.relabel('back', t1);
    door.close('ann', t1);
    expect(door.pullChanges().map((c) => [c.change.kind, c.version])).toEqual([
      ['opened', 1],
      ['relabelled', 2],
      ['closed', 3],
    ]);
    expect(door.changed).toBe(false);
    expect(door.pullChanges()).toEqual([]);
  });

  it('numbers changes of a restored aggregate from its stored version', () => {
    const door = Door.restore({ id: 'd1', version: 7, updatedAt: t0, status: 'OPEN', label: 'x' });
    door.close('ann', t1);
    expect(door.pullChanges()).toEqual([{ change: { kind: 'closed', by: 'ann' }, version: 8 }]);
  });

  it('names the fields each change patched, and "*" for the creation, pulled once with the changes', () => {
    const door = Door.open('d1', t0);
    door.relabel('back', t1);
    door.close('ann', t1);
    expect(door.pullChangesWithFields()).toEqual([
      { change: { kind: 'opened' }, version: 1, fields: ['*'] },
      { change: { kind: 'relabelled' }, version: 2, fields: ['label'] },
      { change: { kind: 'closed', by: 'ann' }, version: 3, fields: ['status'] },
    ]);
    expect(door.pullChanges()).toEqual([]);
  });

  it('names only the fields whose value the patch changed', () => {
    const door = Door.restore({ id: 'd1', version: 3, updatedAt: t0, status: 'OPEN', label: 'front' });
    door.relabel('front', t1);
    door.relabel('back', t1);
    expect(door.pullChangesWithFields().map((c) => c.fields)).toEqual([[], ['label']]);
  });

  it('names the fields, never their values', () => {
    const door = Door.restore({ id: 'd1', version: 3, updatedAt: t0, status: 'OPEN', label: 'x' });
    door.relabel('秘密标签', t1);
    expect(JSON.stringify(door.pullChangesWithFields())).not.toContain('秘密标签');
  });

  it('refuses a stale version', () => {
    const door = Door.open('d1', t0);
    expect(() => door.checkVersion(2)).toThrow(StaleVersionError);
    expect(() => door.checkVersion(1)).not.toThrow();
  });

  it('allows a creation only at version 1, once', () => {
    expect(() => Door.open('d1', t0).tryRecreate()).toThrow(/new aggregate/);
  });
});

describe('StateMachine', () => {
  it('answers the row of an allowed action', () => expect(lifeCycle.check('close', 'OPEN')).toEqual({ from: ['OPEN'], to: 'CLOSED' }));

  it('refuses an action from a status not in its row, naming both', () => {
    expect(() => lifeCycle.check('close', 'CLOSED')).toThrow(InvalidTransitionError);
    expect(() => lifeCycle.check('close', 'CLOSED')).toThrow('cannot close from status CLOSED');
  });

  it('lists the actions open from a status', () => {
    expect(lifeCycle.actionsFrom('OPEN')).toEqual(['close', 'relabel']);
    expect(lifeCycle.actionsFrom('CLOSED')).toEqual(['relabel']);
    expect(lifeCycle.allows('close', 'CLOSED')).toBe(false);
  });

  it('leaves a refused aggregate unchanged', () => {
    const door = Door.open('d1', t0);
    door.close('ann', t1);
    door.pullChanges();
    const before = door.snapshot;
    expect(() => door.close('bob', t1)).toThrow(InvalidTransitionError);
    expect(door.snapshot).toBe(before);
    expect(door.changed).toBe(false);
  });
});
