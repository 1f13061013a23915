import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { PlatformConfig } from '@yiyang/config';
import { KafkaGateway, OutboxRelay, OutboxWriter } from '@yiyang/messaging';
import { METRICS, PlatformMetrics } from '@yiyang/http';
import { LOGGER, PLATFORM_CONFIG } from './tokens';
import { logFn } from './logger';

/** Runs the service's outbox relay for the life of the application, and closes the Kafka gateway after it. */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly relay: OutboxRelay;
  private unsubscribe?: () => void;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly kafka: KafkaGateway,
    private readonly writer: OutboxWriter,
    @Inject(PLATFORM_CONFIG) config: PlatformConfig,
    @Inject(LOGGER) logger: Logger,
    @Inject(METRICS) metrics: PlatformMetrics,
  ) {
    this.relay = new OutboxRelay(dataSource, kafka, {
      lockName: `${config.DB_NAME}.outbox-relay`,
      pollMs: config.OUTBOX_POLL_MS,
      batchSize: config.OUTBOX_BATCH_SIZE,
      retentionHours: 24 * 7,
      log: logFn(logger, 'outbox-relay'),
      onPublished: (n) => metrics.outboxPublished.inc(n),
      onStage: (stage, seconds) => metrics.outboxStage.observe({ stage }, seconds),
    });
  }

  onApplicationBootstrap(): void {
    this.unsubscribe = this.writer.onCommitted((commit) => commit.outbox && this.relay.poke());
    this.relay.start();
    this.kafka.warmUp();
  }

  /** Before the database closes (TypeORM closes it on application shutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    this.unsubscribe?.();
    await this.relay.stop();
    // the relay is the last producer to stop; then the gateway's connections go
    await this.kafka.disconnect();
  }
}
