import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventTypes } from '@yiyang/contracts';
import { dropDatabase, openDataSource } from '@yiyang/database';
import { KafkaGateway, MessagingTables1763800000000, OutboxRelay, OutboxRow, OutboxWriter, InboxRow } from '@yiyang/messaging';
import { TopicReader, mysqlSettings, testDatabase } from '@yiyang/testing';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const topic = `relay-${randomUUID()}`;
const database = testDatabase('relay');
const settings = { ...mysqlSettings(), database, poolSize: 5, createDatabase: true, migrate: true };

let dataSource: DataSource;
const gateways: KafkaGateway[] = [];

function relay(name: string): OutboxRelay {
  const kafka = new KafkaGateway({ brokers, clientId: name, partitions: 3, replicationFactor: 1 });
  gateways.push(kafka);
  return new OutboxRelay(dataSource, kafka, {
    lockName: `${database}.outbox-relay`,
    pollMs: 20,
    batchSize: 25,
    retentionHours: 1,
    log: () => undefined,
  });
}

beforeAll(async () => {
  dataSource = await openDataSource(settings, { entities: [OutboxRow, InboxRow], migrations: [MessagingTables1763800000000] });
  const setup = new KafkaGateway({ brokers, clientId: 'setup', partitions: 3, replicationFactor: 1 });
  gateways.push(setup);
  await setup.ensureTopics([topic]);
});

afterAll(async () => {
  await Promise.all(gateways.map((g) => g.disconnect()));
  await dataSource?.destroy();
  await dropDatabase(settings);
});

describe('outbox relay', () => {
  it('publishes each row exactly once, in order per aggregate, with two relays running on one outbox', async () => {
    const writer = new OutboxWriter('/yiyang/test', '');
    const aggregates = Array.from({ length: 20 }, () => randomUUID());
    const reader = await new TopicReader([topic]).start();
    const first = relay('relay-a');
    const second = relay('relay-b');
    first.start();
    second.start();
    try {
      // rows keep arriving while both relays run
      for (let round = 1; round <= 10; round++) {
        await dataSource.transaction(async (em) => {
          await writer.append(
            em,
            topic,
            aggregates.map((id) => ({
              type: EventTypes.institution.updated,
              aggregateType: 'institution',
              aggregateId: id,
              sequence: round,
              division: '350102',
              data: { round },
              actor: { userId: 'test', role: 'system' },
            })),
          );
        });
      }
      const total = aggregates.length * 10;
      await reader.waitFor(() => true, total, 60_000);
      await new Promise((r) => setTimeout(r, 1500)); // anything published twice would arrive by now
      const ids = reader.messages.map((m) => m.json<{ id: string }>().id);
      expect(ids).toHaveLength(total);
      expect(new Set(ids).size).toBe(total);
      for (const id of aggregates) {
        const sequences = reader.messages.filter((m) => m.key === id).map((m) => m.json<{ sequence: number }>().sequence);
        expect(sequences).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      }
      expect([first.status.leader, second.status.leader].filter(Boolean)).toHaveLength(1);
      const [unsent] = await dataSource.query('SELECT COUNT(*) AS n FROM outbox WHERE published_at IS NULL');
      expect(Number(unsent.n)).toBe(0);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
      await reader.stop();
    }
  });

  it('hands over to the standby when the publishing relay stops', async () => {
    const writer = new OutboxWriter('/yiyang/test', '');
    const id = randomUUID();
    const reader = await new TopicReader([topic]).start();
    const a = relay('relay-c');
    const b = relay('relay-d');
    a.start();
    await new Promise((r) => setTimeout(r, 200));
    b.start();
    try {
      await a.stop(); // releases the lock: b takes over
      await dataSource.transaction((em) =>
        writer.append(em, topic, [
          {
            type: EventTypes.institution.updated,
            aggregateType: 'institution',
            aggregateId: id,
            sequence: 1,
            division: '350102',
            data: {},
            actor: { userId: 't', role: 'system' },
          },
        ]),
      );
      const [message] = await reader.waitFor((m) => m.key === id, 1, 30_000);
      expect(message.json<{ sequence: number }>().sequence).toBe(1);
      expect(b.status.leader).toBe(true);
    } finally {
      await b.stop();
      await reader.stop();
    }
  });
});
