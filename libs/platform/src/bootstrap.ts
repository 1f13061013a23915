import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { PlatformConfig } from '@yiyang/config';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { deadLetterTopic, topicName } from '@yiyang/contracts';
import { backoffDelay, sleep } from '@yiyang/kernel';
import { KafkaGateway } from '@yiyang/messaging';
import { setupOpenApi } from '@yiyang/http';
import { BatchingKafkaServer } from './batching-kafka-server';
import { ConsumerFactory, consumerGroupOf } from './consumer-factory';
import { createLogger, logFn } from './logger';
import { HoldingServer, guardProcess, isConfigurationError, patiently, startupStatus } from './startup';
import { LOGGER, SERVICE_DEFINITION } from './tokens';
import { ServiceDefinition } from './platform.module';

/** JSON keys that could reach an object's prototype are refused at parse time (a 400, never pollution). */
function refusePrototypeKeys(key: string, value: unknown): unknown {
  if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw new SyntaxError(`the key "${key}" is not allowed`);
  return value;
}

/** Creates the service's topics, waiting (with backoff, as long as it takes) while Kafka does not answer. */
async function ensureTopics(kafka: KafkaGateway, definition: ServiceDefinition, logger: Logger): Promise<void> {
  const prefix = definition.config.KAFKA_TOPIC_PREFIX;
  const consumed = definition.consumes.map((t) => topicName(t, prefix));
  const topics = [...definition.publishes.map((t) => topicName(t, prefix)), ...consumed, ...consumed.map(deadLetterTopic)];
  await patiently('kafka', logger, () => kafka.ensureTopics(topics));
}

export interface StartOptions {
  /** listen on PORT/HOST (false: initialise only, for tests that use the HTTP server in-process) */
  listen: boolean;
  /** called once the application is ready, just before it listens (frees the port of a holding server) */
  beforeListen?: () => Promise<void>;
}

/**
 * Creates a service's Nest application on the platform: JSON body limit, OpenAPI, shutdown hooks,
 * topics, the Kafka consumer (when the service consumes), and the HTTP listener. The database and
 * Kafka are waited for; if the start is interrupted anyway (the database lost while a hook reads it),
 * what was built is closed and the error thrown, for the caller to start again.
 */
export async function createServiceApp(appModule: unknown, options: StartOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(appModule as never, {
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
  });
  try {
    const definition = app.get<ServiceDefinition>(SERVICE_DEFINITION);
    const logger = app.get<Logger>(LOGGER);
    const { config } = definition;
    app.useLogger(app.get(PinoNestLogger));
    app.disable('x-powered-by');
    app.useBodyParser('json', {
      limit: config.BODY_LIMIT,
      type: ['application/json', 'application/*+json'],
      strict: true,
      reviver: refusePrototypeKeys,
    });
    setupOpenApi(app as INestApplication, definition.title, definition.description);
    app.enableShutdownHooks();

    await ensureTopics(app.get(KafkaGateway), definition, logger);
    if (definition.consumes.length > 0) {
      app.get(ConsumerFactory);
      const server = new BatchingKafkaServer(
        {
          postfixId: '',
          client: { clientId: config.SERVICE_NAME, brokers: config.KAFKA_BROKERS, retry: { retries: 10, initialRetryTime: 300 } },
          consumer: { groupId: consumerGroupOf(config), allowAutoTopicCreation: false, sessionTimeout: 30000, heartbeatInterval: 3000 },
          subscribe: { fromBeginning: true },
          parser: { keepBinary: true },
          run: { autoCommit: true, partitionsConsumedConcurrently: config.KAFKA_CONSUMER_CONCURRENCY },
        },
        { dataSource: app.get(DataSource), maxEvents: config.KAFKA_CONSUMER_BATCH, log: logFn(logger, 'consumer') },
      );
      app.connectMicroservice<MicroserviceOptions>({ strategy: server }, { inheritAppConfig: true });
      await app.startAllMicroservices();
    }
    await app.init();
    if (options.listen) {
      await options.beforeListen?.();
      await app.listen(config.PORT, config.HOST);
      logger.info(
        { port: config.PORT, docs: `http://127.0.0.1:${config.PORT}/docs` },
        `${config.SERVICE_NAME} listening on http://${config.HOST}:${config.PORT}`,
      );
    }
    return app;
  } catch (err) {
    await app.close().catch(() => undefined);
    throw err;
  }
}

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** What main.ts of a service hands over: its validated configuration and its root module. */
export interface ServiceEntry {
  config: PlatformConfig;
  module: unknown;
}

/**
 * main.ts of every service. A configuration error (a sentence naming the setting) ends the process
 * with code 1; nothing else does. While the database or Kafka is down the service waits with backoff,
 * a holding server answers on its port (`/health/ready` 503 with what it waits for), and start-up is
 * begun again if a fault interrupts it; once everything answers, the application takes over the port.
 */
export async function runService(load: () => ServiceEntry): Promise<void> {
  const level = LEVELS.has(process.env.LOG_LEVEL ?? '') ? (process.env.LOG_LEVEL as string) : 'info';
  let logger = createLogger(process.env.SERVICE_NAME || 'service', level);
  guardProcess(logger);
  const fail = (err: unknown): never => {
    const sentence = (err as Error)?.message ?? String(err);
    logger.fatal({ err }, sentence);
    process.stderr.write(`${sentence}\n`);
    process.exit(1);
  };
  let entry: ServiceEntry;
  try {
    entry = load();
  } catch (err) {
    // load() only reads settings and key files: whatever it refuses is configuration
    return fail(err);
  }
  logger = createLogger(entry.config.SERVICE_NAME, entry.config.LOG_LEVEL);
  const holding = new HoldingServer(entry.config.PORT, entry.config.HOST, startupStatus);
  for (let attempt = 1; ; attempt++) {
    try {
      await holding.open();
      await createServiceApp(entry.module, { listen: true, beforeListen: () => holding.close() });
      return;
    } catch (err) {
      if (isConfigurationError(err)) return fail(err);
      const delayMs = backoffDelay(attempt, { baseMs: 1000, maxMs: 10_000 });
      startupStatus.wait('start-up', (err as Error)?.message ?? String(err));
      logger.error({ err, attempt, retryInMs: delayMs }, 'start-up was interrupted; starting again');
      await sleep(delayMs);
      startupStatus.done('start-up');
    }
  }
}
