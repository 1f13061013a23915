import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { KafkaContext } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { PlatformConfig } from '@yiyang/config';
import { DeadLetterPublisher, EventHandlers, IdempotentConsumer, IncomingMessage, KafkaGateway, OutboxWriter } from '@yiyang/messaging';
import { METRICS, PlatformMetrics } from '@yiyang/http';
import { LOGGER, PLATFORM_CONFIG } from './tokens';
import { logFn } from './logger';

export function consumerGroupOf(config: PlatformConfig): string {
  return config.KAFKA_CONSUMER_GROUP ?? config.SERVICE_NAME;
}

/** The message a Nest Kafka handler received, as the idempotent consumer reads it. */
export function incomingFrom(context: KafkaContext): IncomingMessage {
  const message = context.getMessage();
  return {
    topic: context.getTopic(),
    partition: context.getPartition(),
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers: message.headers,
  };
}

/** Builds idempotent consumers wired to this service's database, DLQ, logs and metrics. */
@Injectable()
export class ConsumerFactory {
  private readonly deadLetters: DeadLetterPublisher;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    kafka: KafkaGateway,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: PlatformMetrics,
    private readonly outbox: OutboxWriter,
  ) {
    this.deadLetters = new DeadLetterPublisher(kafka, consumerGroupOf(config));
  }

  create(handlers: EventHandlers, name = consumerGroupOf(this.config)): IdempotentConsumer {
    return new IdempotentConsumer(this.dataSource, this.deadLetters, {
      consumer: name,
      handlers,
      log: logFn(this.logger, 'consumer'),
      onApplied: (type, seconds, em) => {
        this.metrics.handling.observe({ type }, seconds);
        // a handler may have written to the outbox (or a table a live stream follows): tell them now rather than at their next poll
        this.outbox.committed(em);
      },
      onOutcome: (outcome, type) => this.metrics.consumed.inc({ outcome, type }),
    });
  }

  /** Processes one message from a Nest @EventPattern handler, heartbeating during retries. */
  static handle(consumer: IdempotentConsumer, context: KafkaContext) {
    return consumer.process(incomingFrom(context), () => context.getHeartbeat()());
  }
}
