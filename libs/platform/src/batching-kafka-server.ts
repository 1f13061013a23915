import { KafkaOptions, ServerKafka } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload, KafkaMessage } from '@nestjs/microservices/external/kafka.interface';
import { DataSource } from 'typeorm';
import { inConsumerBatch } from '@yiyang/messaging';
import { LogFn } from './logger';

export interface BatchingSettings {
  dataSource: DataSource;
  /** the most events applied in one transaction (1: one transaction per event) */
  maxEvents: number;
  log: LogFn;
}

/**
 * The Nest Kafka transport, consuming a partition's fetched messages in batches: each message still goes
 * through Nest to its @EventPattern handler, but a run of up to `maxEvents` of them is applied in one
 * database transaction (see `inConsumerBatch`), and their offsets are resolved only after it commits. If
 * a run cannot commit as a whole, its halves are tried, down to single messages handled in their own
 * transaction as with `eachMessage`. Order within a partition is kept either way, and an offset is
 * never committed before the effects of its message.
 */
export class BatchingKafkaServer extends ServerKafka {
  private closing = false;

  constructor(
    options: Required<KafkaOptions>['options'],
    private readonly batching: BatchingSettings,
  ) {
    super(options);
    // kafkajs restarts a crashed consumer on a timer (the broker was away); once the server is closing
    // it must not, or a stopped service keeps reconnecting (and a test process never exits)
    const consumer = (this.options.consumer ??= { groupId: '' });
    consumer.retry = { ...consumer.retry, restartOnFailure: () => Promise.resolve(!this.closing) };
  }

  override async close(): Promise<void> {
    this.closing = true;
    await super.close();
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    const topics = [...this.messageHandlers.keys()];
    if (topics.length > 0) await consumer.subscribe({ ...(this.options.subscribe ?? {}), topics });
    await consumer.run({ ...(this.options.run ?? {}), eachBatchAutoResolve: false, eachBatch: (payload) => this.handleBatch(payload) });
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, commitOffsetsIfNecessary, heartbeat } = payload;
    const { maxEvents } = this.batching;
    for (let start = 0; start < batch.messages.length; start += maxEvents) {
      if (!(await this.applyRun(batch.messages.slice(start, start + maxEvents), payload))) return;
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  /**
   * Applies a run of messages in one transaction; if it cannot commit, each half again (so one poison
   * message costs a few rolled-back attempts, not the batching of its neighbours), down to single
   * messages, which are handled in their own transaction with their own retries and dead-lettering.
   * False when the consumer stopped or lost the partition on the way (the rest is redelivered).
   */
  private async applyRun(messages: KafkaMessage[], payload: EachBatchPayload): Promise<boolean> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, pause } = payload;
    if (!isRunning() || isStale()) return false;
    // a copy of the message each time: a run that rolled back hands the same messages over again
    const handle = (message: KafkaMessage) =>
      this.handleMessage({ topic: batch.topic, partition: batch.partition, message: { ...message }, heartbeat, pause });
    if (messages.length === 1) {
      await handle(messages[0]);
      resolveOffset(messages[0].offset);
      return true;
    }
    const outcome = await inConsumerBatch(this.batching.dataSource, async () => {
      for (const message of messages) await handle(message);
    });
    if (outcome.committed) {
      messages.forEach((message) => resolveOffset(message.offset));
      return true;
    }
    this.batching.log('debug', 'events could not be applied together; trying each half', {
      topic: batch.topic,
      partition: batch.partition,
      events: messages.length,
      reason: outcome.reason,
    });
    await heartbeat();
    const half = Math.ceil(messages.length / 2);
    return (await this.applyRun(messages.slice(0, half), payload)) && this.applyRun(messages.slice(half), payload);
  }
}
