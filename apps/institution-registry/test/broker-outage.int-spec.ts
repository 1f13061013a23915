import { createServer } from 'node:net';
import { join } from 'node:path';
import { EventTypes, Topics, topicName } from '@yiyang/contracts';
import { TopicReader, bearer, eventually, nursingHome, query, runId } from '@yiyang/testing';
import { BrokerInstance, ROOT, removeInstance, startBroker, stopBroker } from '../../../deploy/local/kafka';
import { RegistryUnderTest, startRegistry } from './registry-app';

// A broker of this test's own, on ports no other broker uses, so stopping it disturbs nobody else.
let broker: BrokerInstance;
const registrar = bearer({ roles: ['registrar'] });
let registry: RegistryUnderTest;

/** A port whose next port is free too (the broker's controller listens there). */
async function freePortPair(): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const probe = createServer().once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
  for (;;) {
    const port = 20000 + 2 * Math.floor(Math.random() * 5000);
    if ((await free(port)) && (await free(port + 1))) return port;
  }
}

beforeAll(async () => {
  broker = { port: await freePortPair(), dir: join(ROOT, '.local', 'kafka', `outage-${runId()}`) };
  const { started } = await startBroker(broker);
  if (!started) throw new Error(`a broker already answered on ${broker.port}: this test needs one of its own`);
  registry = await startRegistry('outage', { env: { KAFKA_BROKERS: `127.0.0.1:${broker.port}` } });
});

afterAll(async () => {
  await registry?.close();
  await stopBroker(broker);
  removeInstance(broker);
});

describe('when the broker is down', () => {
  it('still registers institutions, and publishes every one in order, none twice, once the broker is back', async () => {
    const register = async () => {
      const res = await registry.http.post('/v1/institutions').set('Authorization', registrar).send(nursingHome());
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const ids = [await register()];
    await eventually(
      async () => {
        const [row] = await query<{ n: number }>(registry.database, 'SELECT COUNT(*) AS n FROM outbox WHERE published_at IS NULL');
        return Number(row.n) === 0;
      },
      30_000,
      'first event published',
    );

    await stopBroker(broker);
    for (let i = 0; i < 5; i++) ids.push(await register());
    // the same institution changes twice while the broker is away: its events must stay in order
    const patched = await registry.http
      .patch(`/v1/institutions/${ids[1]}`)
      .set('Authorization', registrar)
      .set('If-Match', '1')
      .send({ name: '断网期间改名养老院' });
    expect(patched.status).toBe(200);
    const [pending] = await query<{ n: number }>(registry.database, 'SELECT COUNT(*) AS n FROM outbox WHERE published_at IS NULL');
    expect(Number(pending.n)).toBe(6);
    const ready = await registry.http.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.details.kafka.status).toBe('down');

    await startBroker(broker);
    const reader = await new TopicReader([topicName(Topics.institution)], [`127.0.0.1:${broker.port}`]).start();
    try {
      await reader.waitFor(() => true, 7, 90_000);
      await new Promise((r) => setTimeout(r, 1500));
      const events = reader.messages.map((m) => ({ key: m.key, ...m.json<{ id: string; type: string; sequence: number }>() }));
      expect(events).toHaveLength(7);
      expect(new Set(events.map((e) => e.id)).size).toBe(7);
      expect(new Set(events.map((e) => e.key))).toEqual(new Set(ids));
      expect(events.filter((e) => e.key === ids[1]).map((e) => [e.type, e.sequence])).toEqual([
        [EventTypes.institution.registered, 1],
        [EventTypes.institution.updated, 2],
      ]);
      const [unsent] = await query<{ n: number }>(registry.database, 'SELECT COUNT(*) AS n FROM outbox WHERE published_at IS NULL');
      expect(Number(unsent.n)).toBe(0);
    } finally {
      await reader.stop();
    }
  });
});
