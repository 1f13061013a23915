/**
 * npm run bench: speed and scale, as figures (never as test assertions).
 *
 * Everything co-located on this machine: a MariaDB and a Kafka broker of the bench's own, the four
 * services as processes, and this load generator. Prints a table and writes test/bench/results.json:
 *   - sustained referral throughput (accepted POSTs per second over BENCH_SECONDS, default 60) and the
 *     latency from a POST's response to its notification arriving on the receiving desk's live stream;
 *   - the ceiling measured in the same run: raw two-row durable transactions on the same MariaDB, and
 *     raw produce→consume round trips through the same broker with the same client (kafkajs);
 *   - how cost grows: nearest-first search p95 at 1k/10k/100k institutions, referral creation p95 with
 *     1k/100k agreements on record, a jurisdiction's statistics p95 with 10k/1M referrals behind it;
 *   - peak memory (VmHWM) of each service process.
 */
import { execSync } from 'node:child_process';
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { createConnection } from 'mysql2/promise';
import { ROOT, runningPid, startBroker, stopBroker } from '../../deploy/local/kafka';
import { buildServices } from '../../deploy/local/build';
import { ensureS3Proxy, stopS3Proxy } from '../../deploy/local/s3proxy';

let s3proxyStarted = false;
import { loadDevPrivateKey } from '../../libs/auth/src/keys';
import { FieldCipher, parseKeyRing } from '../../libs/kernel/src/field-cipher';
import { signToken } from '../../libs/auth/src/tokens';
import { signAgreement, simpleAgreementFiling } from '../../libs/testing/src/agreements';
import { sseEvents } from '../../libs/testing/src/sse';
import { birthOf, residentId, sexOf } from '../chaos/identities';
import { hospitalBody, nursingHomeBody } from '../chaos/institutions';
import { PrivateMariaDb } from '../chaos/mariadb';
import { Services } from '../chaos/services';
import { cpuMeter } from './cpu';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 48);
/** BENCH_ONLY=throughput: the throughput phase alone, printed and not written (for trying a change quickly) */
const ONLY_THROUGHPUT = process.env.BENCH_ONLY === 'throughput';
/** BENCH_ONLY=lists: the lists-at-scale phase alone (after the seed), printed and not written */
const ONLY_LISTS = process.env.BENCH_ONLY === 'lists';
const DIR = join(ROOT, '.local', 'bench');
const DB_PORT = 13307;
const BROKER = { port: 19492, dir: join(DIR, 'kafka') };
const say = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const key = loadDevPrivateKey(join(ROOT, '.local', 'keys', 'jwt-dev-public.pem'));
const token = (roles: string[], extra: Record<string, string> = {}) =>
  `Bearer ${signToken({ sub: `bench-${roles[0]}-${extra.institutionId?.slice(0, 8) ?? 'x'}`, roles: roles as never, ...extra }, key, 'yiyang-connect', 7200)}`;

/** The bench's own MariaDB and broker (running) and the four services (not started yet). */
interface Stack {
  db: PrivateMariaDb;
  services: Services;
}

/** The institutions seeded: 20 nursing homes, each in an agreement with one of 10 hospitals, in turn. */
interface Seeded {
  registry: string;
  registrar: string;
  homes: string[];
  hospitals: string[];
}

/** The hospitals' referral desks, watched through their live streams. */
interface Desks {
  /** referral id → when its notification arrived on a desk's stream (performance.now()) */
  arrived: Map<string, number>;
  /** referral id → the same arrival, as wall-clock ms */
  arrivedWallClock: Map<string, number>;
  close(): void;
}

/** Referral POSTs from the nursing homes in turn (one counter for the whole run). */
interface Referrals {
  /** each home's token, in the order of `homes` */
  tokens: string[];
  /** One referral POST from the next nursing home in turn; its id and how long the POST took, or null when refused. */
  postOne(): Promise<{ id: string; respondedAt: number; ms: number } | null>;
}

/** a p50 and a p95, in ms */
type Percentiles = { p50: number; p95: number };
type Throughput = Awaited<ReturnType<typeof saturatedPhase>>['throughput'];
type LatencyAtFixedRate = Awaited<ReturnType<typeof fixedRatePhase>>;
type Ceiling = Awaited<ReturnType<typeof ceilingPhase>>;
type Scale = Awaited<ReturnType<typeof scalePhase>>;

/** The figures, in the order results.json lists them. */
interface Results {
  throughput: Throughput;
  latencyAtFixedRate: LatencyAtFixedRate;
  ceiling: Ceiling;
  scale: Scale;
  peakMemoryMiB: Record<string, number>;
}

async function main(): Promise<void> {
  build();
  const stack = await startStack();
  let results: Results;
  try {
    await startServices(stack.services);
    const seeded = await seed(stack.services);
    if (ONLY_LISTS) {
      await listScale(stack.services, seeded);
      return;
    }
    const desks = await watchDesks(stack.services, seeded.hospitals);
    const referrals = referralPoster(stack.services, seeded);
    const { throughput, acceptedPerSecond } = await saturatedPhase(stack, referrals, desks);
    const latencyAtFixedRate = await fixedRatePhase(referrals, desks, acceptedPerSecond);
    desks.close();
    if (ONLY_THROUGHPUT) return;
    const ceiling = await ceilingPhase(acceptedPerSecond);
    const scale = await scalePhase(stack.services, seeded, referrals);
    results = { throughput, latencyAtFixedRate, ceiling, scale, peakMemoryMiB: peakMemory(stack.services) };
  } finally {
    await tearDown(stack);
  }
  report(results);
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function sql<T = Record<string, unknown>>(database: string | undefined, statement: string, params: unknown[] = []): Promise<T[]> {
  const c = await createConnection({ host: '127.0.0.1', port: DB_PORT, user: 'root', password: '', database, multipleStatements: false });
  try {
    return (await c.query(statement, params))[0] as T[];
  } finally {
    await c.end();
  }
}

/**
 * The load generator's HTTP client: node:http with keep-alive. It shares the two cores with what it
 * measures, and Node's fetch costs about five times the CPU per request (measured: ~400 µs against
 * ~70 µs), which would be taken from the platform.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
function call(
  url: string,
  init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  // a Buffer goes as it is (an upload, its Content-Type in the headers), anything else as JSON
  const payload = init.body === undefined ? undefined : Buffer.isBuffer(init.body) ? init.body : JSON.stringify(init.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: init.method ?? 'GET',
        agent,
        headers: {
          'content-type': 'application/json',
          ...(payload === undefined ? {} : { 'content-length': String(Buffer.byteLength(payload)) }),
          ...(init.token ? { authorization: init.token } : {}),
          ...(init.headers ?? {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
          } catch (err) {
            reject(err);
          }
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function timed(fn: () => Promise<{ status: number }>, times: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    const res = await fn();
    if (res.status >= 400) throw new Error(`a timed call answered ${res.status}`);
    out.push(performance.now() - t);
  }
  return out;
}

/** Server-Sent Events of one desk: calls `onReferral(id, at, wallClock)` for each new-referral notification. */
function stream(url: string, auth: string, onReferral: (id: string, at: number, wallClock: number) => void): AbortController {
  const controller = new AbortController();
  void (async () => {
    try {
      const res = await fetch(url, { headers: { authorization: auth }, signal: controller.signal });
      for await (const { data } of sseEvents(res.body)) {
        if (!data) continue;
        const n = JSON.parse(data) as { type: string; resource: string };
        if (n.type === 'yiyang.referral.requested.v1') onReferral(n.resource.split('/').pop()!, performance.now(), Date.now());
      }
    } catch {
      // closed
    }
  })();
  return controller;
}

async function ceilingDatabase(seconds: number): Promise<number> {
  await sql(undefined, 'CREATE DATABASE IF NOT EXISTS bench_raw');
  await sql(
    'bench_raw',
    'CREATE TABLE IF NOT EXISTS pairs (id BIGINT AUTO_INCREMENT PRIMARY KEY, k CHAR(36) NOT NULL, payload VARCHAR(500) NOT NULL) ENGINE=InnoDB',
  );
  const connections = await Promise.all(
    Array.from({ length: CONCURRENCY }, () =>
      createConnection({ host: '127.0.0.1', port: DB_PORT, user: 'root', password: '', database: 'bench_raw' }),
    ),
  );
  let done = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    connections.map(async (c) => {
      while (Date.now() < end) {
        await c.beginTransaction();
        await c.query('INSERT INTO pairs (k, payload) VALUES (?, ?)', [randomUUID(), 'state'.repeat(40)]);
        await c.query('INSERT INTO pairs (k, payload) VALUES (?, ?)', [randomUUID(), 'event'.repeat(40)]);
        await c.commit();
        done++;
      }
      await c.end();
    }),
  );
  return done / seconds;
}

async function ceilingBroker(seconds: number): Promise<{ perSecond: number; p50: number; p99: number }> {
  const kafka = new Kafka({ clientId: 'bench-raw', brokers: [`127.0.0.1:${BROKER.port}`], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'bench.raw', numPartitions: 6, replicationFactor: 1 }] });
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `bench-raw-${randomUUID()}` });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topic: 'bench.raw', fromBeginning: false });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const id = message.key!.toString();
      const t = sentAt.get(id);
      if (t !== undefined) latencies.push(performance.now() - t);
    },
  });
  while (!joined) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 1000));
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < end) {
        const id = randomUUID();
        sentAt.set(id, performance.now());
        await producer.send({ topic: 'bench.raw', acks: -1, messages: [{ key: id, value: 'x'.repeat(600) }] });
      }
    }),
  );
  const deadline = Date.now() + 15_000;
  while (latencies.length < sentAt.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await Promise.all([producer.disconnect(), consumer.disconnect()]);
  return { perSecond: latencies.length / seconds, p50: pct(latencies, 50), p99: pct(latencies, 99) };
}

/** Mean of each labelled series of the named histograms on a service's /metrics, in ms (with counts). */
async function histogramMeans(base: string, names: string[]): Promise<Record<string, { meanMs: number; count: number }>> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const series = new Map<string, { sum: number; count: number }>();
  for (const line of text.split('\n')) {
    const m = /^(\w+)_(sum|count)\{([^}]*)\} ([\d.e+-]+)$/.exec(line);
    if (!m || !names.includes(m[1])) continue;
    const labels = m[3]
      .split(',')
      .filter((l) => !l.startsWith('service='))
      .join(',');
    const key = `${m[1]}{${labels}}`;
    const entry = series.get(key) ?? { sum: 0, count: 0 };
    entry[m[2] as 'sum' | 'count'] = Number(m[4]);
    series.set(key, entry);
  }
  return Object.fromEntries(
    [...series].filter(([, v]) => v.count > 0).map(([k, v]) => [k, { meanMs: round((v.sum / v.count) * 1000), count: v.count }]),
  );
}

/** Statements the bench's MariaDB has executed (all services, all connections). */
async function statementsExecuted(): Promise<number> {
  const [row] = await sql<{ Value: string }>(undefined, "SHOW GLOBAL STATUS LIKE 'Questions'");
  return Number(row.Value);
}

/** BENCH_SQL_LOG=1: every statement of one second in the middle of the run, to .local/bench/statements.log */
async function sqlLogFor(ms: number): Promise<void> {
  await sql(undefined, "SET GLOBAL log_output = 'FILE'");
  await sql(undefined, 'SET GLOBAL general_log_file = ?', [join(DIR, 'statements.log')]);
  await sql(undefined, 'SET GLOBAL general_log = 1');
  await new Promise((r) => setTimeout(r, ms));
  await sql(undefined, 'SET GLOBAL general_log = 0');
}

/**
 * Where a referral's POST→inbox time goes, from the rows each stage leaves: the referral service's outbox
 * (occurred_at: in the request's transaction; published_at: the broker acknowledged), the notification
 * service's inbox (handled_at: its consumer began the transaction) and the stream's arrival at the desk.
 */
async function stageTimings(arrivedWallClock: Map<string, number>) {
  const outbox = await sql<{ aggregate_id: string; occurred_at: Date; published_at: Date | null }>(
    'bench_referral',
    "SELECT aggregate_id, occurred_at, published_at FROM outbox WHERE event_type = 'yiyang.referral.requested.v1'",
  );
  const consumed = await sql<{ resource: string; created_at: Date }>(
    'bench_notification',
    "SELECT resource, created_at FROM notifications WHERE event_type = 'yiyang.referral.requested.v1' AND recipient_kind = 'institution'",
  );
  const handledAt = new Map(consumed.map((r) => [r.resource.split('/').pop()!, r.created_at.getTime()]));
  const relay: number[] = [];
  const toConsumer: number[] = [];
  const toStream: number[] = [];
  for (const row of outbox) {
    const arrivedAt = arrivedWallClock.get(row.aggregate_id);
    const handled = handledAt.get(row.aggregate_id);
    if (!row.published_at || arrivedAt === undefined || handled === undefined) continue;
    relay.push(row.published_at.getTime() - row.occurred_at.getTime());
    toConsumer.push(handled - row.published_at.getTime());
    toStream.push(arrivedAt - handled);
  }
  const summary = (xs: number[]) => ({ p50: round(pct(xs, 50)), p99: round(pct(xs, 99)) });
  return {
    'committed→published': summary(relay),
    'published→consumer began': summary(toConsumer),
    'consumer began→stream': summary(toStream),
  };
}

function peakMemoryMiB(pid: number | undefined): number {
  if (!pid) return NaN;
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? round(Number(m[1]) / 1024, 0) : NaN;
}

/** Phase 1: a fresh .local/bench and the services built (unless SKIP_BUILD=1); leaves the bundles in dist/ for startStack. */
function build(): void {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  if (process.env.SKIP_BUILD !== '1') buildServices();
}

/** Phase 2: starts the bench's MariaDB and broker; leaves them running and the services configured, not started. */
async function startStack(): Promise<Stack> {
  const db = new PrivateMariaDb(DB_PORT, join(DIR, 'mysql'));
  await db.start();
  await startBroker(BROKER);
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
      DB_POOL_SIZE: '20',
      KAFKA_BROKERS: `127.0.0.1:${BROKER.port}`,
      KAFKA_TOPIC_PREFIX: '',
      KAFKA_TOPIC_PARTITIONS: '6',
      RATE_LIMIT_WRITES: '0',
      OUTBOX_BATCH_SIZE: '500',
      LOG_LEVEL: 'warn',
      STREAM_POLL_MS: '100',
      JWT_DEV_KEYS: 'true', // the run signs its tokens with the development key pair
      ...(process.env.BENCH_CONSUMER_CONCURRENCY ? { KAFKA_CONSUMER_CONCURRENCY: process.env.BENCH_CONSUMER_CONCURRENCY } : {}),
    },
    15001,
    'bench',
  );
  return { db, services };
}

/** Phase 3: starts the four services; leaves them ready. */
async function startServices(services: Services): Promise<void> {
  for (const s of services.list) services.start(s.name);
  for (const s of services.list) await services.waitReady(s.name);
}

/** Phase 4: registers 20 homes and 10 hospitals, signs an agreement for each home; leaves them known to contract and referral services. */
async function seed(services: Services): Promise<Seeded> {
  const registry = services.url('institution-registry');
  const registrar = token(['registrar']);
  const { homes, hospitals } = await registerInstitutions(registry, registrar);
  await waitFor(
    async () => Number((await sql<{ n: number }>('bench_contract', 'SELECT COUNT(*) AS n FROM institution_directory'))[0].n) === 30,
  );
  await signAgreements(services, homes, hospitals);
  await waitFor(
    async () =>
      Number((await sql<{ n: number }>('bench_referral', "SELECT COUNT(*) AS n FROM agreement_coverage WHERE status = 'ACTIVE'"))[0].n) ===
      20,
  );
  say(`seeded; driving referrals for ${SECONDS} s with ${CONCURRENCY} in flight`);
  return { registry, registrar, homes, hospitals };
}

/** Polls `check` every 300 ms until it holds. */
async function waitFor(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await sleep(300);
}

/** Registers the 20 nursing homes and the 10 hospitals; returns their ids. */
async function registerInstitutions(registry: string, registrar: string): Promise<{ homes: string[]; hospitals: string[] }> {
  const homes: string[] = [];
  const hospitals: string[] = [];
  const register = async (body: Record<string, unknown>) =>
    (await call(`${registry}/v1/institutions`, { method: 'POST', token: registrar, body })).body.id as string;
  for (let i = 0; i < 20; i++) homes.push(await register(nursingHomeBody(`基准颐养院${i}`, i)));
  for (let i = 0; i < 10; i++) hospitals.push(await register(hospitalBody(`基准医院${i}`, i)));
  return { homes, hospitals };
}

/** Each home files an agreement with a hospital in turn, uploads its signed paper, submits it, and the hospital countersigns. */
async function signAgreements(services: Services, homes: string[], hospitals: string[]): Promise<void> {
  for (const [i, home] of homes.entries()) {
    const hospital = hospitals[i % hospitals.length];
    await signAgreement(
      (_step, r) => call(`${services.url('contract')}${r.path}`, r),
      { elderly: token(['elderly-admin'], { institutionId: home }), medical: token(['medical-admin'], { institutionId: hospital }) },
      simpleAgreementFiling(home, hospital),
    );
  }
}

/** Phase 5: opens every hospital desk's live stream and gives them a second to connect; leaves the arrivals recorded as they come. */
async function watchDesks(services: Services, hospitals: string[]): Promise<Desks> {
  const arrived = new Map<string, number>();
  const arrivedWallClock = new Map<string, number>();
  const streams = hospitals.map((h) =>
    stream(`${services.url('notification')}/v1/stream`, token(['referral-desk'], { institutionId: h }), (id, at, wallClock) => {
      arrived.set(id, at);
      arrivedWallClock.set(id, wallClock);
    }),
  );
  await sleep(1000);
  return { arrived, arrivedWallClock, close: () => streams.forEach((s) => s.abort()) };
}

/** The referral POSTs of the load phases, from the homes in turn, each to its partner hospital. */
function referralPoster(services: Services, { homes, hospitals }: Seeded): Referrals {
  const tokens = homes.map((h) => token(['elderly-admin'], { institutionId: h }));
  let n = 0;
  const postOne = async (): Promise<{ id: string; respondedAt: number; ms: number } | null> => {
    const i = n++ % homes.length;
    const t = performance.now();
    try {
      const res = await call(`${services.url('referral')}/v1/referrals`, {
        method: 'POST',
        token: tokens[i],
        body: {
          direction: 'UP',
          fromInstitutionId: homes[i],
          toInstitutionId: hospitals[i % hospitals.length],
          priority: 'ROUTINE',
          patient: patient(),
          indication: 'NEEDS_DIAGNOSTICS',
          summary: '需进一步检查',
        },
      });
      const now = performance.now();
      return res.status === 201 ? { id: res.body.id as string, respondedAt: now, ms: now - t } : null;
    } catch {
      return null;
    }
  };
  return { tokens, postOne };
}

/** The resident the lists phase searches for (1 in 10,000 of its copies is theirs). */
const BENCH_RESIDENT = residentId();

function patient() {
  const id = residentId();
  return { name: '基准患者', sex: sexOf(id), birthDate: birthOf(id), idNumber: id, insurance: 'URBAN_EMPLOYEE' };
}

/** The POST → desk latencies of the referrals answered (id → when), once each arrived or 60 s passed. */
async function settle({ arrived }: Desks, responded: Map<string, number>): Promise<number[]> {
  const deadline = Date.now() + 60_000;
  while ([...responded.keys()].some((id) => !arrived.has(id)) && Date.now() < deadline) await sleep(250);
  return [...responded].filter(([id]) => arrived.has(id)).map(([id, at]) => Math.max(0, arrived.get(id)! - at));
}

const latencySummary = (xs: number[]) => ({ p50: round(pct(xs, 50)), p95: round(pct(xs, 95)), p99: round(pct(xs, 99)) });

/** Phase 6: CONCURRENCY POSTs always in flight for SECONDS, CPU measured; leaves the figures and the unrounded accepted rate for 7 and 8. */
async function saturatedPhase(stack: Stack, referrals: Referrals, desks: Desks) {
  const { services } = stack;
  const responded = new Map<string, number>();
  const postLatency: number[] = [];
  let errors = 0;
  const cpuUsed = measureCpu(stack);
  const questionsBefore = await statementsExecuted();
  if (process.env.BENCH_SQL_LOG === '1') setTimeout(() => void sqlLogFor(1000), (SECONDS * 1000) / 2);
  const end = Date.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < end) {
        const done = await referrals.postOne();
        if (!done) errors++;
        else {
          postLatency.push(done.ms);
          responded.set(done.id, done.respondedAt);
        }
      }
    }),
  );
  const finished = performance.now();
  const elapsed = (finished - started) / 1000;
  const cpu = cpuUsed();
  const statements = (await statementsExecuted()) - questionsBefore;
  const deliveredInWindow = [...responded.keys()].filter((id) => (desks.arrived.get(id) ?? Infinity) <= finished).length;
  const inbox = await settle(desks, responded);
  const throughput = {
    seconds: round(elapsed),
    accepted: responded.size,
    errors,
    acceptedPerSecond: round(responded.size / elapsed),
    deliveredToInboxPerSecond: round(deliveredInWindow / elapsed),
    postMs: latencySummary(postLatency),
    postToInboxMs: latencySummary(inbox),
    notArrivedWithin60s: responded.size - inbox.length,
    databaseStatementsPerReferral: round(statements / responded.size),
    stagesMs: await stageTimings(desks.arrivedWallClock),
    inServiceMeanMs: {
      referral: await histogramMeans(services.url('referral'), ['outbox_relay_stage_seconds', 'http_request_duration_seconds']),
      notification: await histogramMeans(services.url('notification'), ['event_handling_seconds']),
    },
    cpu,
  };
  say(`throughput: ${JSON.stringify(throughput)}`);
  return { throughput, acceptedPerSecond: responded.size / elapsed };
}

/** Starts counting the CPU of every process of the stack and of this load generator; the returned function stops and reports. */
function measureCpu({ db, services }: Stack) {
  return cpuMeter({
    ...Object.fromEntries(services.list.map((s) => [s.name, s.child?.pid])),
    mariadb: db.pid,
    kafka: runningPid(BROKER) ?? undefined,
    'load generator': process.pid,
  });
}

/** Phase 7: latency unsaturated, POSTs at BENCH_FIXED_RATE (default half phase 6's) for ≤ 30 s; leaves its figures, the streams open. */
async function fixedRatePhase(referrals: Referrals, desks: Desks, acceptedPerSecond: number) {
  const rate = Number(process.env.BENCH_FIXED_RATE ?? Math.max(10, Math.round(acceptedPerSecond * 0.5)));
  const fixedSeconds = Math.min(SECONDS, 30);
  const offered = new Map<string, number>();
  const fixedPost: number[] = [];
  let fixedErrors = 0;
  const inFlight = new Set<Promise<void>>();
  const fixedStart = performance.now();
  for (let k = 0; k < rate * fixedSeconds; k++) {
    const due = fixedStart + (k * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const p: Promise<void> = referrals.postOne().then((done) => {
      if (!done) fixedErrors++;
      else {
        fixedPost.push(done.ms);
        offered.set(done.id, done.respondedAt);
      }
      inFlight.delete(p);
    });
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  const fixedInbox = await settle(desks, offered);
  const latencyAtFixedRate = {
    offeredPerSecond: rate,
    seconds: fixedSeconds,
    accepted: offered.size,
    errors: fixedErrors,
    postMs: latencySummary(fixedPost),
    postToInboxMs: latencySummary(fixedInbox),
    notArrivedWithin60s: offered.size - fixedInbox.length,
  };
  say(`latency at a fixed rate: ${JSON.stringify(latencyAtFixedRate)}`);
  return latencyAtFixedRate;
}

/** Phase 8: the ceiling on the same machine in the same run, raw MariaDB and Kafka for 10 s each; leaves the platform's share of it. */
async function ceilingPhase(acceptedPerSecond: number) {
  const dbCeiling = await ceilingDatabase(10);
  const brokerCeiling = await ceilingBroker(10);
  const ceiling = {
    twoRowDurableTransactionsPerSecond: round(dbCeiling),
    kafkaRoundTripsPerSecond: round(brokerCeiling.perSecond),
    kafkaRoundTripMs: { p50: round(brokerCeiling.p50), p99: round(brokerCeiling.p99) },
    platformShareOfCeiling: round(acceptedPerSecond / Math.min(dbCeiling, brokerCeiling.perSecond), 3),
  };
  say(`ceiling: ${JSON.stringify(ceiling)}`);
  return ceiling;
}

/** Phase 9: how cost grows, with institutions, agreements and referrals bulk-inserted behind the services; leaves the timings. */
async function scalePhase(services: Services, seeded: Seeded, referrals: Referrals) {
  return {
    searchMs: await searchScale(seeded),
    referralCreationMs: await creationScale(services, seeded, referrals.tokens[0]),
    statisticsMs: await statisticsScale(services),
    listsMs: await listScale(services, seeded),
  };
}

/** Nearest-first and by-name search at 1k, 10k and 100k institutions. */
async function searchScale({ registry, registrar }: Seeded) {
  const searches: Record<string, { p50: number; p95: number; byName: Percentiles; byNameNoMatch: Percentiles; byNameNear: Percentiles }> =
    {};
  let have = 30;
  for (const size of [1_000, 10_000, 100_000]) {
    const add = size - have;
    await sql(
      'bench_institution_registry',
      `INSERT INTO institutions (id, version, name, name_search, uscc, category, kind, ownership, non_profit, division_code, address, lat, lng, location, capabilities, beds, status, registered_at, updated_at)
         SELECT UUID(), 1, CONCAT('规模机构', s.seq), CONCAT('规模机构', s.seq), CONCAT('9135', LPAD(s.seq + ${have}, 14, '0')), IF(s.seq % 3 = 0, 'MEDICAL', 'ELDERLY_CARE'), IF(s.seq % 3 = 0, 'GENERAL_HOSPITAL', 'NURSING_HOME'),
           'PUBLIC', 1, '350102', '福建', 24 + MOD(s.seq * 7919, 4000) / 1000, 116 + MOD(s.seq * 104729, 4000) / 1000,
           ST_GeomFromText(CONCAT('POINT(', 116 + MOD(s.seq * 104729, 4000) / 1000, ' ', 24 + MOD(s.seq * 7919, 4000) / 1000, ')')), '[]', '{}', 'ACTIVE', NOW(3), NOW(3)
         FROM seq_1_to_${add} s`,
    );
    have = size;
    const times = await timed(
      () =>
        call(
          `${registry}/v1/institutions?category=MEDICAL&near=${(24.2 + Math.random() * 3.6).toFixed(3)},${(116.2 + Math.random() * 3.6).toFixed(3)}&radiusKm=10&limit=20`,
          { token: registrar },
        ),
      200,
    );
    // by name (?q=, LIKE '%…%' on the normalised name): a part that matches some rows, and one that matches none (the whole table read)
    const named = await timed(
      () => call(`${registry}/v1/institutions?q=${encodeURIComponent(`机构${randomInt(1, size)}`)}&limit=20`, { token: registrar }),
      200,
    );
    const unmatched = await timed(
      () => call(`${registry}/v1/institutions?q=${encodeURIComponent('协和')}&limit=20`, { token: registrar }),
      100,
    );
    const nameNear = await timed(
      () =>
        call(
          `${registry}/v1/institutions?q=${encodeURIComponent('规模')}&near=${(24.2 + Math.random() * 3.6).toFixed(3)},${(116.2 + Math.random() * 3.6).toFixed(3)}&radiusKm=10&limit=20`,
          { token: registrar },
        ),
      100,
    );
    searches[size] = {
      p50: round(pct(times, 50)),
      p95: round(pct(times, 95)),
      byName: { p50: round(pct(named, 50)), p95: round(pct(named, 95)) },
      byNameNoMatch: { p50: round(pct(unmatched, 50)), p95: round(pct(unmatched, 95)) },
      byNameNear: { p50: round(pct(nameNear, 50)), p95: round(pct(nameNear, 95)) },
    };
    say(`search at ${size} institutions: ${JSON.stringify(searches[size])}`);
  }
  return searches;
}

/** Referral creation with 1k and 100k agreements on record. */
async function creationScale(services: Services, { homes, hospitals }: Seeded, homeToken: string) {
  const creations: Record<string, Percentiles> = {};
  let agreements = 20;
  for (const size of [1_000, 100_000]) {
    await sql(
      'bench_referral',
      `INSERT INTO agreement_coverage (id, sequence, elderly_id, medical_id, status, effective_from, effective_to, two_way_referral, green_channel) SELECT UUID(), 4, UUID(), UUID(), 'ACTIVE', '2026-01-01', '2030-12-31', 1, 0 FROM seq_1_to_${size - agreements}`,
    );
    agreements = size;
    const times = await timed(
      () =>
        call(`${services.url('referral')}/v1/referrals`, {
          method: 'POST',
          token: homeToken,
          body: {
            direction: 'UP',
            fromInstitutionId: homes[0],
            toInstitutionId: hospitals[0],
            priority: 'ROUTINE',
            patient: patient(),
            indication: 'NEEDS_DIAGNOSTICS',
            summary: '规模测试',
          },
        }),
      200,
    );
    creations[size] = { p50: round(pct(times, 50)), p95: round(pct(times, 95)) };
    say(`referral creation with ${size} agreements: ${JSON.stringify(creations[size])}`);
  }
  return creations;
}

/** A jurisdiction's statistics with 10k and 1M referrals behind it. */
async function statisticsScale(services: Services) {
  const statistics: Record<string, Percentiles> = {};
  const regulator = token(['regulator'], { division: '35' });
  await sql(
    'bench_notification',
    "INSERT IGNORE INTO stat_counters (division, metric, value) SELECT CONCAT('35', LPAD(d.seq, 4, '0')), CONCAT('referrals.UP.', ELT(1 + MOD(m.seq, 9), 'REQUESTED','RECEIVED','ACCEPTED','REJECTED','RETURNED_WITH_ADVICE','CANCELLED','ARRIVED','COMPLETED','EXPIRED')), 1 FROM seq_1_to_99 d, seq_0_to_8 m",
  );
  let referralsBehind = Number((await sql<{ n: number }>('bench_notification', 'SELECT COUNT(*) AS n FROM nx_referrals'))[0].n);
  for (const size of [10_000, 1_000_000]) {
    for (let left = size - referralsBehind; left > 0; left -= 100_000) {
      const batch = Math.min(100_000, left);
      await sql(
        'bench_notification',
        `INSERT INTO nx_referrals (id, version, status, direction, from_division, to_id, to_division) SELECT UUID(), 1, 'COMPLETED', 'UP', '350102', UUID(), '350103' FROM seq_1_to_${batch}`,
      );
      await sql(
        'bench_notification',
        "INSERT INTO stat_counters (division, metric, value) VALUES ('350102', 'referrals.UP.COMPLETED', ?) ON DUPLICATE KEY UPDATE value = value + VALUES(value)",
        [batch],
      );
    }
    referralsBehind = size;
    const times = await timed(() => call(`${services.url('notification')}/v1/statistics?division=35`, { token: regulator }), 200);
    statistics[size] = { p50: round(pct(times, 50)), p95: round(pct(times, 95)) };
    say(`statistics with ${size} referrals behind: ${JSON.stringify(statistics[size])}`);
  }
  return statistics;
}

/**
 * The lists people page through, with 10k, 100k and 1M referrals on record (bulk-inserted as copies of a
 * real referral, spread over a year and 99 counties of 35, one in 50 received by the first hospital): a
 * regulator's newest page for the province, a city and a county (either party's division), a hospital's
 * referrals both ways, and one resident's referrals found by the blind index.
 */
async function listScale(services: Services, { homes, hospitals }: Seeded) {
  const lists: Record<string, Record<string, Percentiles>> = {};
  const referral = services.url('referral');
  // the referral every copy is made from: the first hospital receives it, for a resident whose number is known here
  const resident = { ...patient(), idNumber: BENCH_RESIDENT, sex: sexOf(BENCH_RESIDENT), birthDate: birthOf(BENCH_RESIDENT) };
  const posted = await call(`${referral}/v1/referrals`, {
    method: 'POST',
    token: token(['elderly-admin'], { institutionId: homes[0] }),
    body: {
      direction: 'UP',
      fromInstitutionId: homes[0],
      toInstitutionId: hospitals[0],
      priority: 'ROUTINE',
      patient: resident,
      indication: 'NEEDS_DIAGNOSTICS',
      summary: '列表规模',
    },
  });
  if (posted.status !== 201) throw new Error(`could not post the referral to copy: ${posted.status}`);
  const template = String(posted.body.id);
  const columns = (
    await sql<{ name: string }>(
      'bench_referral',
      "SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'bench_referral' AND TABLE_NAME = 'referrals' AND EXTRA NOT LIKE '%GENERATED%' ORDER BY ORDINAL_POSITION",
    )
  ).map((c) => c.name);
  // the copies are sealed like real rows (the resident and clinical text are bound to the row id, so a copied
  // seal would not open): the template's particulars, opened with the services' development keys, sealed per copy
  const [t] = await sql<Record<string, unknown>>('bench_referral', 'SELECT * FROM referrals WHERE id = ?', [template]);
  const keyId = String(t.key_id);
  const cipher = new FieldCipher(parseKeyRing(readFileSync(join(ROOT, '.local', 'keys', 'referral-data.keys'), 'utf8')), keyId);
  const particulars = cipher.open(keyId, String(t.patient_sealed), template);
  const clinical = cipher.open(keyId, String(t.clinical_sealed), template);
  const year = 365 * 24 * 3600 * 1000;
  const copy = (seq: number): unknown[] => {
    const id = randomUUID();
    const at = new Date(Date.now() - ((seq * 7919) % (year / 1000)) * 1000);
    const own: Record<string, unknown> = {
      id,
      from_id: randomUUID(),
      to_id: seq % 50 === 0 ? hospitals[0] : randomUUID(),
      from_division: `35${String(1 + (seq % 99)).padStart(4, '0')}`,
      to_division: `35${String(1 + ((seq * 7) % 99)).padStart(4, '0')}`,
      created_at: at,
      requested_at: at,
      // one in 10,000 copies is the template's resident, the rest nobody's
      resident_index: seq % 10_000 === 0 ? t.resident_index : createHash('sha256').update(`r${seq}`).digest('hex'),
      patient_sealed: cipher.seal(particulars, id).sealed,
      clinical_sealed: cipher.seal(clinical, id).sealed,
    };
    return columns.map((c) => {
      const v = c in own ? own[c] : t[c];
      return v !== null && typeof v === 'object' && !(v instanceof Date) && !Buffer.isBuffer(v) ? JSON.stringify(v) : v;
    });
  };
  const staff = token(['referral-desk'], { institutionId: hospitals[0] });
  const regulator = token(['regulator'], { division: '35' });
  let have = Number((await sql<{ n: number }>('bench_referral', 'SELECT COUNT(*) AS n FROM referrals'))[0].n);
  const db = await createConnection({ host: '127.0.0.1', port: DB_PORT, user: 'root', password: '', database: 'bench_referral' });
  try {
    for (const size of [10_000, 100_000, 1_000_000]) {
      const started = performance.now();
      for (let seq = have; seq < size; seq += 2_000) {
        const rows = Array.from({ length: Math.min(2_000, size - seq) }, (_, k) => copy(seq + k));
        await db.query(`INSERT INTO referrals (${columns.join(', ')}) VALUES ?`, [rows]);
      }
      say(`${size} referrals on record (${round((performance.now() - started) / 1000)} s to add ${size - have})`);
      have = size;
      const page = async (query: string, who: string) =>
        timed(() => call(`${referral}/v1/referrals?${query}&limit=20`, { token: who }), 100);
      const figures: Record<string, number[]> = {
        'regulator, province': await page('division=35', regulator),
        'regulator, city': await page('division=3501', regulator),
        'regulator, county': await page('division=350102', regulator),
        'regulator, county, status ACCEPTED': await page('division=350102&status=ACCEPTED', regulator),
        'hospital, both ways': await page('side=both', staff),
        'hospital, received': await page('side=received', staff),
      };
      figures['hospital, one resident (blind index)'] = await page(`resident=${BENCH_RESIDENT}`, staff);
      lists[size] = Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, { p50: round(pct(v, 50)), p95: round(pct(v, 95)) }]));
      say(`lists with ${size} referrals: ${JSON.stringify(lists[size])}`);
    }
  } finally {
    await db.end();
  }
  return lists;
}

/** Phase 10: the peak memory (VmHWM) of each service process, read while they still run. */
function peakMemory(services: Services): Record<string, number> {
  return Object.fromEntries(services.list.map((s) => [s.name, peakMemoryMiB(s.child?.pid)]));
}

/** Phase 11, whatever happened: stops the services, the broker and the database; leaves nothing running. */
async function tearDown({ db, services }: Stack): Promise<void> {
  await services.stopAll();
  await stopBroker(BROKER).catch(() => undefined);
  await db.stop();
  if (s3proxyStarted) await stopS3Proxy().catch(() => undefined);
}

/** Phase 12: writes test/bench/results.json (the figures, with date, commit, machine and settings) and prints the table. */
function report(results: Results): void {
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  const written = {
    date: new Date().toISOString(),
    commit,
    machine: { cores: cpus().length, cpu: cpus()[0]?.model, memoryGiB: round(totalmem() / 2 ** 30, 0), node: process.version },
    settings: { seconds: SECONDS, concurrency: CONCURRENCY },
    ...results,
  };
  writeFileSync(join(ROOT, 'test', 'bench', 'results.json'), `${JSON.stringify(written, null, 2)}\n`);
  const rows = tableRows(results);
  const width = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(`\nYiyang Connect benchmark — ${written.date}, commit ${commit}, ${written.machine.cores} cores\n`);
  for (const [name, value, goal] of rows) process.stdout.write(`${name.padEnd(width)}  ${value.padStart(10)}  ${goal}\n`);
  process.stdout.write(`\nwritten to test/bench/results.json\n`);
}

/** The table's rows: what, the figure, the goal (if any). */
function tableRows(results: Results): [string, string, string][] {
  const t = results.throughput;
  const f = results.latencyAtFixedRate;
  const s = results.scale;
  return [
    ['referrals accepted per second (sustained)', String(t.acceptedPerSecond), '≥ 1000'],
    ['referrals reaching the desk inbox per second, same window', String(t.deliveredToInboxPerSecond), '≥ 1000'],
    ['POST → receiving desk inbox p99 at that rate (ms)', String(t.postToInboxMs.p99), '≤ 250'],
    [`POST → inbox p50 / p99 at a fixed ${f.offeredPerSecond}/s (ms)`, `${f.postToInboxMs.p50} / ${f.postToInboxMs.p99}`, '≤ 250'],
    ['POST p99 (ms)', String(t.postMs.p99), ''],
    ['ceiling: durable 2-row transactions per second', String(results.ceiling.twoRowDurableTransactionsPerSecond), ''],
    ['ceiling: Kafka produce→consume round trips per second', String(results.ceiling.kafkaRoundTripsPerSecond), ''],
    ['platform / ceiling', String(results.ceiling.platformShareOfCeiling), ''],
    ...Object.entries(s.searchMs).map(
      ([k, v]) => [`search p95 at ${k} institutions (ms)`, String(v.p95), '≤ 20'] as [string, string, string],
    ),
    ...Object.entries(s.searchMs).map(
      ([k, v]) =>
        [`name search p95 at ${k} institutions, some / no match (ms)`, `${v.byName.p95} / ${v.byNameNoMatch.p95}`, ''] as [
          string,
          string,
          string,
        ],
    ),
    ...Object.entries(s.referralCreationMs).map(
      ([k, v]) => [`referral creation p95 with ${k} agreements (ms)`, String(v.p95), ''] as [string, string, string],
    ),
    ...Object.entries(s.statisticsMs).map(
      ([k, v]) => [`statistics read p95 with ${k} referrals (ms)`, String(v.p95), '≤ 20'] as [string, string, string],
    ),
    ...Object.entries(s.listsMs).flatMap(([size, figures]) =>
      Object.entries(figures).map(([k, v]) => [`list p95 at ${size} referrals: ${k} (ms)`, String(v.p95), ''] as [string, string, string]),
    ),
    ...Object.entries(results.peakMemoryMiB).map(([k, v]) => [`peak memory of ${k} (MiB)`, String(v), ''] as [string, string, string]),
  ];
}

main().then(
  () => process.exit(0),
  (err) => {
    say((err as Error).stack ?? String(err));
    process.exit(1);
  },
);
