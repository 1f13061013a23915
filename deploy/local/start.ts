/**
 * npm start: brings the platform up on this machine and stays in the foreground.
 *  1. MySQL/MariaDB must answer (a local MariaDB is started when it does not);
 *  2. a Kafka broker must answer at KAFKA_BROKERS (a local KRaft broker is started when none does);
 *  3. Keycloak's realm yiyang must answer on KEYCLOAK_PORT (a local Keycloak is started when it does not,
 *     unless OIDC_ISSUER names another provider); the services get OIDC_ISSUER unless it is set;
 *  4. an S3-compatible object store must answer at S3_ENDPOINT (a local S3Proxy is started when none is set);
 *  5. every service is built, then started; each creates its schema and runs its migrations;
 *  6. it prints where each service listens once it reports ready.
 * Ctrl-C (or SIGTERM) stops the services, then whatever steps 1–4 started.
 * `npm start -- --cluster` runs three KRaft nodes instead of one broker (127.0.0.1:29092, 29094, 29096;
 * replication factor 3, min.insync.replicas 2) and points the services at all three.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, brokerList, clusterOf, defaultInstance, startBroker, startCluster, stopBroker, stopCluster } from './kafka';
import { ensureKeycloak, keycloakAccountsClient, keycloakSettings, stopKeycloak } from './keycloak';
import { ensureS3Proxy, stopS3Proxy } from './s3proxy';
import { buildConsole } from '../../apps/console/server/build';
import { RunningConsole, startConsoleServer } from '../../apps/console/server/console-server';
import { ensureMysql, stopMysql } from './mysql';
import { buildServices } from './build';
import { SERVICES } from './services';

const say = (msg: string) => process.stderr.write(`[start] ${msg}\n`);
const children = new Map<string, ChildProcess>();
const started = { kafka: false, mysql: false, keycloak: false, s3proxy: false };
const cluster = process.argv.includes('--cluster') ? clusterOf(29092, join(ROOT, '.local', 'kafka', 'cluster')) : null;
let stopping = false;
let consoleServer: RunningConsole | undefined;

async function waitReady(port: number, child: ChildProcess, deadlineMs = 120_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode} during start-up`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`did not report ready within ${deadlineMs / 1000}s`);
}

async function shutdown(code: number): Promise<never> {
  if (stopping) return new Promise<never>(() => undefined);
  stopping = true;
  say('stopping…');
  await consoleServer?.close().catch(() => undefined);
  await Promise.all(
    [...children].map(
      ([name, child]) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
          child.once('exit', () => {
            clearTimeout(timer);
            say(`${name} stopped`);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  if (started.s3proxy) await stopS3Proxy();
  if (started.keycloak) await stopKeycloak();
  if (started.kafka) await (cluster ? stopCluster(cluster) : stopBroker(defaultInstance()));
  if (started.mysql) await stopMysql();
  process.exit(code);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  const mysql = await ensureMysql();
  started.mysql = mysql.started;
  if (cluster) {
    started.kafka = (await startCluster(cluster)).started;
    process.env.KAFKA_BROKERS = brokerList(cluster);
    process.env.KAFKA_REPLICATION_FACTOR = '3';
    say(`a three-node Kafka cluster at ${process.env.KAFKA_BROKERS}${started.kafka ? '' : ' (already running)'}`);
  } else {
    const kafka = await startBroker(defaultInstance());
    started.kafka = kafka.started;
    if (!kafka.started) say(`using the Kafka broker that answers at ${process.env.KAFKA_BROKERS ?? '127.0.0.1:9092'}`);
  }
  const keycloak = await ensureKeycloak();
  started.keycloak = keycloak.started;
  if (!keycloak.started) say(`using the OpenID Connect provider at ${keycloak.issuer}`);
  // the object store for documents: sets the S3_* settings the services read
  const s3proxy = await ensureS3Proxy();
  started.s3proxy = s3proxy.started;
  if (!s3proxy.started) say(`using the object store at ${s3proxy.endpoint}`);
  // the registry manages accounts in the local realm with the yiyang-accounts client (its secret is local)
  const localRealm = keycloak.issuer.replace(/\/$/, '') === keycloakSettings().issuer;
  const accounts =
    localRealm && !process.env.ACCOUNTS_CLIENT_SECRET ? { ACCOUNTS_CLIENT_SECRET: keycloakAccountsClient().clientSecret } : {};
  if (process.env.SKIP_BUILD !== '1') {
    buildServices();
    say('building the console');
    buildConsole();
  }

  for (const service of SERVICES) {
    const port = Number(process.env[service.portVariable] ?? service.defaultPort);
    const child = spawn(process.execPath, ['--enable-source-maps', join(ROOT, 'dist', 'apps', service.name, 'main.js')], {
      cwd: ROOT,
      env: {
        // a local run may deliver webhooks to receivers on this machine (production refuses private addresses)
        WEBHOOK_ALLOW_PRIVATE: 'true',
        ...accounts,
        ...process.env,
        PORT: String(port),
        SERVICE_NAME: service.name,
        DB_NAME: process.env[`${service.portVariable.replace(/_PORT$/, '')}_DB_NAME`] ?? '',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.set(service.name, child);
    child.on('exit', (code, signal) => {
      if (!stopping) {
        say(`${service.name} exited unexpectedly (${signal ?? `code ${code}`}); stopping the platform`);
        void shutdown(1);
      }
    });
    await waitReady(port, child).catch((err) => {
      say(`${service.name} ${(err as Error).message}`);
      return shutdown(1);
    });
    say(`${service.name} ready on http://127.0.0.1:${port} (OpenAPI at http://127.0.0.1:${port}/docs)`);
  }
  consoleServer = await startConsoleServer({ log: (message: string) => say(`console: ${message}`) });
  say(`console ready on ${consoleServer.url} (sign in there; \`npm run demo\` loads demo data and accounts)`);
  say('the platform is up; Ctrl-C stops it');
}

main().catch((err) => {
  say((err as Error).message);
  void shutdown(1);
});
