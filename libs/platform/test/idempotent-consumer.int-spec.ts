import { Controller, Module } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { NestExpressApplication } from '@nestjs/platform-express';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { loadPlatformConfig } from '@yiyang/config';
import { EventTypes, Topics, deadLetterTopic, topicName } from '@yiyang/contracts';
import { DomainError } from '@yiyang/kernel';
import { IdempotentConsumer, PlatformEvent, buildEvent } from '@yiyang/messaging';
import { ConsumerFactory, PlatformModule, createServiceApp } from '@yiyang/platform';
import { TopicReader, eventually, institutionSnapshot, query, testDatabase } from '@yiyang/testing';

/** A projection table of this test's own: `applied` counts how often each event reached the handler. */
class ProjectionTable1763800009000 implements MigrationInterface {
  name = 'ProjectionTable1763800009000';
  async up(q: QueryRunner) {
    await q.query(
      'CREATE TABLE projected (id CHAR(36) NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL, applied INT NOT NULL, trx VARCHAR(32) NULL)',
    );
  }
  async down(q: QueryRunner) {
    await q.query('DROP TABLE projected');
  }
}

const transactions = new WeakMap<EntityManager, string>();
let transactionCount = 0;
const transactionNumber = (em: EntityManager) => {
  if (!transactions.has(em)) transactions.set(em, String(++transactionCount));
  return transactions.get(em)!;
};

@Controller()
class InstitutionProjection {
  private readonly consumer: IdempotentConsumer;

  constructor(factory: ConsumerFactory) {
    this.consumer = factory.create({
      [EventTypes.institution.registered]: async (event: PlatformEvent<{ institution: { id: string; name: string } }>, em) => {
        const { id, name } = event.data.institution;
        if (name.startsWith('拒绝')) throw new DomainError('REFUSED', 'rule', 'this test refuses institutions named 拒绝…');
        // which transaction applied it (each transaction has an entity manager of its own): events of one batch share one
        await em.query('INSERT INTO projected (id, name, applied, trx) VALUES (?, ?, 1, ?) ON DUPLICATE KEY UPDATE applied = applied + 1', [
          id,
          name,
          transactionNumber(em),
        ]);
      },
    });
  }

  @EventPattern(topicName(Topics.institution))
  handle(@Ctx() context: KafkaContext) {
    return ConsumerFactory.handle(this.consumer, context);
  }
}

const database = testDatabase('consumer');
const config = loadPlatformConfig(
  { port: 3999, database, serviceName: 'consumer-test' },
  {
    ...process.env,
    DB_NAME: database,
    KAFKA_CONSUMER_GROUP: `consumer-test-${randomUUID()}`,
    KAFKA_TOPIC_PARTITIONS: '3',
    LOG_LEVEL: 'error',
  },
);

@Module({
  imports: [
    PlatformModule.forRoot({
      config,
      title: 'consumer test',
      description: 'test',
      entities: [],
      migrations: [ProjectionTable1763800009000],
      publishes: [],
      consumes: [Topics.institution],
    }),
  ],
  controllers: [InstitutionProjection],
})
class ConsumerTestModule {}

const topic = topicName(Topics.institution);
let app: NestExpressApplication;
const kafka = new Kafka({ clientId: 'consumer-test-producer', brokers: config.KAFKA_BROKERS, logLevel: logLevel.NOTHING });
const producer = kafka.producer();

function registered(id: string, name: string) {
  const institution = institutionSnapshot({ id, name });
  return buildEvent(
    {
      type: EventTypes.institution.registered,
      aggregateType: 'institution',
      aggregateId: id,
      sequence: 1,
      division: '350102',
      data: { institution },
      actor: { userId: 't', role: 'registrar' },
    },
    '/yiyang/test',
  );
}

beforeAll(async () => {
  app = await createServiceApp(ConsumerTestModule, { listen: false });
  await producer.connect();
});

afterAll(async () => {
  await producer.disconnect();
  await app?.close();
});

describe('idempotent consumer on the Nest Kafka transport', () => {
  it('applies a redelivered event once, dead-letters poison messages with the reason, and keeps consuming', async () => {
    const key = randomUUID(); // one key: every message lands on one partition, in this order
    const first = registered(randomUUID(), '第一家');
    const last = registered(randomUUID(), '最后一家');
    const dlq = await new TopicReader([deadLetterTopic(topic)]).start();
    try {
      await producer.send({
        topic,
        messages: [
          { key, value: JSON.stringify(first) },
          { key, value: JSON.stringify(first) }, // redelivery of the same event
          { key, value: '{"this is": not json' },
          { key, value: JSON.stringify({ ...registered(randomUUID(), 'v9'), type: 'yiyang.institution.registered.v9' }) },
          { key, value: JSON.stringify({ ...registered(randomUUID(), 'bad'), data: { institution: { id: 'not-a-uuid' } } }) },
          { key, value: JSON.stringify(last) },
        ],
      });

      const rows = await eventually(
        async () => {
          // the topic is shared with the rest of the run: look only at this test's institutions
          const r = await query<{ id: string; applied: number }>(
            config.DB_NAME,
            'SELECT id, applied FROM projected WHERE id IN (?, ?) ORDER BY name',
            [first.data.institution.id, last.data.institution.id],
          );
          return r.length === 2 ? r : undefined;
        },
        60_000,
        'both valid events projected',
      );
      expect(rows.map((r) => Number(r.applied))).toEqual([1, 1]);
      expect(new Set(rows.map((r) => r.id))).toEqual(new Set([first.data.institution.id, last.data.institution.id]));

      // other suites' services consume the run's topics too and dead-letter the same poison: look at this consumer's only
      const dead = await dlq.waitFor(
        (m) => m.headers['x-dlq-original-topic'] === topic && m.key === key && m.headers['x-dlq-consumer'] === config.KAFKA_CONSUMER_GROUP,
        3,
        30_000,
      );
      expect(dead.map((m) => m.headers['x-dlq-reason'])).toEqual([
        expect.stringMatching(/^unparsable/),
        expect.stringMatching(/unknown event type or schema version/),
        expect.stringMatching(/^failing validation: data\.institution\.id/),
      ]);
      expect(dead[0].value?.toString()).toBe('{"this is": not json');
      expect(dead[0].headers['x-dlq-consumer']).toBe(config.KAFKA_CONSUMER_GROUP);

      const inbox = await query<{ n: number }>(config.DB_NAME, 'SELECT COUNT(*) AS n FROM inbox WHERE event_id IN (?, ?)', [
        first.id,
        last.id,
      ]);
      expect(Number(inbox[0].n)).toBe(2);
    } finally {
      await dlq.stop();
    }
  });

  it('applies a fetched run of events in shared transactions, and one by one when an event in it is refused: each applied once, the refused one dead-lettered once', async () => {
    const key = randomUUID();
    const events = Array.from({ length: 60 }, (_, i) =>
      registered(randomUUID(), i === 37 ? `拒绝${i}` : `批量${String(i).padStart(2, '0')}`),
    );
    const dlq = await new TopicReader([deadLetterTopic(topic)]).start();
    try {
      await producer.send({ topic, messages: events.map((e) => ({ key, value: JSON.stringify(e) })) });
      const accepted = events.filter((_, i) => i !== 37);
      const ids = accepted.map((e) => e.data.institution.id);
      const rows = await eventually(
        async () => {
          const r = await query<{ applied: number; trx: string | null }>(
            config.DB_NAME,
            `SELECT applied, trx FROM projected WHERE id IN (${ids.map(() => '?').join(', ')})`,
            ids,
          );
          return r.length === accepted.length ? r : undefined;
        },
        60_000,
        'every accepted event projected',
      );
      const refused = await dlq.waitFor((m) => m.headers['x-dlq-consumer'] === config.KAFKA_CONSUMER_GROUP && m.key === key, 1, 30_000);
      expect(refused[0].headers['x-dlq-reason']).toMatch(/^rejected by handler: this test refuses/);
      await new Promise((r) => setTimeout(r, 1500)); // anything applied or dead-lettered twice would show by now
      expect(rows.every((r) => Number(r.applied) === 1)).toBe(true);
      expect(dlq.messages.filter((m) => m.headers['x-dlq-consumer'] === config.KAFKA_CONSUMER_GROUP && m.key === key)).toHaveLength(1);
      // the run reached the consumer in few fetches: most of its events shared a transaction with others
      const shared = new Set(rows.map((r) => r.trx));
      expect(shared.size).toBeLessThan(accepted.length / 2);
      const inbox = await query<{ n: number }>(
        config.DB_NAME,
        `SELECT COUNT(*) AS n FROM inbox WHERE event_id IN (${events.map(() => '?').join(', ')})`,
        events.map((e) => e.id),
      );
      expect(Number(inbox[0].n)).toBe(accepted.length);
    } finally {
      await dlq.stop();
    }
  });
});
