import { Admin, ITopicConfig, Kafka, LogEntry, Message, Partitioners, Producer, logLevel } from 'kafkajs';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  partitions: number;
  replicationFactor: number;
}

export interface OutgoingMessage {
  topic: string;
  key: string;
  value: string | Buffer;
  headers?: Record<string, string>;
}

type Log = (level: 'error' | 'warn' | 'info' | 'debug', message: string, extra?: Record<string, unknown>) => void;

/**
 * The one place that touches kafkajs for producing and administration (the Nest transport consumes).
 * Keeping it small keeps a later move to another client to this file.
 */
export class KafkaGateway {
  private readonly kafka: Kafka;
  private producer?: Producer;
  private connecting?: Promise<Producer>;
  private admin?: Admin;

  constructor(
    private readonly settings: KafkaSettings,
    private readonly log: Log = () => undefined,
  ) {
    this.kafka = new Kafka({
      clientId: settings.clientId,
      brokers: settings.brokers,
      connectionTimeout: 3000,
      requestTimeout: 10000,
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
      logLevel: logLevel.WARN,
      logCreator: () => (entry: LogEntry) => {
        // kafkajs reports every refused connection as an error; the relay and consumers say what it means for the service
        const level = entry.level <= logLevel.WARN ? 'warn' : 'info';
        const { message, timestamp: _t, logger: _l, ...rest } = entry.log as LogEntry['log'] & { logger?: string };
        this.log(level, `kafkajs${entry.namespace ? ` ${entry.namespace}` : ''}: ${message}`, rest);
      },
    });
  }

  get client(): Kafka {
    return this.kafka;
  }

  /** Creates missing topics (and their .dlq twins when asked) with the configured partitions. */
  async ensureTopics(topics: string[]): Promise<void> {
    const admin = await this.getAdmin();
    const existing = new Set(await admin.listTopics());
    const missing: ITopicConfig[] = [...new Set(topics)]
      .filter((t) => !existing.has(t))
      .map((topic) => ({ topic, numPartitions: this.settings.partitions, replicationFactor: this.settings.replicationFactor }));
    if (missing.length > 0) {
      try {
        await admin.createTopics({ topics: missing, waitForLeaders: true });
      } catch (err) {
        // another service or replica starting at the same moment may have created some of them: that is fine
        if (!/already exists|Topic creation errors/i.test((err as Error).message)) throw err;
      }
    }
    await this.waitForLeaders([...new Set(topics)]);
  }

  /**
   * Until every partition of the topics has a leader: a topic another process has just created may be
   * listed before it can be consumed ("This server does not host this topic-partition").
   */
  private async waitForLeaders(topics: string[], deadlineMs = 30_000): Promise<void> {
    const admin = await this.getAdmin();
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      try {
        const { topics: meta } = await admin.fetchTopicMetadata({ topics });
        if (meta.length === topics.length && meta.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
      if (Date.now() > deadline) throw new Error(`topics ${topics.join(', ')} have no leader yet`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Publishes messages in the given order with acks from all in-sync replicas; resolves once durable. */
  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const byTopic = new Map<string, Message[]>();
    for (const m of messages) {
      const list = byTopic.get(m.topic) ?? [];
      list.push({ key: m.key, value: m.value, headers: m.headers });
      byTopic.set(m.topic, list);
    }
    const producer = await this.getProducer();
    try {
      await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })) });
    } catch (err) {
      await this.resetProducer();
      throw err;
    }
  }

  /** Health: the cluster answers a metadata request. */
  async ping(): Promise<void> {
    const admin = await this.getAdmin();
    await admin.describeCluster();
  }

  /**
   * Connects the producer ahead of the first send, so that the first event after start-up does not wait
   * for the broker's handshake; a failure is left for the first send, which connects again.
   */
  warmUp(): void {
    this.getProducer().catch(() => undefined);
  }

  async disconnect(): Promise<void> {
    await this.resetProducer();
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }

  private async getAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin({ retry: { retries: 2 } });
      try {
        await admin.connect();
      } catch (err) {
        await admin.disconnect().catch(() => undefined);
        throw err;
      }
      this.admin = admin;
    }
    return this.admin;
  }

  private async getProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    if (!this.connecting) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      this.connecting = producer
        .connect()
        .then(() => {
          this.producer = producer;
          return producer;
        })
        .finally(() => {
          this.connecting = undefined;
        });
    }
    return this.connecting;
  }

  private async resetProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }
}
