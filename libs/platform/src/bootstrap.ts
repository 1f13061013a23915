import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { deadLetterTopic, topicName } from '@yiyang/contracts';
import { backoffDelay, sleep } from '@yiyang/kernel';
import { KafkaGateway } from '@yiyang/messaging';
import { setupOpenApi } from '@yiyang/http';
import { BatchingKafkaServer } from './batching-kafka-server';
import { ConsumerFactory, consumerGroupOf } from './consumer-factory';
import { logFn } from './logger';
import { LOGGER, SERVICE_DEFINITION } from './tokens';
import { ServiceDefinition } from './platform.module';

/** JSON keys that could reach an object's prototype are refused at parse time (a 400, never pollution). */
function refusePrototypeKeys(key: string, value: unknown): unknown {
  if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw new SyntaxError(`the key "${key}" is not allowed`);
  return value;
}

async function ensureTopics(kafka: KafkaGateway, definition: ServiceDefinition, logger: Logger): Promise<void> {
  const prefix = definition.config.KAFKA_TOPIC_PREFIX;
  const consumed = definition.consumes.map((t) => topicName(t, prefix));
  const topics = [...definition.publishes.map((t) => topicName(t, prefix)), ...consumed, ...consumed.map(deadLetterTopic)];
  for (let attempt = 1; ; attempt++) {
    try {
      await kafka.ensureTopics(topics);
      return;
    } catch (err) {
      if (attempt >= 10) throw new Error(`Kafka at ${definition.config.KAFKA_BROKERS.join(',')} did not answer: ${(err as Error).message}`);
      logger.warn({ err: (err as Error).message, attempt }, 'waiting for Kafka to create topics');
      await sleep(backoffDelay(attempt, { baseMs: 500, maxMs: 5000 }));
    }
  }
}

/**
 * Creates a service's Nest application on the platform: JSON body limit, OpenAPI, shutdown hooks,
 * topics, the Kafka consumer (when the service consumes), and the HTTP listener.
 */
export async function createServiceApp(appModule: unknown, options: { listen: boolean }): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(appModule as never, { bufferLogs: true, bodyParser: false, abortOnError: false });
  const definition = app.get<ServiceDefinition>(SERVICE_DEFINITION);
  const logger = app.get<Logger>(LOGGER);
  const { config } = definition;
  app.useLogger(app.get(PinoNestLogger));
  app.disable('x-powered-by');
  app.useBodyParser('json', { limit: config.BODY_LIMIT, type: ['application/json', 'application/*+json'], strict: true, reviver: refusePrototypeKeys });
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
  if (options.listen) {
    await app.listen(config.PORT, config.HOST);
    logger.info({ port: config.PORT, docs: `http://127.0.0.1:${config.PORT}/docs` }, `${config.SERVICE_NAME} listening on http://${config.HOST}:${config.PORT}`);
  } else {
    await app.init();
  }
  return app;
}

/** main.ts of every service: start, or print the configuration problem and exit 1. */
export async function runService(loadModule: () => unknown): Promise<void> {
  try {
    await createServiceApp(loadModule(), { listen: true });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
}
