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
import { sayAs, serverCommandLine, sleep } from './local-server';

export const ROOT = resolve(__dirname, '..', '..');
export const KAFKA_VERSION = '3.9.1';
const LIBS = join(ROOT, '.local', 'kafka', 'libs');
const POM = join(ROOT, 'deploy', 'local', 'kafka', 'pom.xml');

export interface BrokerInstance {
  /** PLAINTEXT port; the controller listens on port + 1 */
  port: number;
  /** folder for data, config, pid and log */
  dir: string;
  /** a member of a KRaft cluster (see clusterOf): its node id, the quorum, the shared cluster id */
  cluster?: { nodeId: number; voters: string; clusterId: string; size: number };
}

/**
 * Three KRaft nodes (broker and controller each) on 127.0.0.1:basePort, basePort+2, basePort+4 (their
 * controllers on the next port up), formatted with one cluster id kept under `dir`: replication factor
 * 3 for every internal topic and min.insync.replicas 2, so one node may die without losing an
 * acknowledged write (producers here send with acks=all).
 */
export function clusterOf(basePort: number, dir: string, size = 3): BrokerInstance[] {
  mkdirSync(dir, { recursive: true });
  const idFile = join(dir, 'cluster.id');
  if (!existsSync(idFile)) writeFileSync(idFile, randomUUID());
  const clusterId = readFileSync(idFile, 'utf8').trim();
  const ports = Array.from({ length: size }, (_, i) => basePort + 2 * i);
  const voters = ports.map((port, i) => `${i + 1}@127.0.0.1:${port + 1}`).join(',');
  return ports.map((port, i) => ({ port, dir: join(dir, `node-${i + 1}`), cluster: { nodeId: i + 1, voters, clusterId, size } }));
}

/** KAFKA_BROKERS for a set of brokers. */
export const brokerList = (instances: BrokerInstance[]): string => instances.map((b) => `127.0.0.1:${b.port}`).join(',');

export const defaultInstance = (): BrokerInstance => {
  const first = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')[0].trim();
  const port = Number(first.split(':')[1] ?? 9092);
  return { port, dir: join(ROOT, '.local', 'kafka', `broker-${port}`) };
};

const say = sayAs('kafka');

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
  const replicas = instance.cluster ? Math.min(3, instance.cluster.size) : 1;
  const minIsr = instance.cluster ? Math.max(1, replicas - 1) : 1;
  const properties = [
    'process.roles=broker,controller',
    `node.id=${instance.cluster?.nodeId ?? 1}`,
    `controller.quorum.voters=${instance.cluster?.voters ?? `1@127.0.0.1:${instance.port + 1}`}`,
    `listeners=PLAINTEXT://127.0.0.1:${instance.port},CONTROLLER://127.0.0.1:${instance.port + 1}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${instance.port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${dataDir}`,
    'num.partitions=6',
    `offsets.topic.replication.factor=${replicas}`,
    'offsets.topic.num.partitions=1',
    `transaction.state.log.replication.factor=${replicas}`,
    `transaction.state.log.min.isr=${minIsr}`,
    `default.replication.factor=${replicas}`,
    `min.insync.replicas=${minIsr}`,
    // a restarted node catches up and leads its partitions again (the chaos suite kills leaders)
    'auto.leader.rebalance.enable=true',
    'leader.imbalance.check.interval.seconds=10',
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
  const running = runningPid(instance);
  await waitForBroker(instance, running ?? launch(instance), deadlineMs);
  return { started: !running };
}

/** Formats (once) and spawns the broker's process without waiting for it; returns its pid. */
function launch(instance: BrokerInstance): number {
  ensureArtifacts();
  const config = writeConfig(instance);
  if (!existsSync(join(instance.dir, 'data', 'meta.properties'))) {
    const clusterId = instance.cluster?.clusterId ?? randomUUID();
    const format = spawnSync(
      'java',
      java(instance, 'kafka.tools.StorageTool', ['format', '-t', clusterId, '-c', config, '--ignore-formatted']),
      {
        encoding: 'utf8',
      },
    );
    if (format.status !== 0) throw new Error(`formatting Kafka storage failed: ${format.stderr || format.stdout}`);
  }
  const out = openSync(join(instance.dir, 'broker.out'), 'a');
  const child = spawn('java', java(instance, 'kafka.Kafka', [config]), { detached: true, stdio: ['ignore', out, out] });
  child.unref();
  writeFileSync(pidFile(instance), String(child.pid));
  say(
    `starting ${instance.cluster ? `node ${instance.cluster.nodeId} of the cluster` : 'broker'} on 127.0.0.1:${instance.port} (pid ${child.pid}, log ${join(instance.dir, 'broker.log')})`,
  );
  return child.pid!;
}

async function waitForBroker(instance: BrokerInstance, pid: number, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (!alive(pid)) throw new Error(`the Kafka broker exited during start-up; see ${join(instance.dir, 'broker.out')}`);
    if (await brokerAnswers(instance.port, 2000)) {
      say(`broker ready on 127.0.0.1:${instance.port}`);
      return;
    }
    await sleep(500);
  }
  await stopBroker(instance);
  throw new Error(`the Kafka broker did not answer within ${deadlineMs / 1000}s; see ${join(instance.dir, 'broker.out')}`);
}

/**
 * Starts every node of a cluster that does not answer yet (together: a KRaft quorum answers only once a
 * majority of its controllers runs), then waits for all of them. Returns whether it started any.
 */
export async function startCluster(nodes: BrokerInstance[], deadlineMs = 120_000): Promise<{ started: boolean }> {
  const pending: { node: BrokerInstance; pid: number }[] = [];
  let launched = 0;
  for (const node of nodes) {
    if (await brokerAnswers(node.port, 1500)) continue;
    // a node whose process still runs is slow to answer (a loaded machine, a quorum re-forming): wait for
    // it; launching a second one would orphan the first
    const running = runningPid(node);
    pending.push({ node, pid: running ?? launch(node) });
    if (!running) launched++;
  }
  await Promise.all(pending.map(({ node, pid }) => waitForBroker(node, pid, deadlineMs)));
  return { started: launched > 0 };
}

export async function stopCluster(nodes: BrokerInstance[]): Promise<void> {
  await Promise.all(nodes.map((node) => stopBroker(node)));
}

/** SIGKILL: no controlled shutdown (leadership moves only when the controller notices the node is gone). */
export async function killBroker(instance: BrokerInstance): Promise<void> {
  const pid = runningPid(instance);
  if (!pid) return;
  process.kill(pid, 'SIGKILL');
  while (alive(pid)) await sleep(50);
  rmSync(pidFile(instance), { force: true });
  say(`node on 127.0.0.1:${instance.port} killed`);
}

/** Stops the broker this project started (SIGTERM: a clean controlled shutdown; SIGKILL after 30 s). */
export async function stopBroker(instance: BrokerInstance = defaultInstance(), deadlineMs = 30_000): Promise<boolean> {
  const pid = runningPid(instance);
  if (!pid) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + deadlineMs;
  while (alive(pid) && Date.now() < deadline) await sleep(200);
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  while (alive(pid)) await sleep(100);
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
  const instance = defaultInstance();
  serverCommandLine('kafka', {
    start: async () => {
      const { started } = await startBroker(instance);
      if (!started) say(`a broker already answers on 127.0.0.1:${instance.port}; reusing it`);
    },
    stop: async () => {
      if (!(await stopBroker(instance))) say('no broker started by this project is running');
    },
    status: async () => {
      const up = await brokerAnswers(instance.port);
      say(up ? `a broker answers on 127.0.0.1:${instance.port}` : `nothing answers on 127.0.0.1:${instance.port}`);
      process.exitCode = up ? 0 : 1;
    },
  });
}
