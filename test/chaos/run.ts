/**
 * npm run chaos [-- --quick]: nothing lost, nothing doubled.
 *
 * Runs two replicas of each of the four services as processes against a three-node Kafka cluster
 * (replication factor 3, min.insync.replicas 2, producers at acks=all) and a MariaDB instance of its
 * own (own ports and folders under .local/chaos/). Every service is first started with the database
 * down, then with the cluster down. Then it drives referrals through them, spread over the replicas
 * (each POST retried with its Idempotency-Key until it is acknowledged), and meanwhile SIGKILLs one
 * replica of every service while the other keeps serving (restarting it later), SIGKILLs the node
 * that leads the most partitions of referral.events (restarted later), adds a third notification
 * replica (a consumer-group rebalance under load) and stops the database for ten seconds. Then it
 * checks, and exits non-zero on any violation: every acknowledged referral exists exactly once; each
 * produced exactly one inbox notification for its receiver; every finding exists once; every
 * aggregate's events are in order on every topic; no 5xx but 503 with Retry-After; no process ended by
 * itself; no outbox row is left unsent and consumer lag is zero within 60 s of the last fault.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { createConnection } from 'mysql2/promise';
import { ROOT, BrokerInstance, brokerList, clusterOf, killBroker, startCluster, stopCluster } from '../../deploy/local/kafka';
import { buildServices } from '../../deploy/local/build';
import { ensureS3Proxy, stopS3Proxy } from '../../deploy/local/s3proxy';

let s3proxyStarted = false;
import { loadDevPrivateKey } from '../../libs/auth/src/keys';
import { signToken } from '../../libs/auth/src/tokens';
import { signAgreement, simpleAgreementFiling } from '../../libs/testing/src/agreements';
import { birthOf, residentId, sexOf } from './identities';
import { hospitalBody, nursingHomeBody } from './institutions';
import { PrivateMariaDb } from './mariadb';
import { Services } from './services';

const quick = process.argv.includes('--quick');
const TOTAL = Number(process.env.CHAOS_REFERRALS ?? (quick ? 300 : 5000));
const CONCURRENCY = Number(process.env.CHAOS_CONCURRENCY ?? 8);
/** referrals started per second: the load is spread so that the faults land in the middle of it */
const RATE = Number(process.env.CHAOS_RATE ?? (quick ? 10 : 50));
const DIR = join(ROOT, '.local', 'chaos');
const DB_PORT = 13306;
/** three KRaft nodes on 19392, 19394, 19396 (controllers one port up) */
const CLUSTER_PORT = 19392;
const REPLICAS = 2;
/** every answer of 500 or more the load received: only 503 with Retry-After is allowed */
const serverErrors: { status: number; retryAfter: string | null; url: string }[] = [];
const say = (m: string) => process.stderr.write(`[chaos] ${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const key = loadDevPrivateKey(join(ROOT, '.local', 'keys', 'jwt-dev-public.pem'));
const token = (roles: string[], institutionId?: string) =>
  `Bearer ${signToken({ sub: `chaos-${roles[0]}-${institutionId?.slice(0, 8) ?? 'x'}`, roles: roles as never, ...(institutionId ? { institutionId } : {}) }, key, 'yiyang-connect', 7200)}`;

/** What the run stands on: its MariaDB (not started yet), the three Kafka nodes (running) and the service replicas (not started yet). */
interface Infrastructure {
  db: PrivateMariaDb;
  nodes: BrokerInstance[];
  services: Services;
}

/** The institutions seeded: every home has an agreement with one of the partnered hospitals; the fifth hospital has none. */
interface Seeded {
  homes: string[];
  hospitals: string[];
  partnered: string[];
}

/** What the load left: the referrals acknowledged (id → receiving institution), the ones refused, and the faults injected meanwhile. */
interface Load {
  acked: Map<string, string>;
  refused: number;
  /** answers that were neither an acknowledgement nor the expected refusal */
  unexpected: string[];
  faults: { what: string; at: number }[];
  /** how many faults the schedule had */
  scheduled: number;
}

/** One fault, struck once the load has done `at` (a share of TOTAL) of its referrals. */
interface Fault {
  at: number;
  what: string;
  run: () => Promise<void>;
}

/** The checks' findings, in the order found: printed at the end, and the exit code. */
interface Verdict {
  passed: string[];
  violations: string[];
}

async function main(): Promise<number> {
  const infrastructure = await prepareInfrastructure();
  const verdict: Verdict = { passed: [], violations: [] };
  try {
    await coldStarts(infrastructure, verdict);
    const seeded = await seed(infrastructure.services);
    const load = await loadWithFaults(infrastructure, seeded);
    await drain(infrastructure, load, verdict);
    await checkInvariants(infrastructure, seeded, load, verdict);
    writeResult(load, verdict);
  } catch (err) {
    verdict.violations.push(`the run itself failed: ${(err as Error).message}`);
  } finally {
    await tearDown(infrastructure);
  }
  return report(verdict);
}

async function call(
  url: string,
  init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: init.token } : {}), ...(init.headers ?? {}) },
    // a Buffer goes as it is (an upload, its Content-Type in the headers), anything else as JSON
    body: init.body === undefined ? undefined : Buffer.isBuffer(init.body) ? init.body : JSON.stringify(init.body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  if (res.status >= 500)
    serverErrors.push({
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      url: `${init.method ?? 'GET'} ${new URL(url).pathname}`,
    });
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { unparsable: text.slice(0, 100) };
  }
  return { status: res.status, body };
}

/** Retries through outages: a transport error, a 5xx or a 409 while the first attempt is still running. */
async function persistently(what: string, fn: () => Promise<{ status: number; body: Record<string, unknown> }>, deadlineMs = 180_000) {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    try {
      const res = await fn();
      if (res.status < 500 && !(res.status === 409 && res.body.code === 'IDEMPOTENCY_IN_PROGRESS')) return res;
    } catch {
      // the service is down or restarting
    }
    if (Date.now() > deadline) throw new Error(`${what}: no answer within ${deadlineMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function sql<T = Record<string, unknown>>(database: string, statement: string, params: unknown[] = []): Promise<T[]> {
  const c = await createConnection({ host: '127.0.0.1', port: DB_PORT, user: 'root', password: '', database });
  try {
    return (await c.query(statement, params))[0] as T[];
  } finally {
    await c.end();
  }
}

async function until(what: string, check: () => Promise<boolean>, deadlineMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < deadlineMs) {
    try {
      if (await check()) return Date.now() - started;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} not reached within ${deadlineMs / 1000}s`);
}

/**
 * Reads the topics from the beginning to their current end and checks that each aggregate's events come
 * in order: per key and subject, a new event's `sequence` is above every earlier one. A copy of an event
 * already read (the same id: the relay republished it after a crash) is counted, not a violation.
 */
async function eventOrder(brokers: string[], topics: string[]): Promise<{ events: number; redelivered: number; violations: string[] }> {
  const kafka = new Kafka({ clientId: 'chaos-order', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, number>();
  for (const topic of topics)
    for (const p of await admin.fetchTopicOffsets(topic)) if (Number(p.high) > 0) remaining.set(`${topic}/${p.partition}`, Number(p.high));
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: `chaos-order-${randomUUID()}` });
  const last = new Map<string, number>();
  const seen = new Set<string>();
  const result = { events: 0, redelivered: 0, violations: [] as string[] };
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  const done = new Promise<void>((resolve) => {
    if (remaining.size === 0) resolve();
    void consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const event = JSON.parse(message.value!.toString()) as { id: string; subject?: string; sequence?: number };
        if (seen.has(event.id)) result.redelivered++;
        else {
          seen.add(event.id);
          result.events++;
          const aggregate = `${topic}:${message.key?.toString()}:${event.subject ?? ''}`;
          const before = last.get(aggregate) ?? -Infinity;
          if (typeof event.sequence !== 'number' || event.sequence <= before)
            result.violations.push(`${aggregate} sequence ${event.sequence} after ${before}`);
          else last.set(aggregate, event.sequence);
        }
        const key = `${topic}/${partition}`;
        if (Number(message.offset) + 1 >= (remaining.get(key) ?? 0)) remaining.delete(key);
        if (remaining.size === 0) resolve();
      },
    });
  });
  await Promise.race([
    done,
    new Promise((_, reject) => setTimeout(() => reject(new Error('reading the topics for the order check took over 120 s')), 120_000)),
  ]).finally(() => consumer.disconnect());
  return result;
}

/** Phase 1: a fresh .local/chaos, the services built (unless SKIP_BUILD=1), the Kafka cluster up; leaves database and services to start. */
async function prepareInfrastructure(): Promise<Infrastructure> {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  if (process.env.SKIP_BUILD !== '1') buildServices();
  const db = new PrivateMariaDb(DB_PORT, join(DIR, 'mysql'));
  const nodes = clusterOf(CLUSTER_PORT, join(DIR, 'kafka'));
  await startCluster(nodes);
  // documents: the services need an object store (reused when one answers; its S3_* settings reach them through the environment)
  s3proxyStarted = (await ensureS3Proxy()).started;
  const services = new Services(
    ROOT,
    DIR,
    {
      DB_HOST: '127.0.0.1',
      DB_PORT: String(DB_PORT),
      DB_USER: 'root',
      DB_PASSWORD: '',
      KAFKA_BROKERS: brokerList(nodes),
      KAFKA_REPLICATION_FACTOR: '3',
      KAFKA_TOPIC_PREFIX: '',
      KAFKA_TOPIC_PARTITIONS: '3',
      RATE_LIMIT_WRITES: '0',
      OUTBOX_POLL_MS: '100',
      LOG_LEVEL: 'warn',
      WEBHOOK_ALLOW_PRIVATE: 'true',
      JWT_DEV_KEYS: 'true', // the run signs its tokens with the development key pair
    },
    14001,
    'chaos',
    REPLICAS,
  );
  return { db, nodes, services };
}

/** Phase 2: starts the services, first without the database, then without Kafka; leaves every replica ready, database and cluster up. */
async function coldStarts(infrastructure: Infrastructure, verdict: Verdict): Promise<void> {
  await coldStartWithoutDatabase(infrastructure, verdict);
  await coldStartWithoutKafka(infrastructure, verdict);
}

/** Starts every replica with the database down, then the database; leaves them all ready. */
async function coldStartWithoutDatabase({ db, services }: Infrastructure, verdict: Verdict): Promise<void> {
  say('cold start with the database down');
  for (const s of services.list) services.start(s.name);
  const waitedForDb = await everyServiceWaitsFor(services, 'database', verdict);
  await db.start();
  say(`private MariaDB on 127.0.0.1:${DB_PORT}`);
  for (const s of services.list) await services.waitReady(s.name);
  if (waitedForDb)
    verdict.passed.push(
      'started with the database down, every service waited (503 on /health/ready naming the database) and became ready when it came up',
    );
}

/** Stops every replica and the cluster, starts the replicas, then the cluster; leaves them all ready. */
async function coldStartWithoutKafka({ nodes, services }: Infrastructure, verdict: Verdict): Promise<void> {
  say('cold start with the Kafka cluster down');
  await services.stopAll();
  await stopCluster(nodes);
  for (const s of services.list) services.start(s.name);
  const waitedForKafka = await everyServiceWaitsFor(services, 'kafka', verdict);
  await startCluster(nodes);
  for (const s of services.list) await services.waitReady(s.name);
  if (waitedForKafka)
    verdict.passed.push(
      'started with the broker down, every service waited (503 on /health/ready naming Kafka) and became ready when it came up',
    );
}

/**
 * Whether every starting replica waits for `what` as it should: stays up, says on /health/ready what it waits for and
 * refuses requests with 503 + Retry-After (it must then serve once `what` returns). The ones that do not are violations.
 */
async function everyServiceWaitsFor(services: Services, what: string, verdict: Verdict): Promise<boolean> {
  const problems = (await Promise.all(services.list.map((s) => services.waitWaitingFor(s.name, what)))).filter(
    (p): p is string => p !== null,
  );
  verdict.violations.push(...problems);
  return problems.length === 0;
}

/** Phase 3: registers 8 homes and 5 hospitals, signs an agreement for each home; leaves them known to contract and referral services. */
async function seed(services: Services): Promise<Seeded> {
  say('services ready; seeding institutions and agreements');
  const { homes, hospitals } = await registerInstitutions(services);
  const partnered = hospitals.slice(0, 4); // the fifth has no agreement: referrals to it are refused (and become findings)
  await until(
    'the contract directory knows every institution',
    async () =>
      Number((await sql<{ n: number }>('chaos_contract', 'SELECT COUNT(*) AS n FROM institution_directory'))[0].n) ===
      homes.length + hospitals.length,
    60_000,
  );
  await signAgreements(services, homes, partnered);
  await until(
    'the referral service knows every agreement',
    async () =>
      Number((await sql<{ n: number }>('chaos_referral', "SELECT COUNT(*) AS n FROM agreement_coverage WHERE status = 'ACTIVE'"))[0].n) ===
      homes.length,
    60_000,
  );
  return { homes, hospitals, partnered };
}

/** Registers the eight nursing homes and the five hospitals through the institution registry; returns their ids. */
async function registerInstitutions(services: Services): Promise<{ homes: string[]; hospitals: string[] }> {
  const registrar = token(['registrar']);
  const register = async (body: Record<string, unknown>) =>
    (
      await persistently('register', () =>
        call(`${services.url('institution-registry')}/v1/institutions`, { method: 'POST', token: registrar, body }),
      )
    ).body.id as string;
  const homes: string[] = [];
  const hospitals: string[] = [];
  for (let i = 0; i < 8; i++) homes.push(await register(nursingHomeBody(`混沌颐养院${i}`, i)));
  for (let i = 0; i < 5; i++) hospitals.push(await register(hospitalBody(`混沌医院${i}`, i)));
  return { homes, hospitals };
}

/** Each home files an agreement with a partnered hospital in turn, uploads its signed paper, submits it, and the hospital countersigns. */
async function signAgreements(services: Services, homes: string[], partnered: string[]): Promise<void> {
  for (const [i, home] of homes.entries()) {
    const hospital = partnered[i % partnered.length];
    await signAgreement(
      (step, r) => persistently(step, () => call(`${services.url('contract')}${r.path}`, r)),
      { elderly: token(['elderly-admin'], home), medical: token(['medical-admin'], hospital) },
      simpleAgreementFiling(home, hospital),
    );
  }
}

/** Phase 4: drives TOTAL referrals while the fault schedule strikes; leaves what was acknowledged and the faults injected, with when. */
async function loadWithFaults(infrastructure: Infrastructure, seeded: Seeded): Promise<Load> {
  const progress = { acked: new Map<string, string>(), refused: 0, unexpected: [] as string[] };
  const started = Date.now();
  const schedule = faultSchedule(infrastructure);
  const faultRunner = injectFaults(schedule, progress);
  await driveReferrals(infrastructure.services, seeded, progress, started);
  const faults = await faultRunner;
  say(
    `load done: ${progress.acked.size} acknowledged, ${progress.refused} refused outside an agreement, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return { ...progress, faults, scheduled: schedule.length };
}

/** The faults in the order they strike, each at its share of the load. */
function faultSchedule({ db, nodes, services }: Infrastructure): Fault[] {
  const killed = new Map<string, string>(); // service → the replica killed, for its restart
  const kill = (service: string) => killReplica(services, killed, service);
  const restart = (service: string) => restartReplica(services, killed, service);
  return [
    { at: 0.1, what: 'SIGKILL one referral replica', run: () => kill('referral') },
    { at: 0.15, what: 'SIGKILL one notification replica', run: () => kill('notification') },
    { at: 0.25, what: 'SIGKILL the Kafka node leading the most partitions of referral.events', run: () => killLeadingKafkaNode(nodes) },
    { at: 0.3, what: 'restart the referral replica', run: () => restart('referral') },
    { at: 0.35, what: 'a third notification replica joins (rebalance under load)', run: () => addReplica(services, 'notification') },
    { at: 0.4, what: 'restart the notification replica', run: () => restart('notification') },
    { at: 0.45, what: 'restart the killed Kafka node', run: () => restartKafkaNodes(nodes) },
    { at: 0.55, what: 'stop the database for 10 s', run: () => stopDatabaseFor(db, 10_000) },
    {
      at: 0.65,
      what: 'SIGKILL one contract and one institution-registry replica',
      run: async () => {
        await kill('contract');
        await kill('institution-registry');
      },
    },
    {
      at: 0.8,
      what: 'restart the contract and institution-registry replicas',
      run: async () => {
        await restart('contract');
        await restart('institution-registry');
      },
    },
  ];
}

/** SIGKILLs the first replica of a service and remembers it for its restart. */
async function killReplica(services: Services, killed: Map<string, string>, service: string): Promise<void> {
  const victim = services.replicasOf(service)[0].name;
  await services.kill(victim);
  killed.set(service, victim);
}

/** Starts again the replica of a service that killReplica killed. */
async function restartReplica(services: Services, killed: Map<string, string>, service: string): Promise<void> {
  services.start(killed.get(service)!);
}

/** Starts one more replica of a service: its consumer group rebalances. */
async function addReplica(services: Services, service: string): Promise<void> {
  services.start(services.addReplica(service));
}

/** SIGKILLs the Kafka node that leads the most partitions of referral.events. */
async function killLeadingKafkaNode(nodes: BrokerInstance[]): Promise<void> {
  await killBroker(await leadingNode(nodes));
}

/** Starts every Kafka node that is down. */
async function restartKafkaNodes(nodes: BrokerInstance[]): Promise<void> {
  await startCluster(nodes);
}

/** Stops the database cleanly, waits, and starts it again. */
async function stopDatabaseFor(db: PrivateMariaDb, ms: number): Promise<void> {
  await db.stop();
  await sleep(ms);
  await db.start();
}

/** The Kafka node that leads the most partitions of referral.events now. */
async function leadingNode(nodes: BrokerInstance[]): Promise<BrokerInstance> {
  const admin = new Kafka({ clientId: 'chaos-leaders', brokers: brokerList(nodes).split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const [meta] = (await admin.fetchTopicMetadata({ topics: ['referral.events'] })).topics;
    const led = new Map<number, number>();
    for (const p of meta.partitions) led.set(p.leader, (led.get(p.leader) ?? 0) + 1);
    const [nodeId] = [...led].sort((a, b) => b[1] - a[1])[0];
    return nodes.find((n) => n.cluster?.nodeId === nodeId)!;
  } finally {
    await admin.disconnect();
  }
}

/** Runs the schedule, each fault once the load has got that far; resolves to the faults injected, with when. */
async function injectFaults(schedule: Fault[], progress: Pick<Load, 'acked' | 'refused'>): Promise<Load['faults']> {
  const faults: Load['faults'] = [];
  for (const f of schedule) {
    while (progress.acked.size + progress.refused < f.at * TOTAL) await sleep(100);
    say(`fault: ${f.what} (${progress.acked.size} acknowledged)`);
    await f.run();
    faults.push({ what: f.what, at: Date.now() });
  }
  return faults;
}

/**
 * The referrals, the n-th due at `started` + n / RATE s: from the homes in turn, every twentieth to the
 * hospital without an agreement; each POST retried with its Idempotency-Key until answered.
 */
async function driveReferrals(
  services: Services,
  { homes, hospitals, partnered }: Seeded,
  progress: Pick<Load, 'acked' | 'refused' | 'unexpected'>,
  started: number,
): Promise<void> {
  let issued = 0;
  const worker = async () => {
    for (;;) {
      const n = issued++;
      if (n >= TOTAL) return;
      const due = started + (n / RATE) * 1000;
      if (due > Date.now()) await sleep(due - Date.now());
      const outside = n % 20 === 19;
      const homeIndex = n % homes.length;
      const from = homes[homeIndex];
      const to = outside ? hospitals[4] : partnered[homeIndex % partnered.length];
      const id = residentId();
      const body = {
        direction: 'UP',
        fromInstitutionId: from,
        toInstitutionId: to,
        priority: 'ROUTINE',
        patient: {
          name: `患者${randomBytes(3).toString('hex')}`,
          sex: sexOf(id),
          birthDate: birthOf(id),
          idNumber: id,
          insurance: 'URBAN_EMPLOYEE',
        },
        indication: 'NEEDS_DIAGNOSTICS',
        summary: '需进一步检查',
      };
      const idempotencyKey = randomUUID();
      const res = await persistently('referral', () =>
        call(`${services.url('referral')}/v1/referrals`, {
          method: 'POST',
          token: token(['elderly-admin'], from),
          body,
          headers: { 'idempotency-key': idempotencyKey },
        }),
      );
      if (res.status === 201 || res.status === 200) progress.acked.set(res.body.id as string, to);
      else if (res.status === 422 && res.body.code === 'AGREEMENT_REQUIRED' && outside) progress.refused++;
      else progress.unexpected.push(`${res.status} ${String(res.body.code)}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/** Phase 5: waits for every replica, then for empty outboxes and zero consumer lag (60 s from the last fault); leaves the verdict on it. */
async function drain({ nodes, services }: Infrastructure, { faults }: Load, verdict: Verdict): Promise<void> {
  for (const s of services.list) await services.waitReady(s.name);
  const lastFault = faults.at(-1)!.at;
  const kafka = new Kafka({ clientId: 'chaos-check', brokers: brokerList(nodes).split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await until(
      'outboxes drained and consumer lag zero',
      async () => (await unsentOutboxRows(services)) === 0 && (await consumerLag(admin)) === 0,
      Math.max(5000, 60_000 - (Date.now() - lastFault)),
    );
    verdict.passed.push(`consumer lag back to zero and every outbox drained within 60 s of the last fault`);
  } catch (err) {
    verdict.violations.push(
      `${(err as Error).message}: lag ${await consumerLag(admin).catch(() => -1)}, unsent outbox rows ${await unsentOutboxRows(services).catch(() => -1)}`,
    );
  } finally {
    await admin.disconnect();
  }
}

/** Messages not yet committed by the consumer group of each service, over the topics it consumes. */
async function consumerLag(admin: Admin): Promise<number> {
  let total = 0;
  for (const [group, topics] of [
    ['institution-registry', ['institution.events']],
    ['contract', ['institution.events']],
    ['referral', ['institution.events', 'agreement.events']],
    ['notification', ['institution.events', 'agreement.events', 'referral.events']],
  ] as const) {
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      for (const p of ends) {
        const c = committed.partitions.find((x) => x.partition === p.partition);
        total += Number(p.high) - Math.max(0, Number(c?.offset ?? 0));
      }
    }
  }
  return total;
}

/** Outbox rows not yet published, over every service's database. */
async function unsentOutboxRows(services: Services): Promise<number> {
  let n = 0;
  for (const service of new Set(services.list.map((s) => s.service))) {
    n += Number(
      (await sql<{ n: number }>(`chaos_${service.replace(/-/g, '_')}`, 'SELECT COUNT(*) AS n FROM outbox WHERE published_at IS NULL'))[0].n,
    );
  }
  return n;
}

/** Phase 6: checks the invariants against the databases, the topics and what the load saw; leaves each as passed or violated. */
async function checkInvariants({ nodes, services }: Infrastructure, seeded: Seeded, load: Load, verdict: Verdict): Promise<void> {
  await checkReferralsStoredOnce(load, verdict);
  await checkInboxNotifiedOnce(load, verdict);
  await checkFindingsRaisedOnce(seeded, verdict);
  await checkEventOrder(nodes, verdict);
  checkServerErrors(verdict);
  checkNoUnplannedExits(services, verdict);
  checkFaultsInjected(load, verdict);
}

/** Every acknowledged referral exists exactly once, and nothing else does. */
async function checkReferralsStoredOnce({ acked, unexpected }: Load, verdict: Verdict): Promise<void> {
  const rows = await sql<{ id: string }>('chaos_referral', 'SELECT id FROM referrals');
  const stored = new Set(rows.map((r) => r.id));
  const missing = [...acked.keys()].filter((id) => !stored.has(id));
  const extra = rows.filter((r) => !acked.has(r.id));
  if (missing.length || extra.length || unexpected.length)
    verdict.violations.push(
      `referrals: ${missing.length} acknowledged but missing, ${extra.length} stored but never acknowledged (doubled), ${unexpected.length} unexpected answers ${unexpected.slice(0, 3).join(', ')}`,
    );
  else verdict.passed.push(`${acked.size} acknowledged referrals stored exactly once, none extra`);
}

/** Each acknowledged referral produced exactly one inbox notification, for its receiver. */
async function checkInboxNotifiedOnce({ acked }: Load, verdict: Verdict): Promise<void> {
  const notes = await sql<{ resource: string; recipient: string; n: number }>(
    'chaos_notification',
    "SELECT resource, recipient, COUNT(*) AS n FROM notifications WHERE event_type = 'yiyang.referral.requested.v1' GROUP BY resource, recipient",
  );
  const byReferral = new Map(notes.map((n) => [n.resource.split('/').pop()!, n]));
  const wrongInbox = [...acked].filter(
    ([id, receiver]) => byReferral.get(id)?.recipient !== receiver || Number(byReferral.get(id)?.n) !== 1,
  );
  if (wrongInbox.length || notes.length !== acked.size)
    verdict.violations.push(
      `inbox: ${wrongInbox.length} referrals without exactly one notification for their receiver; ${notes.length} notified for ${acked.size} acknowledged`,
    );
  else verdict.passed.push(`${acked.size} referrals each notified exactly once to their receiving desk`);
}

/** Every finding exists once: one per refused pair, raised once. */
async function checkFindingsRaisedOnce({ homes, hospitals }: Seeded, verdict: Verdict): Promise<void> {
  const findings = await sql<{ rule: string; subject: string; n: number }>(
    'chaos_notification',
    'SELECT rule, subject, COUNT(*) AS n FROM findings GROUP BY rule, subject',
  );
  const outsidePairs = new Set(
    homes
      .filter((_, i) => [...Array(TOTAL).keys()].some((n) => n % 20 === 19 && n % homes.length === i))
      .map((h) => `pair:${h}:${hospitals[4]}`),
  );
  const refusedFindings = findings.filter((f) => f.rule === 'REFERRAL_OUTSIDE_AGREEMENT');
  if (
    findings.some((f) => Number(f.n) !== 1) ||
    refusedFindings.length !== outsidePairs.size ||
    refusedFindings.some((f) => !outsidePairs.has(f.subject))
  ) {
    verdict.violations.push(
      `findings: ${JSON.stringify(findings.map((f) => [f.rule, Number(f.n)]))}, expected one REFERRAL_OUTSIDE_AGREEMENT for each of ${outsidePairs.size} pairs`,
    );
  } else verdict.passed.push(`${findings.length} compliance findings, each exactly once`);
}

/** Every aggregate's events in order on every topic, as a consumer reads them. */
async function checkEventOrder(nodes: BrokerInstance[], verdict: Verdict): Promise<void> {
  const order = await eventOrder(brokerList(nodes).split(','), [
    'institution.events',
    'agreement.events',
    'referral.events',
    'compliance.events',
  ]);
  if (order.violations.length)
    verdict.violations.push(`events out of order: ${order.violations.slice(0, 3).join('; ')} (${order.violations.length} in all)`);
  else
    verdict.passed.push(
      `${order.events} events on four topics, every aggregate's in order (${order.redelivered} republished copies of events already there, which consumers skip)`,
    );
}

/** No 5xx but 503 with Retry-After (the database stopped, a replica starting). */
function checkServerErrors(verdict: Verdict): void {
  const bad = serverErrors.filter((e) => e.status !== 503 || !e.retryAfter);
  if (bad.length)
    verdict.violations.push(
      `server errors other than 503 with Retry-After: ${bad
        .slice(0, 3)
        .map((e) => `${e.status} ${e.url}`)
        .join(', ')} (${bad.length} in all)`,
    );
  else verdict.passed.push(`no 5xx but ${serverErrors.length} × 503 with Retry-After`);
}

/** No service process ended by itself. */
function checkNoUnplannedExits(services: Services, verdict: Verdict): void {
  if (services.unplannedExits.length) verdict.violations.push(`processes ended by themselves: ${services.unplannedExits.join('; ')}`);
  else verdict.passed.push('no service process ended by itself through any fault');
}

/** Every fault of the schedule was injected. */
function checkFaultsInjected({ faults, scheduled }: Load, verdict: Verdict): void {
  if (faults.length === scheduled) verdict.passed.push(`all ${faults.length} faults injected: ${faults.map((f) => f.what).join('; ')}`);
  else verdict.violations.push(`only ${faults.length} of ${scheduled} faults were injected`);
}

/** Phase 7 (if the run got this far): writes .local/chaos/result.json (load, faults, verdict); leaves the verdict to report. */
function writeResult({ acked, refused, faults }: Load, { passed, violations }: Verdict): void {
  writeFileSync(
    join(DIR, 'result.json'),
    JSON.stringify({ total: TOTAL, acknowledged: acked.size, refused, faults, passed, violations }, null, 2),
  );
}

/** Phase 8, whatever happened: stops every service process, the Kafka nodes and the database; leaves nothing running. */
async function tearDown({ db, nodes, services }: Infrastructure): Promise<void> {
  await services.stopAll();
  await stopCluster(nodes).catch(() => undefined);
  await db.stop();
  if (s3proxyStarted) await stopS3Proxy().catch(() => undefined);
}

/** Phase 9: prints each check's outcome (stderr) and the count (stdout); returns the exit code, 1 on any violation. */
function report({ passed, violations }: Verdict): number {
  for (const p of passed) say(`ok   ${p}`);
  for (const v of violations) say(`FAIL ${v}`);
  process.stdout.write(`chaos: ${passed.length} passed, ${violations.length} failed\n`);
  return violations.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    say((err as Error).stack ?? String(err));
    process.exit(1);
  },
);
