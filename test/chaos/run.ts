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
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { createConnection } from 'mysql2/promise';
import { ROOT, BrokerInstance, brokerList, clusterOf, killBroker, startCluster, stopCluster } from '../../deploy/local/kafka';
import { buildServices } from '../../deploy/local/build';
import { loadDevPrivateKey } from '../../libs/auth/src/keys';
import { signToken } from '../../libs/auth/src/tokens';
import { residentIdCheckCharacter, usccCheckCharacter } from '../../libs/kernel/src';
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
let nodes: BrokerInstance[] = [];
/** every answer of 500 or more the load received: only 503 with Retry-After is allowed */
const serverErrors: { status: number; retryAfter: string | null; url: string }[] = [];
const say = (m: string) => process.stderr.write(`[chaos] ${m}\n`);

const key = loadDevPrivateKey(join(ROOT, '.local', 'keys', 'jwt-dev-public.pem'));
const token = (roles: string[], institutionId?: string) =>
  `Bearer ${signToken({ sub: `chaos-${roles[0]}-${institutionId?.slice(0, 8) ?? 'x'}`, roles: roles as never, ...(institutionId ? { institutionId } : {}) }, key, 'yiyang-connect', 7200)}`;

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function uscc(division: string): string {
  let body = `91${division}`;
  while (body.length < 17) body += ALPHABET[randomInt(ALPHABET.length)];
  return body + usccCheckCharacter(body);
}
function residentId(): string {
  const first17 = `350102${1930 + randomInt(30)}0${1 + randomInt(9)}1${randomInt(10)}${String(randomInt(1000)).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
}
const sexOf = (id: string) => (Number(id[16]) % 2 === 1 ? 'M' : 'F');
const birthOf = (id: string) => `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;

async function call(
  url: string,
  init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: init.token } : {}), ...(init.headers ?? {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
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

/**
 * Each service started while the database is down, then while Kafka is down: it must stay up, say on
 * /health/ready what it waits for, refuse requests with 503 + Retry-After, and serve once they return.
 */
async function coldStarts(services: Services, db: PrivateMariaDb, passed: string[], violations: string[]): Promise<void> {
  const expectWaiting = async (what: string) => {
    const problems = (await Promise.all(services.list.map((s) => services.waitWaitingFor(s.name, what)))).filter(
      (p): p is string => p !== null,
    );
    violations.push(...problems);
    return problems.length === 0;
  };
  say('cold start with the database down');
  for (const s of services.list) services.start(s.name);
  const waitedForDb = await expectWaiting('database');
  await db.start();
  say(`private MariaDB on 127.0.0.1:${DB_PORT}`);
  for (const s of services.list) await services.waitReady(s.name);
  if (waitedForDb)
    passed.push(
      'started with the database down, every service waited (503 on /health/ready naming the database) and became ready when it came up',
    );

  say('cold start with the Kafka cluster down');
  await services.stopAll();
  await stopCluster(nodes);
  for (const s of services.list) services.start(s.name);
  const waitedForKafka = await expectWaiting('kafka');
  await startCluster(nodes);
  for (const s of services.list) await services.waitReady(s.name);
  if (waitedForKafka)
    passed.push('started with the broker down, every service waited (503 on /health/ready naming Kafka) and became ready when it came up');
}

async function main(): Promise<number> {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  if (process.env.SKIP_BUILD !== '1') buildServices();
  const db = new PrivateMariaDb(DB_PORT, join(DIR, 'mysql'));
  nodes = clusterOf(CLUSTER_PORT, join(DIR, 'kafka'));
  await startCluster(nodes);
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
  const faults: { what: string; at: number }[] = [];
  let violations: string[] = [];
  const passed: string[] = [];
  try {
    await coldStarts(services, db, passed, violations);
    say('services ready; seeding institutions and agreements');

    const registrar = token(['registrar']);
    const register = async (body: Record<string, unknown>) =>
      (
        await persistently('register', () =>
          call(`${services.url('institution-registry')}/v1/institutions`, { method: 'POST', token: registrar, body }),
        )
      ).body.id as string;
    const homes: string[] = [];
    const hospitals: string[] = [];
    for (let i = 0; i < 8; i++) {
      homes.push(
        await register({
          name: `混沌颐养院${i}`,
          uscc: uscc('350102'),
          category: 'ELDERLY_CARE',
          kind: 'NURSING_HOME',
          ownership: 'PRIVATE',
          nonProfit: true,
          divisionCode: '350102',
          address: '鼓楼区',
          location: { lat: 26.08, lng: 119.3 },
          elderlyCareFiling: { number: `F${i}`, filedOn: '2024-03-01' },
          medicalLicence: null,
          hospitalGrade: null,
          capabilities: ['NURSING'],
          beds: { elderly: 100 },
        }),
      );
    }
    for (let i = 0; i < 5; i++) {
      hospitals.push(
        await register({
          name: `混沌医院${i}`,
          uscc: uscc('350103'),
          category: 'MEDICAL',
          kind: 'GENERAL_HOSPITAL',
          hospitalGrade: 'LEVEL_3',
          ownership: 'PUBLIC',
          nonProfit: true,
          divisionCode: '350103',
          address: '台江区',
          location: { lat: 26.05, lng: 119.31 },
          medicalLicence: { number: `L${i}`, scope: ['内科'], validFrom: '2022-01-01', validTo: '2030-12-31' },
          elderlyCareFiling: null,
          capabilities: ['EMERGENCY'],
          beds: { medical: 500 },
        }),
      );
    }
    const partnered = hospitals.slice(0, 4); // the fifth has no agreement: referrals to it are refused (and become findings)
    await until(
      'the contract directory knows every institution',
      async () =>
        Number((await sql<{ n: number }>('chaos_contract', 'SELECT COUNT(*) AS n FROM institution_directory'))[0].n) ===
        homes.length + hospitals.length,
      60_000,
    );
    for (const [i, home] of homes.entries()) {
      const hospital = partnered[i % partnered.length];
      const elderly = token(['elderly-admin'], home);
      const filed = await persistently('file', () =>
        call(`${services.url('contract')}/v1/agreements`, {
          method: 'POST',
          token: elderly,
          body: {
            elderlyInstitutionId: home,
            medicalInstitutionId: hospital,
            mode: 'MULTI_LEVEL',
            services: [{ code: 'TWO_WAY_REFERRAL' }],
            fees: [],
            responsibilities: { elderlyParty: ['场地'], medicalParty: ['巡诊'] },
            breachLiability: '赔偿',
            term: { effectiveFrom: '2026-01-01', effectiveTo: '2030-12-31' },
            document: { fileName: 'a.pdf', sha256: 'ab'.repeat(32) },
          },
        }),
      );
      const id = filed.body.id as string;
      await persistently('submit', () =>
        call(`${services.url('contract')}/v1/agreements/${id}/submit`, { method: 'POST', token: elderly, headers: { 'if-match': '1' } }),
      );
      await persistently('countersign', () =>
        call(`${services.url('contract')}/v1/agreements/${id}/countersign`, {
          method: 'POST',
          token: token(['medical-admin'], hospital),
          headers: { 'if-match': '2' },
        }),
      );
    }
    await until(
      'the referral service knows every agreement',
      async () =>
        Number(
          (await sql<{ n: number }>('chaos_referral', "SELECT COUNT(*) AS n FROM agreement_coverage WHERE status = 'ACTIVE'"))[0].n,
        ) === homes.length,
      60_000,
    );

    // the load, with the fault schedule keyed to its progress
    const acked = new Map<string, string>(); // referral id → receiving institution
    let refused = 0;
    const unexpected: string[] = [];
    let issued = 0;
    const started = Date.now();
    const killed = new Map<string, string>(); // what → the process or node killed, for its restart
    const killOne = (service: string) => async () => {
      const victim = services.replicasOf(service)[0].name;
      await services.kill(victim);
      killed.set(service, victim);
    };
    const restart = (service: string) => async () => services.start(killed.get(service)!);
    const leaderNode = async (): Promise<BrokerInstance> => {
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
    };
    let killedNode: BrokerInstance | undefined;
    const schedule: { at: number; what: string; run: () => Promise<void> }[] = [
      { at: 0.1, what: 'SIGKILL one referral replica', run: killOne('referral') },
      { at: 0.15, what: 'SIGKILL one notification replica', run: killOne('notification') },
      {
        at: 0.25,
        what: 'SIGKILL the Kafka node leading the most partitions of referral.events',
        run: async () => void ((killedNode = await leaderNode()), await killBroker(killedNode)),
      },
      { at: 0.3, what: 'restart the referral replica', run: restart('referral') },
      {
        at: 0.35,
        what: 'a third notification replica joins (rebalance under load)',
        run: async () => services.start(services.addReplica('notification')),
      },
      { at: 0.4, what: 'restart the notification replica', run: restart('notification') },
      { at: 0.45, what: 'restart the killed Kafka node', run: async () => void (await startCluster(nodes)) },
      {
        at: 0.55,
        what: 'stop the database for 10 s',
        run: async () => (await db.stop(), await new Promise((r) => setTimeout(r, 10_000)), await db.start()),
      },
      {
        at: 0.65,
        what: 'SIGKILL one contract and one institution-registry replica',
        run: async () => (await killOne('contract')(), await killOne('institution-registry')()),
      },
      {
        at: 0.8,
        what: 'restart the contract and institution-registry replicas',
        run: async () => (await restart('contract')(), await restart('institution-registry')()),
      },
    ];
    const faultRunner = (async () => {
      for (const f of schedule) {
        while (acked.size + refused < f.at * TOTAL) await new Promise((r) => setTimeout(r, 100));
        say(`fault: ${f.what} (${acked.size} acknowledged)`);
        await f.run();
        faults.push({ what: f.what, at: Date.now() });
      }
    })();
    const worker = async () => {
      for (;;) {
        const n = issued++;
        if (n >= TOTAL) return;
        const due = started + (n / RATE) * 1000;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
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
        if (res.status === 201 || res.status === 200) acked.set(res.body.id as string, to);
        else if (res.status === 422 && res.body.code === 'AGREEMENT_REQUIRED' && outside) refused++;
        else unexpected.push(`${res.status} ${String(res.body.code)}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await faultRunner;
    say(
      `load done: ${acked.size} acknowledged, ${refused} refused outside an agreement, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    for (const s of services.list) await services.waitReady(s.name);

    // consumer lag back to zero within 60 s of the last fault
    const lastFault = faults.at(-1)!.at;
    const kafka = new Kafka({ clientId: 'chaos-check', brokers: brokerList(nodes).split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const lag = async () => {
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
    };
    const outboxUnsent = async () => {
      let n = 0;
      for (const service of new Set(services.list.map((s) => s.service))) {
        n += Number(
          (
            await sql<{ n: number }>(`chaos_${service.replace(/-/g, '_')}`, 'SELECT COUNT(*) AS n FROM outbox WHERE published_at IS NULL')
          )[0].n,
        );
      }
      return n;
    };
    try {
      await until(
        'outboxes drained and consumer lag zero',
        async () => (await outboxUnsent()) === 0 && (await lag()) === 0,
        Math.max(5000, 60_000 - (Date.now() - lastFault)),
      );
      passed.push(`consumer lag back to zero and every outbox drained within 60 s of the last fault`);
    } catch (err) {
      violations.push(
        `${(err as Error).message}: lag ${await lag().catch(() => -1)}, unsent outbox rows ${await outboxUnsent().catch(() => -1)}`,
      );
    } finally {
      await admin.disconnect();
    }

    // every acknowledged referral exists exactly once, and nothing else does
    const rows = await sql<{ id: string }>('chaos_referral', 'SELECT id FROM referrals');
    const stored = new Set(rows.map((r) => r.id));
    const missing = [...acked.keys()].filter((id) => !stored.has(id));
    const extra = rows.filter((r) => !acked.has(r.id));
    if (missing.length || extra.length || unexpected.length)
      violations.push(
        `referrals: ${missing.length} acknowledged but missing, ${extra.length} stored but never acknowledged (doubled), ${unexpected.length} unexpected answers ${unexpected.slice(0, 3).join(', ')}`,
      );
    else passed.push(`${acked.size} acknowledged referrals stored exactly once, none extra`);

    // each produced exactly one inbox notification for its receiver
    const notes = await sql<{ resource: string; recipient: string; n: number }>(
      'chaos_notification',
      "SELECT resource, recipient, COUNT(*) AS n FROM notifications WHERE event_type = 'yiyang.referral.requested.v1' GROUP BY resource, recipient",
    );
    const byReferral = new Map(notes.map((n) => [n.resource.split('/').pop()!, n]));
    const wrongInbox = [...acked].filter(
      ([id, receiver]) => byReferral.get(id)?.recipient !== receiver || Number(byReferral.get(id)?.n) !== 1,
    );
    if (wrongInbox.length || notes.length !== acked.size)
      violations.push(
        `inbox: ${wrongInbox.length} referrals without exactly one notification for their receiver; ${notes.length} notified for ${acked.size} acknowledged`,
      );
    else passed.push(`${acked.size} referrals each notified exactly once to their receiving desk`);

    // every finding exists once: one per refused pair, raised once
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
      violations.push(
        `findings: ${JSON.stringify(findings.map((f) => [f.rule, Number(f.n)]))}, expected one REFERRAL_OUTSIDE_AGREEMENT for each of ${outsidePairs.size} pairs`,
      );
    } else passed.push(`${findings.length} compliance findings, each exactly once`);
    // every aggregate's events in order on every topic, as a consumer reads them
    const order = await eventOrder(brokerList(nodes).split(','), [
      'institution.events',
      'agreement.events',
      'referral.events',
      'compliance.events',
    ]);
    if (order.violations.length)
      violations.push(`events out of order: ${order.violations.slice(0, 3).join('; ')} (${order.violations.length} in all)`);
    else
      passed.push(
        `${order.events} events on four topics, every aggregate's in order (${order.redelivered} republished copies of events already there, which consumers skip)`,
      );
    // no 5xx but 503 with Retry-After (the database stopped, a replica starting)
    const bad = serverErrors.filter((e) => e.status !== 503 || !e.retryAfter);
    if (bad.length)
      violations.push(
        `server errors other than 503 with Retry-After: ${bad
          .slice(0, 3)
          .map((e) => `${e.status} ${e.url}`)
          .join(', ')} (${bad.length} in all)`,
      );
    else passed.push(`no 5xx but ${serverErrors.length} × 503 with Retry-After`);
    if (services.unplannedExits.length) violations.push(`processes ended by themselves: ${services.unplannedExits.join('; ')}`);
    else passed.push('no service process ended by itself through any fault');
    if (faults.length === schedule.length) passed.push(`all ${faults.length} faults injected: ${faults.map((f) => f.what).join('; ')}`);
    else violations.push(`only ${faults.length} of ${schedule.length} faults were injected`);
    writeFileSync(
      join(DIR, 'result.json'),
      JSON.stringify({ total: TOTAL, acknowledged: acked.size, refused, faults, passed, violations }, null, 2),
    );
  } catch (err) {
    violations = [...violations, `the run itself failed: ${(err as Error).message}`];
  } finally {
    await services.stopAll();
    await stopCluster(nodes).catch(() => undefined);
    await db.stop();
  }
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
