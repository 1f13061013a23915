import { createHash } from 'node:crypto';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import request from 'supertest';
import { Clock } from '@yiyang/kernel';
import { createServiceApp } from '@yiyang/platform';
import { asBytes, eventually, query, runId, testDatabase } from '@yiyang/testing';
import { loadReferralConfig } from '../src/config';
import { ReferralModule } from '../src/referral.module';
import { ReferralDeadlinesJob } from '../src/schedule/referral-deadlines.job';

export interface ReferralUnderTest {
  app: NestExpressApplication;
  http: ReturnType<typeof request>;
  database: string;
  deadlines: ReferralDeadlinesJob;
  close(): Promise<void>;
}

/** A GET whose body is read as bytes whatever its type (an attachment, a printed form). */
export function getBytes(service: ReferralUnderTest, path: string, token: string) {
  return asBytes(service.http.get(path).set('Authorization', token));
}

/**
 * The referral service as a real Nest application (no HTTP port) on a throwaway schema, real Kafka
 * and MariaDB, the local S3Proxy. Two instances given the same `name` share the schema, consumer group
 * and attachment bucket, like replicas; `env` overrides settings (data keys, the object store).
 */
export async function startReferral(
  name: string,
  clock: Clock,
  options: { instance?: number; logger?: Logger; env?: Record<string, string> } = {},
): Promise<ReferralUnderTest> {
  const database = testDatabase(name);
  const config = loadReferralConfig({
    ...process.env,
    DB_NAME: database,
    SERVICE_NAME: `referral-${options.instance ?? 1}`,
    // the tests sign their tokens with the development key pair (libs/testing bearer())
    JWT_DEV_KEYS: 'true',
    KAFKA_CONSUMER_GROUP: `${name}-${runId()}`,
    KAFKA_TOPIC_PARTITIONS: '3',
    OUTBOX_POLL_MS: '50',
    REFERRAL_SCHEDULE_INTERVAL_MS: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    // a bucket of this schema's own (replicas share it), so a suite's orphan sweep never sees another's objects
    S3_BUCKET_PREFIX: `yt-${createHash('sha256').update(database).digest('hex').slice(0, 16)}-`,
    ...options.env,
  });
  const app = await createServiceApp(ReferralModule.register(config, { clock, logger: options.logger }), { listen: false });
  return { app, http: request(app.getHttpServer()), database, deadlines: app.get(ReferralDeadlinesJob), close: () => app.close() };
}

/** Waits until the referral service's read models know an institution and, if given, an ACTIVE agreement. */
export async function knownToReferral(database: string, institutionIds: string[], agreementId?: string): Promise<void> {
  for (const id of institutionIds) {
    await eventually(
      async () => (await query(database, 'SELECT id FROM institution_directory WHERE id = ?', [id])).length === 1,
      30_000,
      `institution ${id} in the referral directory`,
    );
  }
  if (agreementId) {
    await eventually(
      async () =>
        (await query<{ status: string }>(database, 'SELECT status FROM agreement_coverage WHERE id = ?', [agreementId]))[0]?.status ===
        'ACTIVE',
      30_000,
      `agreement ${agreementId} ACTIVE in the referral read model`,
    );
  }
}
