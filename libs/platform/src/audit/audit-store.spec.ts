import { EntityManager } from 'typeorm';
import { Topics } from '@yiyang/contracts';
import { Aggregate, AggregateState, ManualClock } from '@yiyang/kernel';
import { EventDraft } from '@yiyang/messaging';
import { AggregateRepository } from '../aggregate-repository';
import { AggregateDefinition, AggregateStore } from '../aggregate-store';
import { Transaction, UnitOfWork } from '../unit-of-work';

interface DoorState extends AggregateState {
  label: string;
  open: boolean;
}
type DoorChange = { kind: 'built' } | { kind: 'relabelled' } | { kind: 'closed'; reason: string };

class Door extends Aggregate<DoorState, DoorChange> {
  static build(id: string, at: Date): Door {
    const door = new Door({ id, version: 1, updatedAt: at, label: 'front', open: true });
    door.recordCreation({ kind: 'built' });
    return door;
  }
  /** A new door whose creation records no change (like a DRAFT no one else has seen). */
  static quiet(id: string, at: Date): Door {
    return new Door({ id, version: 1, updatedAt: at, label: 'side', open: true });
  }
  relabel(label: string, at: Date): void {
    this.record({ kind: 'relabelled' }, { label }, at);
  }
  close(reason: string, at: Date): void {
    this.record({ kind: 'closed', reason }, { open: false }, at);
  }
}

const at = new Date('2026-11-30T08:00:00Z');
const actor = { userId: 'u-1', role: 'medical-admin', institutionId: 'i-1', name: '王建国' };

/** A store over fakes: what it appended to the audit trail and the outbox, in order. */
function storeOver(door: Door, definition: Partial<AggregateDefinition<Door, DoorState, DoorChange, never>> = {}) {
  const writes: { table: 'audit' | 'outbox'; rows: unknown[] }[] = [];
  const em = {
    query: (sql: string, params: unknown[][]) => {
      if (sql.startsWith('INSERT INTO audit_entries')) writes.push({ table: 'audit', rows: params[0] });
      return Promise.resolve();
    },
  } as unknown as EntityManager;
  const tx: Transaction = {
    em,
    publish: (_topic: string, drafts: EventDraft[]) => {
      if (drafts.length) writes.push({ table: 'outbox', rows: drafts });
      return Promise.resolve([]);
    },
    resource: () => undefined,
  };
  const uow = { run: <T>(work: (t: Transaction) => Promise<T>) => work(tx) } as unknown as UnitOfWork;
  const repository = {
    insert: () => Promise.resolve(),
    save: () => Promise.resolve(),
    getForUpdate: () => Promise.resolve(door),
  } as unknown as AggregateRepository<Door, DoorState, object>;
  const store = new AggregateStore<Door, DoorState, DoorChange, never, object>(uow, new ManualClock(at), repository, {
    name: 'door',
    topic: Topics.institution,
    resourcePath: (id) => `/v1/doors/${id}`,
    // a relabelling publishes nothing, like a draft's edit
    event: (change) => (change.kind === 'relabelled' ? null : ({ type: `door.${change.kind}`, data: {} } as never)),
    division: () => '350102',
    involves: () => true,
    parties: () => [
      { institutionId: 'i-1', division: '350102' },
      { institutionId: 'i-2', division: '350203' },
    ],
    ...definition,
  });
  return { store, writes };
}

describe('AggregateStore and the audit trail', () => {
  it('audits every recorded change, one row each, those publishing no event included, before the outbox', async () => {
    const door = Door.build('d-1', at);
    door.pullChanges();
    const { store, writes } = storeOver(door);
    await store.change('d-1', {}, actor, (d, ctx) => {
      d.relabel('back', ctx.at);
      d.close('损坏', ctx.at);
    });
    expect(writes.map((w) => [w.table, w.rows.length])).toEqual([
      ['audit', 2],
      ['outbox', 1],
    ]);
    expect(writes[0].rows).toEqual([
      [at, 'door', 'd-1', 2, 'relabelled', '["label"]', null, 'u-1', 'medical-admin', 'i-1', '王建国', 'i-1', '350102', 'i-2', '350203'],
      [at, 'door', 'd-1', 3, 'closed', '["open"]', '损坏', 'u-1', 'medical-admin', 'i-1', '王建国', 'i-1', '350102', 'i-2', '350203'],
    ]);
  });

  it("audits a creation with the fields '*', and its events carry the actor's role and id only, never the name", async () => {
    const { store, writes } = storeOver(Door.build('d-0', at));
    await store.create(actor, () => Door.build('d-2', at));
    expect((writes[0].rows[0] as unknown[]).slice(0, 6)).toEqual([at, 'door', 'd-2', 1, 'built', '["*"]']);
    const [event] = writes[1].rows as EventDraft[];
    expect(event.actor).toEqual({ userId: 'u-1', role: 'medical-admin' });
    expect(JSON.stringify(writes[1].rows)).not.toContain('王建国');
  });

  it("audits a new aggregate that recorded no change as 'created', publishing nothing", async () => {
    const { store, writes } = storeOver(Door.build('d-0', at));
    await store.create(actor, () => Door.quiet('d-5', at));
    expect(writes).toEqual([
      {
        table: 'audit',
        rows: [[at, 'door', 'd-5', 1, 'created', '["*"]', null, 'u-1', 'medical-admin', 'i-1', '王建国', 'i-1', '350102', 'i-2', '350203']],
      },
    ]);
  });

  it("takes the definition's reason over the change's, and names a party named twice once", async () => {
    const door = Door.build('d-3', at);
    door.pullChanges();
    const { store, writes } = storeOver(door, {
      reason: (change) => (change.kind === 'closed' ? 'CODE' : null),
      parties: () => [
        { institutionId: 'i-1', division: '350102' },
        { institutionId: 'i-1', division: '350102' },
      ],
    });
    await store.change('d-3', {}, actor, (d, ctx) => d.close('自由文本', ctx.at));
    expect((writes[0].rows[0] as unknown[]).slice(6)).toEqual([
      'CODE',
      'u-1',
      'medical-admin',
      'i-1',
      '王建国',
      'i-1',
      '350102',
      null,
      null,
    ]);
  });

  it('writes nothing for an aggregate that recorded no change', async () => {
    const door = Door.build('d-4', at);
    door.pullChanges();
    const { store, writes } = storeOver(door);
    await store.change('d-4', {}, actor, () => undefined);
    expect(writes).toEqual([]);
  });
});
