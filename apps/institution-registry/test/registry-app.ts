import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { Clock } from '@yiyang/kernel';
import { ServiceDefinition, createServiceApp } from '@yiyang/platform';
import { testDatabase } from '@yiyang/testing';
import { loadRegistryConfig, RegistryConfig } from '../src/config';
import { RegistryModule } from '../src/registry.module';
import { LicenceExpiryJob } from '../src/licence-expiry/licence-expiry.job';

export interface RegistryUnderTest {
  app: NestExpressApplication;
  http: ReturnType<typeof request>;
  config: RegistryConfig;
  database: string;
  job: LicenceExpiryJob;
  close(): Promise<void>;
}

/**
 * The registry as a real Nest application on a throwaway schema, real Kafka and real MariaDB (no HTTP port);
 * `definition` overrides parts of its service definition (e.g. who reads the whole audit trail).
 */
export async function startRegistry(
  name: string,
  options: { env?: Record<string, string>; clock?: Clock; definition?: Partial<ServiceDefinition> } = {},
): Promise<RegistryUnderTest> {
  const database = testDatabase(name);
  const config = loadRegistryConfig({
    ...process.env,
    DB_NAME: database,
    LICENCE_CHECK_INTERVAL_MS: '0',
    // the tests sign their tokens with the development key pair (libs/testing bearer())
    JWT_DEV_KEYS: 'true',
    KAFKA_TOPIC_PARTITIONS: '3',
    // every test application consumes the run's topics in a group of its own (the registry consumes its own events)
    KAFKA_CONSUMER_GROUP: database,
    OUTBOX_POLL_MS: '50',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    ...options.env,
  });
  const overrides: Partial<ServiceDefinition> = { ...options.definition, clock: options.clock };
  const app = await createServiceApp(RegistryModule.register(config, overrides), { listen: false });
  return {
    app,
    http: request(app.getHttpServer()),
    config,
    database,
    job: app.get(LicenceExpiryJob),
    close: () => app.close(),
  };
}
