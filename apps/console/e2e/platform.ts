/**
 * The real platform under the browser: the four services as processes from their built bundles (as the
 * chaos run starts them, test/chaos/services.ts), on free ports, each with schemas, a Kafka topic prefix
 * and consumer groups of this run's own, against the local MariaDB, Kafka, S3Proxy and Keycloak (which
 * must answer: `npm test` starts them; for the browser tests alone `npm run kafka:start`,
 * `npm run keycloak:start`, `npm run s3proxy:start` and MariaDB). The bundles are built first when any
 * is missing or older than the sources (`npm run build`; in `npm test` the chaos run has just built
 * them; SKIP_BUILD=1 uses them as they are, as the chaos run does). `stop()` stops the services, drops the schemas and deletes the topics.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { createConnection } from 'mysql2/promise';
import { Services } from '../../../test/chaos/services';
import { REPO_ROOT } from '../server/settings';
import { ISSUER, accountsClientSecret } from './realm';

// local servers' settings (loaded by path: deploy/ is type-checked by the root tsconfig, not this one)
const local = {
  build: (await import(join(REPO_ROOT, 'deploy', 'local', 'build.ts'))) as { buildServices(): void },
  services: (await import(join(REPO_ROOT, 'deploy', 'local', 'services.ts'))) as { SERVICES: { name: string }[] },
  s3proxy: (await import(join(REPO_ROOT, 'deploy', 'local', 's3proxy.ts'))) as {
    s3proxyAnswers(timeoutMs?: number): Promise<boolean>;
    s3proxyEnvironment(): Record<string, string>;
  },
};

const SERVICE_NAMES = local.services.SERVICES.map((s) => s.name);
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const DB = {
  host: process.env.DB_HOST ?? '127.0.0.1',
  port: Number(process.env.DB_PORT ?? 3306),
  user: process.env.DB_USER ?? 'root',
  password: process.env.DB_PASSWORD ?? '',
};

export interface RunningPlatform {
  /** base URL of a service by name (institution-registry, contract, referral, notification) */
  url(service: string): string;
  /** the console server's /api/<name>/ routes */
  apis: Record<string, string>;
  /** where the services' logs are */
  logs: string;
  /**
   * Waits until a service has applied `count` events of a type (from its /metrics), e.g. the referral
   * service an agreement's activation: what it learns from Kafka, it knows from then on.
   */
  applied(service: string, type: string, count: number, deadlineMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** The newest modification time under a folder (the sources a bundle is built from). */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function bundlesStale(): boolean {
  const libs = join(REPO_ROOT, 'libs');
  const shared = Math.max(...readdirSync(libs).map((lib) => newest(join(libs, lib, 'src'))));
  return SERVICE_NAMES.some((service) => {
    const bundle = join(REPO_ROOT, 'dist', 'apps', service, 'main.js');
    return !existsSync(bundle) || statSync(bundle).mtimeMs < Math.max(shared, newest(join(REPO_ROOT, 'apps', service, 'src')));
  });
}

async function answers(what: string, probe: () => Promise<unknown>): Promise<string | null> {
  try {
    await probe();
    return null;
  } catch {
    return what;
  }
}

/** What of MariaDB, Kafka and S3Proxy does not answer, as one sentence (null: all do). */
async function missingServers(): Promise<string | null> {
  const missing = (
    await Promise.all([
      answers(`MariaDB on ${DB.host}:${DB.port}`, async () => (await createConnection({ ...DB, connectTimeout: 3000 })).end()),
      answers(`Kafka at ${BROKERS} (npm run kafka:start)`, async () => {
        const admin = new Kafka({
          clientId: 'console-e2e-probe',
          brokers: BROKERS.split(','),
          logLevel: logLevel.NOTHING,
          retry: { retries: 0 },
        }).admin();
        await admin.connect();
        await admin.disconnect();
      }),
      answers('S3Proxy (npm run s3proxy:start)', async () => {
        if (!(await local.s3proxy.s3proxyAnswers(3000))) throw new Error('no S3Proxy');
      }),
    ])
  ).filter(Boolean);
  return missing.length ? `the browser tests against the platform need ${missing.join(', ')}; npm test starts them` : null;
}

/** A run of `count` free ports on 127.0.0.1. */
async function freePorts(count: number): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const probe = createServer()
        .once('error', () => resolve(false))
        .listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 20_000);
    const all = await Promise.all(Array.from({ length: count }, (_, i) => free(base + i)));
    if (all.every(Boolean)) return base;
  }
  throw new Error('no free run of ports for the services');
}

/** Starts the four services for run `run` and waits until each reports ready. */
export async function startPlatform(run: string): Promise<RunningPlatform> {
  const missing = await missingServers();
  if (missing) throw new Error(missing);
  if (process.env.SKIP_BUILD !== '1' && bundlesStale()) local.build.buildServices();
  const logs = join(REPO_ROOT, '.local', 'console-e2e', run);
  mkdirSync(logs, { recursive: true });
  const prefix = `e2e-${run}.`;
  const dbPrefix = `e2e_${run}`;
  const env: Record<string, string> = {
    ...local.s3proxy.s3proxyEnvironment(),
    DB_HOST: DB.host,
    DB_PORT: String(DB.port),
    DB_USER: DB.user,
    DB_PASSWORD: DB.password,
    KAFKA_BROKERS: BROKERS,
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_TOPIC_PARTITIONS: '1',
    OIDC_ISSUER: ISSUER,
    ACCOUNTS_CLIENT_SECRET: accountsClientSecret(),
    // countersigning needs the signed document uploaded: the story proves the console uploads it
    AGREEMENT_DOCUMENT_REQUIRED: 'true',
    JWT_DEV_KEYS: 'false',
    LOG_LEVEL: 'warn',
  };
  const groups = SERVICE_NAMES.map((service) => `${service}-e2e-${run}`);
  const services = new Services(REPO_ROOT, logs, env, await freePorts(SERVICE_NAMES.length), dbPrefix);
  const stop = async () => {
    await services.stopAll();
    await dropSchemas(dbPrefix);
    await deleteTopicsAndGroups(prefix, groups);
  };
  try {
    SERVICE_NAMES.forEach((service, i) => services.start(service, { KAFKA_CONSUMER_GROUP: groups[i] }));
    await Promise.all(SERVICE_NAMES.map((service) => services.waitReady(service)));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url: (service) => services.url(service),
    apis: {
      registry: services.url('institution-registry'),
      contract: services.url('contract'),
      referral: services.url('referral'),
      notification: services.url('notification'),
    },
    logs,
    applied: (service, type, count, deadlineMs = 30_000) => applied(services.url(service), type, count, deadlineMs),
    stop,
  };
}

async function applied(url: string, type: string, count: number, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  let seen = 0;
  while (Date.now() < deadline) {
    const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
    seen = text
      .split('\n')
      .filter((l) => l.startsWith('events_consumed_total{') && l.includes(`type="${type}"`) && l.includes('outcome="applied"'))
      .reduce((n, l) => n + Number(l.split(' ').pop()), 0);
    if (seen >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} had applied ${seen} of ${count} ${type} after ${deadlineMs / 1000} s`);
}

async function dropSchemas(dbPrefix: string): Promise<void> {
  const connection = await createConnection(DB);
  try {
    const [rows] = await connection.query('SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE ?', [
      `${dbPrefix.replace(/_/g, '\\_')}\\_%`,
    ]);
    for (const { name } of rows as { name: string }[]) await connection.query(`DROP DATABASE \`${name}\``);
  } finally {
    await connection.end();
  }
}

async function deleteTopicsAndGroups(prefix: string, groups: string[]): Promise<void> {
  const admin = new Kafka({ clientId: 'console-e2e-cleanup', brokers: BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length) await admin.deleteTopics({ topics, timeout: 10_000 });
    await admin.deleteGroups(groups).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}
