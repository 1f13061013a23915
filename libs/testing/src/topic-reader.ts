import { randomUUID } from 'node:crypto';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import { eventually } from './infra';

export interface ReadMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  json<T = Record<string, unknown>>(): T;
}

/** Reads topics from the beginning with a consumer group of its own and keeps every message it saw. */
export class TopicReader {
  readonly messages: ReadMessage[] = [];
  private consumer?: Consumer;

  constructor(
    private readonly topics: string[],
    private readonly brokers: string[] = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  ) {}

  async start(): Promise<this> {
    const kafka = new Kafka({ clientId: 'test-reader', brokers: this.brokers, logLevel: logLevel.NOTHING, retry: { retries: 10 } });
    this.consumer = kafka.consumer({ groupId: `test-reader-${randomUUID()}`, allowAutoTopicCreation: false, retry: { retries: 20 } });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: true });
    let ready = false;
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => (ready = true));
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {}))
          if (v !== undefined) headers[k] = Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
        this.messages.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key ? message.key.toString('utf8') : null,
          value: message.value,
          headers,
          json: <T>() => JSON.parse(message.value!.toString('utf8')) as T,
        });
      },
    });
    await eventually(() => ready, 30_000, 'test reader joined its group');
    return this;
  }

  /** Waits until `count` messages match, then returns them (more may arrive later: assert exact counts after a settle). */
  async waitFor(match: (m: ReadMessage) => boolean, count = 1, timeoutMs = 30_000): Promise<ReadMessage[]> {
    return eventually(
      () => {
        const found = this.messages.filter(match);
        return found.length >= count ? found : undefined;
      },
      timeoutMs,
      `${count} matching message(s) on ${this.topics.join(',')}`,
    );
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
  }
}
