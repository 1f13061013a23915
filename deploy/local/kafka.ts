/**
 * A real single-node Apache Kafka broker (KRaft, combined broker + controller) for local runs and
 * tests, without Docker: the broker's jars come from Maven Central (deploy/local/kafka/pom.xml,
 * cached in ~/.m2 so later starts work offline), its data and log stay under .local/.
 *
 *   tsx deploy/local/kafka.ts start|stop|status   (npm run kafka:start / kafka:stop)
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

export const ROOT = resolve(__dirname, '..', '..');
export const KAFKA_VERSION = '3.9.1';
const LIBS = join(ROOT, '.local', 'kafka', 'libs');
const POM = join(ROOT, 'deploy', 'local', 'kafka', 'pom.xml');

export interface BrokerInstance {
  /** PLAINTEXT port; the controller listens on port + 1 */
  port: number;
  /** folder for data, config, pid and log */
  dir: string;
}

export const defaultInstance = (): BrokerInstance => {
  const first = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')[0].trim();
  const port = Number(first.split(':')[1] ?? 9092);
  return { port, dir: join(ROOT, '.local', 'kafka', `broker-${port}`) };
};

const say = (msg: string) => process.stderr.write(`[kafka] ${msg}\n`);

/** Fetches the broker's jars with Maven (offline first: the local repository usually has them). */
export function ensureArtifacts(): void {
  if (existsSync(join(LIBS, `kafka_2.13-${KAFKA_VERSION}.jar`))) return;
  mkdirSync(LIBS, { recursive: true });
  const args = ['-q', '-B', '-f', POM, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${LIBS}`];
  say(`resolving Apache Kafka ${KAFKA_VERSION} from the local Maven repository…`);
  let result = spawnSync('mvn', ['-o', ...args], { stdio: 'ignore' });
  if (result.status !== 0) {
    say('not cached yet: downloading from Maven Central (once)…');
    result = spawnSync('mvn', args, { stdio: 'inherit' });
  }
  if (result.status !== 0 || !existsSync(join(LIBS, `kafka_2.13-${KAFKA_VERSION}.jar`))) {
    throw new Error('could not fetch Apache Kafka with Maven (is mvn installed and Maven Central reachable?)');
  }
}

/** True when a broker answers a metadata request at 127.0.0.1:port. */
export async function brokerAnswers(port: number, timeoutMs = 3000): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'yiyang-local-probe',
    brokers: [`127.0.0.1:${port}`],
    connectionTimeout: Math.min(timeoutMs, 2000),
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function writeConfig(instance: BrokerInstance): string {
  const dataDir = join(instance.dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const properties = [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${instance.port + 1}`,
    `listeners=PLAINTEXT://127.0.0.1:${instance.port},CONTROLLER://127.0.0.1:${instance.port + 1}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${instance.port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${dataDir}`,
    'num.partitions=6',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
    'log.retention.hours=168',
    'log.segment.bytes=67108864',
  ].join('\n');
  const file = join(instance.dir, 'server.properties');
  writeFileSync(file, `${properties}\n`);
  writeFileSync(
    join(instance.dir, 'log4j.properties'),
    [
      'log4j.rootLogger=WARN, file',
      'log4j.appender.file=org.apache.log4j.FileAppender',
      `log4j.appender.file.File=${join(instance.dir, 'broker.log')}`,
      'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
      'log4j.logger.kafka=INFO',
      'log4j.logger.org.apache.kafka=WARN',
    ].join('\n') + '\n',
  );
  return file;
}

function java(instance: BrokerInstance, mainClass: string, args: string[]) {
  return [
    '-Xms256m',
    '-Xmx512m',
    '-XX:+UseG1GC',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${join(instance.dir, 'log4j.properties')}`,
    `-Dkafka.logs.dir=${instance.dir}`,
    '-cp',
    `${LIBS}/*`,
    mainClass,
    ...args,
  ];
}

function pidFile(instance: BrokerInstance) {
  return join(instance.dir, 'broker.pid');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function runningPid(instance: BrokerInstance): number | null {
  if (!existsSync(pidFile(instance))) return null;
  const pid = Number(readFileSync(pidFile(instance), 'utf8').trim());
  return pid > 0 && alive(pid) ? pid : null;
}

/**
 * Starts the broker unless one already answers on the port. Resolves once it answers metadata
 * requests; returns whether this call started it.
 */
export async function startBroker(instance: BrokerInstance = defaultInstance(), deadlineMs = 90_000): Promise<{ started: boolean }> {
  if (await brokerAnswers(instance.port, 1500)) return { started: false };
  ensureArtifacts();
  const config = writeConfig(instance);
  if (!existsSync(join(instance.dir, 'data', 'meta.properties'))) {
    const format = spawnSync('java', java(instance, 'kafka.tools.StorageTool', ['format', '-t', randomUUID(), '-c', config, '--ignore-formatted']), {
      encoding: 'utf8',
    });
    if (format.status !== 0) throw new Error(`formatting Kafka storage failed: ${format.stderr || format.stdout}`);
  }
  const out = openSync(join(instance.dir, 'broker.out'), 'a');
  const child = spawn('java', java(instance, 'kafka.Kafka', [config]), { detached: true, stdio: ['ignore', out, out] });
  child.unref();
  writeFileSync(pidFile(instance), String(child.pid));
  say(`starting broker on 127.0.0.1:${instance.port} (pid ${child.pid}, log ${join(instance.dir, 'broker.log')})`);
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (!alive(child.pid!)) throw new Error(`the Kafka broker exited during start-up; see ${join(instance.dir, 'broker.out')}`);
    if (await brokerAnswers(instance.port, 2000)) {
      say(`broker ready on 127.0.0.1:${instance.port}`);
      return { started: true };
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await stopBroker(instance);
  throw new Error(`the Kafka broker did not answer within ${deadlineMs / 1000}s; see ${join(instance.dir, 'broker.out')}`);
}

/** Stops the broker this project started (SIGTERM: a clean controlled shutdown; SIGKILL after 30 s). */
export async function stopBroker(instance: BrokerInstance = defaultInstance(), deadlineMs = 30_000): Promise<boolean> {
  const pid = runningPid(instance);
  if (!pid) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + deadlineMs;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  while (alive(pid)) await new Promise((r) => setTimeout(r, 100));
  rmSync(pidFile(instance), { force: true });
  say(`broker on 127.0.0.1:${instance.port} stopped`);
  return true;
}

/** Removes a broker's folder (for throwaway brokers that tests start). */
export function removeInstance(instance: BrokerInstance): void {
  if (runningPid(instance)) throw new Error('stop the broker first');
  if (existsSync(instance.dir) && readdirSync(instance.dir).length >= 0) rmSync(instance.dir, { recursive: true, force: true });
}

if (require.main === module) {
  const command = process.argv[2];
  const instance = defaultInstance();
  const run = async () => {
    switch (command) {
      case 'start': {
        const { started } = await startBroker(instance);
        if (!started) say(`a broker already answers on 127.0.0.1:${instance.port}; reusing it`);
        return;
      }
      case 'stop':
        if (!(await stopBroker(instance))) say('no broker started by this project is running');
        return;
      case 'status': {
        const up = await brokerAnswers(instance.port);
        say(up ? `a broker answers on 127.0.0.1:${instance.port}` : `nothing answers on 127.0.0.1:${instance.port}`);
        process.exitCode = up ? 0 : 1;
        return;
      }
      default:
        say('usage: tsx deploy/local/kafka.ts start|stop|status');
        process.exitCode = 2;
    }
  };
  run().catch((err) => {
    say((err as Error).message);
    process.exit(1);
  });
}
