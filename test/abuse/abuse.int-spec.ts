/**
 * @own-topics abuse
 *
 * The abuse suite (issue 6 §3): hundreds of malformed, hostile or unauthorised requests across every
 * service's endpoints; each must be refused with a 4xx problem+json, never a 5xx, and leave every
 * service's database exactly as it was. Then the access matrix, rate limiting, and poison messages.
 */
import { Kafka, logLevel } from 'kafkajs';
import { EventTypes, Topics, deadLetterTopic, topicName } from '@yiyang/contracts';
import { ManualClock } from '@yiyang/kernel';
import { TopicReader, bearer, eventually, hospital, nursingHome, query, residentId } from '@yiyang/testing';
import { Partners, Platform, partners, referralBody, register, startPlatform } from '../../apps/referral/test/platform';
import { NotificationUnderTest, startNotification } from '../../apps/notification/test/notification-app';
import { knownToReferral } from '../../apps/referral/test/referral-app';
import { agreementBody, amendmentBody } from '../../apps/contract/test/contract-app';

type Res = { status: number; headers: Record<string, string>; body: Record<string, unknown> };

const clock = new ManualClock(new Date('2026-11-22T02:00:00Z'));
let platform: Platform;
let notification: NotificationUnderTest;
let p: Partners;
let other: Partners;
/** The If-Match of p's ACTIVE agreement (other's is at the same version: both were filed, uploaded, submitted, countersigned, activated). */
let agreementEtag: string;
let referralId: string;
let referralVersion: number;
let subscriptionId: string;

const registrar = bearer({ roles: ['registrar'], sub: 'abuse-registrar' });
const regulator = bearer({ roles: ['regulator'], division: '35', sub: 'abuse-regulator' });
const regulatorElsewhere = bearer({ roles: ['regulator'], division: '44', sub: 'abuse-regulator-44' });
/** A resident ID number with its last (check) character changed. */
const wrongCheckCharacter = (id: string) => `${id.slice(0, 17)}${id.endsWith('0') ? '1' : '0'}`;
const base64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const algNone = `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: 'x', roles: ['registrar'], iss: 'yiyang-connect', exp: 4102444800 })}.`;
const forgedHs = `Bearer ${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ sub: 'x', roles: ['registrar'], iss: 'yiyang-connect', exp: 4102444800 })}.c2lnbmF0dXJl`;
const expired = bearer({ roles: ['registrar'] }, -60);

const services = () => ({
  registry: platform.registry.http,
  contract: platform.contract.http,
  referral: platform.referral.http,
  notification: notification.http,
});
const schemas = () => [platform.registry.database, platform.contract.database, platform.referral.database, notification.database];

/** Every table of every service's schema, checksummed: equal means unchanged. */
async function snapshot(): Promise<string> {
  const parts: string[] = [];
  for (const db of schemas()) {
    const tables = await query<{ t: string }>(
      db,
      'SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name',
      [db],
    );
    const sums = await query<{ Table: string; Checksum: string }>(db, `CHECKSUM TABLE ${tables.map((x) => `\`${x.t}\``).join(', ')}`);
    parts.push(...sums.map((s) => `${s.Table}=${s.Checksum}`));
  }
  return parts.join('\n');
}

/** Waits until nothing moves any more: relays drained, consumers caught up. */
async function quiet(): Promise<string> {
  let last = await snapshot();
  let stableSince = Date.now();
  return eventually(
    async () => {
      await new Promise((r) => setTimeout(r, 300));
      const now = await snapshot();
      if (now !== last) {
        last = now;
        stableSince = Date.now();
        return undefined;
      }
      return Date.now() - stableSince >= 2000 ? now : undefined;
    },
    60_000,
    'the databases to settle',
  );
}

beforeAll(async () => {
  platform = await startPlatform('abuse', clock);
  notification = await startNotification('abuse_notification', clock);
  p = await partners(platform, { home: '滥用测试颐养院', hospital: '滥用测试医院' });
  other = await partners(platform, { home: '其他颐养院', hospital: '其他医院' });
  const agreement = await platform.contract.http.get(`/v1/agreements/${p.agreementId}`).set('Authorization', p.homeAdmin);
  expect(agreement.body).toMatchObject({ status: 'ACTIVE', attachedDocument: { version: 1 } });
  agreementEtag = `"${agreement.body.version}"`;
  const created = await platform.referral.http
    .post('/v1/referrals')
    .set('Authorization', p.homeAdmin)
    .set('Idempotency-Key', 'abuse-seed-referral')
    .send(
      referralBody(p.home, p.hospital, { name: '滥用测试患者', birthDate: '1940-02-02', sex: 'M', idNumber: residentId('1940-02-02', 11) }),
    );
  expect(created.status).toBe(201);
  referralId = created.body.id;
  referralVersion = created.body.version;
  const sub = await notification.http
    .post('/v1/subscriptions')
    .set('Authorization', p.desk)
    .send({ url: 'http://127.0.0.1:9/hook', eventTypes: ['agreement.*'] });
  expect(sub.status).toBe(201);
  subscriptionId = sub.body.id;
});

afterAll(async () => {
  await notification?.close();
  await platform?.close();
});

interface Endpoint {
  name: string;
  service: keyof ReturnType<typeof services>;
  method: 'post' | 'patch';
  path: () => string;
  token: () => string;
  ifMatch?: () => string;
  /** a body that would be accepted, to be broken one way at a time */
  body: () => Record<string, unknown>;
  /** fields without which the body is invalid */
  required: string[];
  /** fields where a string is constrained (id, code, enum, date): injection strings there must be refused */
  constrained: string[];
  /** regulators may call it (their own subscriptions) */
  regulatorMayWrite?: boolean;
}

/** What a step's endpoint says beyond where it is and who takes it. */
type StepBody = Pick<Endpoint, 'body' | 'required' | 'constrained'>;

/** A step on the test's agreement: POST /v1/agreements/<id>/<step> by the nursing home's admin, under If-Match. */
const agreementStep = (step: string, e: StepBody): Endpoint => ({
  name: `${step} agreement`,
  service: 'contract',
  method: 'post',
  path: () => `/v1/agreements/${p.agreementId}/${step}`,
  token: () => p.homeAdmin,
  ifMatch: () => agreementEtag,
  ...e,
});

/** A step on the test's referral: POST /v1/referrals/<id>/<step> by `token`'s holder, under If-Match. */
const referralStep = (step: string, token: () => string, e: StepBody): Endpoint => ({
  name: `${step} referral`,
  service: 'referral',
  method: 'post',
  path: () => `/v1/referrals/${referralId}/${step}`,
  token,
  ifMatch: () => `"${referralVersion}"`,
  ...e,
});

const endpoints = (): Endpoint[] => [
  {
    name: 'register institution',
    service: 'registry',
    method: 'post',
    path: () => '/v1/institutions',
    token: () => registrar,
    body: () => nursingHome(),
    required: ['name', 'uscc', 'category', 'kind', 'divisionCode', 'location'],
    constrained: ['uscc', 'category', 'kind', 'divisionCode', 'ownership'],
  },
  {
    name: 'update institution',
    service: 'registry',
    method: 'patch',
    path: () => `/v1/institutions/${p.home}`,
    token: () => registrar,
    ifMatch: () => '"1"',
    body: () => ({ name: '新名称', address: '新地址' }),
    required: [],
    constrained: ['divisionCode', 'kind'],
  },
  {
    name: 'report institution operations',
    service: 'registry',
    method: 'patch',
    path: () => `/v1/institutions/${p.home}/operations`,
    token: () => p.homeAdmin,
    ifMatch: () => '"1"',
    body: () => ({ freeBeds: { elderly: 3 }, referralPhone: '0591-87654321' }),
    required: [],
    constrained: ['referralPhone'],
  },
  {
    name: 'suspend institution',
    service: 'registry',
    method: 'post',
    path: () => `/v1/institutions/${p.home}/suspend`,
    token: () => registrar,
    ifMatch: () => '"1"',
    body: () => ({ reason: '违规' }),
    required: ['reason'],
    constrained: [],
  },
  {
    name: 'file agreement',
    service: 'contract',
    method: 'post',
    path: () => '/v1/agreements',
    token: () => p.homeAdmin,
    body: () => agreementBody(p.home, p.hospital, { effectiveFrom: '2028-01-01', effectiveTo: '2028-12-31' }),
    required: ['elderlyInstitutionId', 'medicalInstitutionId', 'mode', 'services', 'fees', 'responsibilities', 'breachLiability', 'term'],
    constrained: ['elderlyInstitutionId', 'medicalInstitutionId', 'mode'],
  },
  agreementStep('terminate', {
    body: () => ({ reason: '终止', effectiveOn: '2027-06-01' }),
    required: ['reason', 'effectiveOn'],
    constrained: ['effectiveOn'],
  }),
  agreementStep('renew', {
    body: () => ({ term: { effectiveTo: '2028-10-31' } }),
    required: ['term'],
    constrained: [],
  }),
  agreementStep('amend', {
    body: () => ({ ...amendmentBody(p.home, p.hospital), breachLiability: '另行约定' }),
    required: ['services', 'fees', 'responsibilities', 'breachLiability'],
    constrained: [],
  }),
  {
    name: 'edit draft agreement',
    service: 'contract',
    method: 'patch',
    path: () => `/v1/agreements/${p.agreementId}`,
    token: () => p.homeAdmin,
    ifMatch: () => agreementEtag,
    body: () => {
      const {
        elderlyInstitutionId: _e,
        medicalInstitutionId: _m,
        ...rest
      } = agreementBody(p.home, p.hospital, { effectiveFrom: '2028-01-01', effectiveTo: '2028-12-31' });
      return rest;
    },
    required: ['mode', 'services', 'fees', 'responsibilities', 'breachLiability', 'term'],
    constrained: ['mode'],
  },
  agreementStep('withdraw', {
    body: () => ({ reason: '撤回' }),
    required: ['reason'],
    constrained: [],
  }),
  {
    name: 'copy agreement',
    service: 'contract',
    method: 'post',
    path: () => `/v1/agreements/${p.agreementId}/copy`,
    token: () => p.homeAdmin,
    body: () => ({}),
    required: [],
    constrained: [],
  },
  {
    name: 'request referral',
    service: 'referral',
    method: 'post',
    path: () => '/v1/referrals',
    token: () => p.homeAdmin,
    body: () =>
      referralBody(p.home, p.hospital, { name: '合法患者', birthDate: '1941-05-02', sex: 'M', idNumber: residentId('1941-05-02', 123) }),
    required: ['direction', 'fromInstitutionId', 'toInstitutionId', 'priority', 'patient', 'indication', 'summary'],
    constrained: ['direction', 'fromInstitutionId', 'toInstitutionId', 'priority', 'indication', 'icd10'],
  },
  referralStep('reject', () => p.desk, {
    body: () => ({ reasonCode: 'CAPACITY_FULL', comment: '满' }),
    required: ['reasonCode', 'comment'],
    constrained: ['reasonCode'],
  }),
  referralStep('cancel', () => p.homeAdmin, {
    body: () => ({ reason: '取消' }),
    required: ['reason'],
    constrained: [],
  }),
  referralStep('complete', () => p.desk, {
    body: () => ({ dischargeSummary: '出院' }),
    required: ['dischargeSummary'],
    constrained: ['returnTo'],
  }),
  {
    name: 'subscribe',
    service: 'notification',
    method: 'post',
    path: () => '/v1/subscriptions',
    token: () => p.desk,
    body: () => ({ url: 'http://127.0.0.1:9/other', eventTypes: ['referral.*'] }),
    required: ['url', 'eventTypes'],
    constrained: ['division'],
    regulatorMayWrite: true,
  },
];

const INJECTIONS = [
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '${jndi:ldap://127.0.0.1/x}',
  '../../etc/passwd',
  '\u202e\u0000evil',
  '\ud800',
  'ＡＢＣ１２３',
  '😀'.repeat(10),
];

type Case = { name: string; send: () => Promise<Res>; expect?: number };

function send(
  e: Endpoint,
  body: string | undefined,
  o: { token?: string | null; type?: string; ifMatch?: string | null; key?: string } = {},
): Promise<Res> {
  const http = services()[e.service];
  const req = http[e.method](e.path());
  const token = o.token === undefined ? e.token() : o.token;
  if (token) req.set('Authorization', token);
  const ifMatch = o.ifMatch === undefined ? e.ifMatch?.() : o.ifMatch;
  if (ifMatch) req.set('If-Match', ifMatch);
  if (o.key) req.set('Idempotency-Key', o.key);
  req.set('Content-Type', o.type ?? 'application/json');
  return req.send(body ?? '');
}

/** One request as data: which service, method and path, who asks, and what it carries. */
interface Ask {
  service: keyof ReturnType<typeof services>;
  method?: 'get' | 'post' | 'patch';
  path: string;
  token: string;
  ifMatch?: string;
  key?: string;
  type?: string;
  body?: unknown;
  query?: Record<string, unknown>;
  headers?: Record<string, string>;
}

function ask(q: Ask): Promise<Res> {
  const req = services()[q.service][q.method ?? 'post'](q.path).set('Authorization', q.token);
  if (q.ifMatch) req.set('If-Match', q.ifMatch);
  if (q.key) req.set('Idempotency-Key', q.key);
  if (q.type) req.set('Content-Type', q.type);
  if (q.headers) req.set(q.headers);
  if (q.query) req.query(q.query);
  return q.body === undefined ? req : req.send(q.body as object);
}

const json = (e: Endpoint, mutate: (b: Record<string, unknown>) => unknown) => () => send(e, JSON.stringify(mutate(e.body())));
const wrongTypeOf = (v: unknown): unknown =>
  typeof v === 'string'
    ? 42
    : typeof v === 'number'
      ? 'forty-two'
      : typeof v === 'boolean'
        ? 'yes'
        : Array.isArray(v)
          ? { not: 'a list' }
          : v === null
            ? 7
            : ['not', 'an', 'object'];

function corpus(): Case[] {
  const cases: Case[] = [];
  for (const e of endpoints()) {
    const add = (name: string, run: () => Promise<Res>, status?: number) =>
      cases.push({ name: `${e.name}: ${name}`, send: run, expect: status });
    add('malformed JSON', () => send(e, '{"name": "x",'), 400);
    add('a JSON array', () => send(e, '[]'), 400);
    add('a JSON string', () => send(e, '"hello"'), 400);
    add('a JSON number', () => send(e, '42'), 400);
    add('null', () => send(e, 'null'), 400);
    add('an empty body', () => send(e, ''));
    add('__proto__ key', () => send(e, JSON.stringify(e.body()).replace(/^\{/, '{"__proto__":{"isAdmin":true},')), 400);
    add('constructor key', () => send(e, JSON.stringify(e.body()).replace(/^\{/, '{"constructor":{"prototype":{"x":1}},')), 400);
    add('nested __proto__', () => send(e, JSON.stringify(e.body()).replace(/^\{/, '{"deep":{"__proto__":{"x":1}},')), 400);
    add(
      'an unknown field',
      json(e, (b) => ({ ...b, isAdmin: true })),
      400,
    );
    add('text/plain', () => send(e, JSON.stringify(e.body()), { type: 'text/plain' }));
    add('form encoded', () => send(e, 'a=1&b=2', { type: 'application/x-www-form-urlencoded' }));
    add('a body over the size limit', () => send(e, JSON.stringify({ ...e.body(), padding: 'x'.repeat(300_000) })), 413);
    add('no token', () => send(e, JSON.stringify(e.body()), { token: null }), 401);
    add('a garbage token', () => send(e, JSON.stringify(e.body()), { token: 'Bearer not.a.token' }), 401);
    add('an expired token', () => send(e, JSON.stringify(e.body()), { token: expired }), 401);
    add('an alg:none token', () => send(e, JSON.stringify(e.body()), { token: algNone }), 401);
    add('an HS256-forged token', () => send(e, JSON.stringify(e.body()), { token: forgedHs }), 401);
    add('Basic auth', () => send(e, JSON.stringify(e.body()), { token: 'Basic YWRtaW46YWRtaW4=' }), 401);
    if (!e.regulatorMayWrite) add('a regulator writing', () => send(e, JSON.stringify(e.body()), { token: regulator }), 403);
    else
      add(
        'a regulator subscribing outside their jurisdiction',
        () => send(e, JSON.stringify({ ...e.body(), division: '44' }), { token: regulator }),
        400,
      );
    if (e.ifMatch) {
      add('no If-Match', () => send(e, JSON.stringify(e.body()), { ifMatch: null }), 428);
      add('a malformed If-Match', () => send(e, JSON.stringify(e.body()), { ifMatch: 'W/"abc"' }), 400);
      add('a stale If-Match', () => send(e, JSON.stringify(e.body()), { ifMatch: '"99"' }), 409);
    }
    for (const f of e.required)
      add(
        `missing ${f}`,
        json(e, (b) => ({ ...b, [f]: undefined })),
      );
    for (const [f, v] of Object.entries(e.body())) {
      add(
        `wrong type for ${f}`,
        json(e, (b) => ({ ...b, [f]: wrongTypeOf(v) })),
      );
      if (typeof v === 'string')
        add(
          `overlong ${f}`,
          json(e, (b) => ({ ...b, [f]: '长'.repeat(20_000) })),
        );
    }
    for (const f of e.constrained)
      for (const s of INJECTIONS)
        add(
          `${JSON.stringify(s).slice(0, 20)} in ${f}`,
          json(e, (b) => ({ ...b, [f]: s })),
        );
  }
  const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const patient = (o: { birthDate?: string; idNumber?: string; name?: string } = {}) =>
    referralBody(p.home, p.hospital, {
      name: o.name ?? '某',
      birthDate: o.birthDate ?? '1941-05-02',
      sex: 'M',
      idNumber: o.idNumber ?? residentId('1941-05-02', 123),
    });
  const referral = `/v1/referrals/${referralId}`;
  const atReferral = `"${referralVersion}"`;
  const agreementOf = (x: Partners) => `/v1/agreements/${x.agreementId}`;
  const medicalAdmin = bearer({ roles: ['medical-admin'], institutionId: p.hospital });
  const latin1 = (text: string) => Buffer.from(text, 'latin1');
  /** A report of free beds for an institution, by a caller, at version 1. */
  const operations = (token: string, institution: string, freeBeds: unknown): Ask => ({
    service: 'registry',
    method: 'patch',
    path: `/v1/institutions/${institution}/operations`,
    token,
    ifMatch: '"1"',
    body: { freeBeds },
  });
  // one request each, as data: [name, expected status, the request]
  const requests: [string, number, Ask][] = [
    ['another institution’s agreement', 404, { service: 'contract', method: 'get', path: agreementOf(other), token: p.homeAdmin }],
    [
      'terminating another institution’s agreement',
      404,
      {
        service: 'contract',
        path: `${agreementOf(other)}/terminate`,
        token: p.homeAdmin,
        ifMatch: agreementEtag,
        body: { reason: '恶意', effectiveOn: '2027-01-01' },
      },
    ],
    [
      'receiving another institution’s referral',
      404,
      { service: 'referral', path: `${referral}/receive`, token: other.desk, ifMatch: atReferral },
    ],
    [
      'attaching a file to another institution’s referral',
      404,
      {
        service: 'referral',
        path: `${referral}/attachments`,
        token: other.homeAdmin,
        ifMatch: atReferral,
        type: 'application/pdf',
        body: latin1('%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'),
      },
    ],
    [
      'listing another institution’s referral attachments',
      404,
      { service: 'referral', method: 'get', path: `${referral}/attachments`, token: other.desk },
    ],
    [
      'a regulator listing a referral’s attachments',
      404,
      { service: 'referral', method: 'get', path: `${referral}/attachments`, token: regulator },
    ],
    [
      'an attachment that is HTML declared as a PDF',
      415,
      {
        service: 'referral',
        path: `${referral}/attachments`,
        token: p.homeAdmin,
        ifMatch: atReferral,
        type: 'application/pdf',
        body: latin1('<!doctype html><script>alert(1)</script>'),
      },
    ],
    [
      'an attachment id that is a path',
      400,
      { service: 'referral', method: 'get', path: `${referral}/attachments/..%2F..%2Fetc%2Fpasswd`, token: p.desk },
    ],
    [
      'reading another institution’s subscription',
      404,
      { service: 'notification', method: 'get', path: `/v1/subscriptions/${subscriptionId}`, token: other.desk },
    ],
    ['a referral for another institution', 403, { service: 'referral', path: '/v1/referrals', token: other.homeAdmin, body: patient() }],
    [
      'countersigning an ACTIVE agreement',
      409,
      { service: 'contract', path: `${agreementOf(p)}/countersign`, token: medicalAdmin, ifMatch: agreementEtag },
    ],
    ['arriving before acceptance', 409, { service: 'referral', path: `${referral}/arrive`, token: p.desk, ifMatch: atReferral }],
    [
      'an Idempotency-Key replayed with another body',
      422,
      { service: 'referral', path: '/v1/referrals', token: p.homeAdmin, key: 'abuse-seed-referral', body: patient({ name: '别人' }) },
    ],
    [
      'a malformed Idempotency-Key',
      400,
      { service: 'referral', path: '/v1/referrals', token: p.homeAdmin, key: 'bad key with spaces', body: {} },
    ],
    [
      'a resident ID with a wrong check digit',
      400,
      {
        service: 'referral',
        path: '/v1/referrals',
        token: p.homeAdmin,
        body: patient({ idNumber: residentId('1941-05-02', 123).slice(0, 17) + 'Y' }),
      },
    ],
    [
      'a resident ID with another birth date',
      400,
      { service: 'referral', path: '/v1/referrals', token: p.homeAdmin, body: patient({ birthDate: '1941-05-03' }) },
    ],
    [
      'a USCC with a wrong check character',
      400,
      { service: 'registry', path: '/v1/institutions', token: registrar, body: nursingHome({ uscc: '91350102MA2YXXXXX0' }) },
    ],
    [
      'an agreement with an unknown party',
      422,
      {
        service: 'contract',
        path: '/v1/agreements',
        token: bearer({ roles: ['elderly-admin'], institutionId: id(1) }),
        body: agreementBody(id(1), p.hospital),
      },
    ],
    [
      'a webhook with credentials',
      400,
      { service: 'notification', path: '/v1/subscriptions', token: p.desk, body: { url: 'https://u:p@example.com/x', eventTypes: ['*'] } },
    ],
    [
      'a webhook to a file URL',
      400,
      { service: 'notification', path: '/v1/subscriptions', token: p.desk, body: { url: 'file:///etc/passwd', eventTypes: ['*'] } },
    ],
    ['a non-UUID path id', 400, { service: 'referral', path: "/v1/referrals/1' OR '1'='1/receive", token: p.desk, ifMatch: '"1"' }],
    ['a notification id that is not a number', 400, { service: 'notification', path: '/v1/inbox/abc/read', token: p.desk }],
    [
      'a forged cursor',
      400,
      {
        service: 'referral',
        method: 'get',
        path: '/v1/referrals/queue',
        token: p.desk,
        query: { cursor: Buffer.from('{"r":"x"}').toString('base64url') },
      },
    ],
    [
      'an injection in a query',
      400,
      { service: 'registry', method: 'get', path: '/v1/institutions', token: registrar, query: { category: "MEDICAL' OR 1=1 --" } },
    ],
    ...["%'_\\".repeat(13), '_'.repeat(51), "'".repeat(51), '协'.repeat(51), 'a'.repeat(10_000)].map((q): [string, number, Ask] => [
      `a ${q.length}-character name search ${JSON.stringify(q.slice(0, 6))}…`,
      400,
      { service: 'registry', method: 'get', path: '/v1/institutions', token: registrar, query: { q } },
    ]),
    ['a name search given twice', 400, { service: 'registry', method: 'get', path: '/v1/institutions?q=a&q=b', token: registrar }],
    ...['%'.repeat(18), "9135' OR 1=1 --XXXX", '91350102MA2YXXXXX'].map((uscc): [string, number, Ask] => [
      `a USCC search ${JSON.stringify(uscc)}`,
      400,
      { service: 'registry', method: 'get', path: '/v1/institutions', token: registrar, query: { uscc } },
    ]),
    ...(
      [
        [{ elderly: -1 }],
        [{ elderly: 2.5 }],
        [{ elderly: '3' }],
        [{ elderly: null }],
        [{ elderly: 1e12 }],
        [{ elderly: 121 }],
        [{ hospice: 1 }],
        [{ family: 1 }],
        [{}],
        [[5]],
      ] as unknown[][]
    ).map(([freeBeds]): [string, number, Ask] => [`free beds ${JSON.stringify(freeBeds)}`, 400, operations(p.homeAdmin, p.home, freeBeds)]),
    ['free beds of another institution', 404, operations(other.homeAdmin, p.home, { elderly: 1 })],
    ['free beds by a referral desk', 403, operations(p.desk, p.hospital, { medical: 1 })],
    [
      'a near point outside the world',
      400,
      { service: 'registry', method: 'get', path: '/v1/institutions', token: registrar, query: { near: '999,999', radiusKm: 10 } },
    ],
    [
      'a jurisdiction outside the regulator’s',
      404,
      { service: 'notification', method: 'get', path: '/v1/statistics', token: regulator, query: { division: '44' } },
    ],
    [
      'a bogus division filter',
      400,
      { service: 'notification', method: 'get', path: '/v1/compliance/findings', token: regulator, query: { division: '35x' } },
    ],
    // the lists (issue 14): referrals for staff and regulators, the audit trail, statistics by period, subscriptions
    ...(
      [
        [{ from: '2026-02-30' }],
        [{ from: '2026-11-24', to: '2026-11-23' }],
        [{ to: '23/11/2026' }],
        [{ status: 'REQUESTED,NOPE' }],
        [{ side: 'up' }],
        [{ direction: 'SIDEWAYS' }],
        [{ counterparty: 'not-a-uuid' }],
        [{ cursor: 'eyJ4IjoxfQ' }],
        [{ limit: 0 }],
        [{ limit: 101 }],
        [{ resident: wrongCheckCharacter(residentId('1941-05-02', 123)) }],
        [{ resident: "' OR 1=1 --" }],
        [{ resident: 'x'.repeat(33) }],
        [{ division: '35' }],
        [{ institution: p.hospital }],
        [{ nope: 'x' }],
      ] as Record<string, unknown>[][]
    ).map(([q]): [string, number, Ask] => [
      `staff listing referrals with ${JSON.stringify(q)}`,
      400,
      { service: 'referral', method: 'get', path: '/v1/referrals', token: p.desk, query: q },
    ]),
    ...(
      [[{ resident: residentId('1941-05-02', 123) }], [{ side: 'sent' }], [{ counterparty: p.home }], [{ division: '3' }]] as Record<
        string,
        unknown
      >[][]
    ).map(([q]): [string, number, Ask] => [
      `a regulator listing referrals with ${JSON.stringify(q)}`,
      400,
      { service: 'referral', method: 'get', path: '/v1/referrals', token: regulator, query: q },
    ]),
    [
      'a regulator listing referrals of another province',
      404,
      { service: 'referral', method: 'get', path: '/v1/referrals', token: regulator, query: { division: '44' } },
    ],
    ...(['registry', 'contract', 'referral'] as const).flatMap((service) =>
      (
        [
          { cursor: 'bm90IGEgY3Vyc29y' },
          { cursor: base64url({ at: '2026-11-22T02:00:00.000Z', id: "1' OR '1'='1" }) },
          { from: '2026-02-30' },
          { from: '2026-11-23', to: '2026-11-22' },
          { institution: 'not-a-uuid' },
          { actor: 'a'.repeat(200) },
          { limit: 101 },
          { sort: 'at' },
        ] as Record<string, unknown>[]
      ).map((q): [string, number, Ask] => [
        `the ${service} audit trail with ${JSON.stringify(q).slice(0, 60)}`,
        400,
        { service, method: 'get', path: '/v1/audit', token: p.homeAdmin, query: q },
      ]),
    ),
    ...(
      [
        { from: '2026-02-30' },
        { from: '2026-11-30', to: '2026-11-01' },
        { from: '2025-01-01', to: '2026-11-30' },
        { granularity: 'year' },
        { institution: 'not-a-uuid' },
        { division: "35' OR 1=1" },
        { sort: 'day' },
      ] as Record<string, unknown>[]
    ).map((q): [string, number, Ask] => [
      `statistics with ${JSON.stringify(q)}`,
      400,
      { service: 'notification', method: 'get', path: '/v1/statistics.csv', token: regulator, query: q },
    ]),
    [
      'a statistics breakdown of one institution',
      400,
      { service: 'notification', method: 'get', path: '/v1/statistics/breakdown', token: regulator, query: { institution: p.hospital } },
    ],
    ...([{ limit: 0 }, { limit: 'x' }, { cursor: '%%%' }, { cursor: 'bm90LWEtY3Vyc29y' }] as Record<string, unknown>[]).map(
      (q): [string, number, Ask] => [
        `subscriptions with ${JSON.stringify(q)}`,
        400,
        { service: 'notification', method: 'get', path: '/v1/subscriptions', token: p.desk, query: q },
      ],
    ),
    ...['abc', '-1', '1.5', '9'.repeat(20)].map((id): [string, number, Ask] => [
      `replaying delivery ${id}`,
      400,
      { service: 'notification', path: `/v1/subscriptions/${subscriptionId}/deliveries/${id}/replay`, token: p.desk },
    ]),
    ...(
      [
        { division: '3x' },
        { division: '350' },
        { division: '3501021' },
        { division: '35%' },
        { from: '2026-13-01' },
        { from: 'today' },
        { to: '2026-1-1' },
        { from: '2026-11-24', to: '2026-11-23' },
        { effectiveOn: 'x' },
        { mode: 'FRIENDLY' },
        { status: 'draft' },
        { institution: 'not-a-uuid' },
        { counterparty: 'not-a-uuid' },
        { limit: 0 },
        { expiringWithinDays: -1 },
        { cursor: 'eyJhdCI6Im5vIiwiaWQiOiJ4In0' },
        { cursor: '%%%' },
      ] as Record<string, unknown>[]
    ).map((q): [string, number, Ask] => [
      `a regulator listing agreements with ${JSON.stringify(q)}`,
      400,
      { service: 'contract', method: 'get', path: '/v1/agreements', token: regulator, query: q },
    ]),
    // the CSV exports: the lists' filters, no paging
    ...(
      [
        ['contract', '/v1/agreements.csv', p.homeAdmin, { limit: 10 }],
        ['contract', '/v1/agreements.csv', p.homeAdmin, { cursor: 'abc' }],
        ['contract', '/v1/agreements.csv', regulator, { expiringWithinDays: 99999 }],
        ['referral', '/v1/referrals.csv', p.desk, { limit: 10 }],
        ['referral', '/v1/referrals.csv', p.desk, { resident: "' OR 1=1 --" }],
        ['referral', '/v1/referrals.csv', regulator, { side: 'sent' }],
        ['notification', '/v1/compliance/findings.csv', regulator, { cursor: 'abc' }],
        ['notification', '/v1/compliance/findings.csv', regulator, { status: 'open' }],
        ['notification', '/v1/compliance/findings.csv', regulator, { division: '35x' }],
      ] as ['contract' | 'referral' | 'notification', string, string, Record<string, unknown>][]
    ).map(([service, path, token, q]): [string, number, Ask] => [
      `${path} with ${JSON.stringify(q)}`,
      400,
      { service, method: 'get', path, token, query: q },
    ]),
    // the registrar's bulk import: every bad file refused whole, nothing written
    ...(
      [
        ['an empty file', 'text/csv', '', 422],
        ['a header alone', 'text/csv', '机构名称,统一社会信用代码\r\n', 422],
        ['a UTF-16 file', 'text/csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('机构名称\r\n', 'utf16le')]), 422],
        ['an .xlsx file', 'text/csv', Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'), 422],
        ['an unclosed quote', 'text/csv', 'name,uscc\r\n"福州,91350100000000000X\r\n', 422],
        ['unknown columns', 'text/csv', 'whatever,else\r\n1,2\r\n', 422],
        ['a JSON body', 'application/json', '{"rows":[]}', 415],
      ] as [string, string, string | Buffer, number][]
    ).map(([name, type, body, status]): [string, number, Ask] => [
      `an import of ${name}`,
      status,
      { service: 'registry', path: '/v1/institutions/imports', token: registrar, type, body },
    ]),
    [
      'an import in an encoding that is not offered',
      400,
      { service: 'registry', path: '/v1/institutions/imports?encoding=utf-16', token: registrar, type: 'text/csv', body: 'name\r\nx\r\n' },
    ],
    [
      'registering a hospital whose licence has lapsed',
      422,
      {
        service: 'registry',
        path: '/v1/institutions',
        token: registrar,
        body: hospital({ medicalLicence: { number: 'PDY00009X350103', scope: ['内科'], validFrom: '2015-01-01', validTo: '2020-12-31' } }),
      },
    ],
    [
      'a Last-Event-ID that is not an id',
      400,
      { service: 'notification', method: 'get', path: '/v1/stream', token: p.desk, headers: { 'Last-Event-ID': 'DROP TABLE' } },
    ],
  ];
  cases.push(...requests.map(([name, status, request]) => ({ name, expect: status, send: () => ask(request) })));
  return cases;
}

describe('the abuse corpus', () => {
  it('refuses every bad request with a 4xx problem+json, none a 5xx, and changes no database', async () => {
    const before = await quiet();
    const cases = corpus();
    expect(cases.length).toBeGreaterThanOrEqual(300);
    const wrong: string[] = [];
    for (const c of cases) {
      const res = await c.send();
      const problem =
        /application\/problem\+json/.test(String(res.headers['content-type'])) &&
        typeof res.body.code === 'string' &&
        res.body.status === res.status;
      if (res.status < 400 || res.status >= 500 || !problem || (c.expect !== undefined && res.status !== c.expect)) {
        wrong.push(`${c.name}: ${res.status} ${typeof res.body?.code === 'string' ? res.body.code : ''} (expected ${c.expect ?? '4xx'})`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await snapshot()).toBe(before);
  });
});

describe('the access matrix', () => {
  /** Who asks: each role, for their own institution, another institution, or another jurisdiction. */
  const callers = () => ({
    registrar,
    elderlyOwn: p.homeAdmin,
    medicalOwn: bearer({ roles: ['medical-admin'], institutionId: p.hospital }),
    deskOwn: p.desk,
    regulatorIn: regulator,
    elderlyOther: other.homeAdmin,
    deskOther: other.desk,
    regulatorOut: regulatorElsewhere,
  });
  type Caller = keyof ReturnType<typeof callers>;
  /** Every caller the same status, but for those named. */
  const all = (status: number, but: Partial<Record<Caller, number>> = {}): Record<Caller, number> => ({
    registrar: status,
    elderlyOwn: status,
    medicalOwn: status,
    deskOwn: status,
    regulatorIn: status,
    elderlyOther: status,
    deskOther: status,
    regulatorOut: status,
    ...but,
  });
  const r = () => services();
  // writes are sent with an invalid body or a stale version: allowed callers get 400/409/422, others 403/404, nothing changes
  const rows: [string, (token: string) => Promise<Res>, Record<Caller, number>][] = [
    [
      'GET institution',
      (t) => r().registry.get(`/v1/institutions/${p.home}`).set('Authorization', t),
      {
        registrar: 200,
        elderlyOwn: 200,
        medicalOwn: 200,
        deskOwn: 200,
        regulatorIn: 200,
        elderlyOther: 200,
        deskOther: 200,
        regulatorOut: 200,
      },
    ],
    [
      'POST institutions',
      (t) => r().registry.post('/v1/institutions').set('Authorization', t).send({ name: 1 }),
      {
        registrar: 400,
        elderlyOwn: 403,
        medicalOwn: 403,
        deskOwn: 403,
        regulatorIn: 403,
        elderlyOther: 403,
        deskOther: 403,
        regulatorOut: 403,
      },
    ],
    [
      'PATCH institution operations',
      (t) =>
        r()
          .registry.patch(`/v1/institutions/${p.home}/operations`)
          .set('Authorization', t)
          .set('If-Match', '"99"')
          .send({ freeBeds: { elderly: 1 } }),
      {
        registrar: 409,
        elderlyOwn: 409,
        medicalOwn: 404,
        deskOwn: 403,
        regulatorIn: 403,
        elderlyOther: 404,
        deskOther: 403,
        regulatorOut: 403,
      },
    ],
    [
      'POST institution suspend',
      (t) =>
        r().registry.post(`/v1/institutions/${p.home}/suspend`).set('Authorization', t).set('If-Match', '"99"').send({ reason: '测试' }),
      {
        registrar: 409,
        elderlyOwn: 403,
        medicalOwn: 403,
        deskOwn: 403,
        regulatorIn: 403,
        elderlyOther: 403,
        deskOther: 403,
        regulatorOut: 403,
      },
    ],
    [
      'POST agreements',
      (t) => r().contract.post('/v1/agreements').set('Authorization', t).send({ mode: 1 }),
      {
        registrar: 403,
        elderlyOwn: 400,
        medicalOwn: 400,
        deskOwn: 403,
        regulatorIn: 403,
        elderlyOther: 400,
        deskOther: 403,
        regulatorOut: 403,
      },
    ],
    [
      'GET agreement',
      (t) => r().contract.get(`/v1/agreements/${p.agreementId}`).set('Authorization', t),
      {
        registrar: 404,
        elderlyOwn: 200,
        medicalOwn: 200,
        deskOwn: 200,
        regulatorIn: 200,
        elderlyOther: 404,
        deskOther: 404,
        regulatorOut: 404,
      },
    ],
    [
      'POST agreement submit',
      (t) => r().contract.post(`/v1/agreements/${p.agreementId}/submit`).set('Authorization', t).set('If-Match', '"99"'),
      {
        registrar: 403,
        elderlyOwn: 409,
        medicalOwn: 409,
        deskOwn: 403,
        regulatorIn: 403,
        elderlyOther: 404,
        deskOther: 403,
        regulatorOut: 403,
      },
    ],
    [
      'POST agreement terminate',
      (t) =>
        r()
          .contract.post(`/v1/agreements/${p.agreementId}/terminate`)
          .set('Authorization', t)
          .set('If-Match', '"99"')
          .send({ reason: '测试', effectiveOn: '2027-01-01' }),
      {
        registrar: 403,
        elderlyOwn: 409,
        medicalOwn: 409,
        deskOwn: 403,
        regulatorIn: 403,
        elderlyOther: 404,
        deskOther: 403,
        regulatorOut: 403,
      },
    ],
    [
      'GET agreements list',
      (t) => r().contract.get('/v1/agreements').set('Authorization', t),
      {
        registrar: 403,
        elderlyOwn: 200,
        medicalOwn: 200,
        deskOwn: 403,
        regulatorIn: 200,
        elderlyOther: 200,
        deskOther: 403,
        regulatorOut: 200,
      },
    ],
    [
      'GET agreement revisions',
      (t) => r().contract.get(`/v1/agreements/${p.agreementId}/revisions`).set('Authorization', t),
      {
        registrar: 404,
        elderlyOwn: 200,
        medicalOwn: 200,
        deskOwn: 200,
        regulatorIn: 200,
        elderlyOther: 404,
        deskOther: 404,
        regulatorOut: 404,
      },
    ],
    [
      'PATCH agreement draft',
      (t) => r().contract.patch(`/v1/agreements/${p.agreementId}`).set('Authorization', t).set('If-Match', '"99"').send({ mode: 1 }),
      {
        registrar: 403,
        elderlyOwn: 400,
        medicalOwn: 400,
        deskOwn: 403,
        regulatorIn: 403,
        elderlyOther: 400,
        deskOther: 403,
        regulatorOut: 403,
      },
    ],
    [
      'POST agreement withdraw',
      (t) =>
        r()
          .contract.post(`/v1/agreements/${p.agreementId}/withdraw`)
          .set('Authorization', t)
          .set('If-Match', '"99"')
          .send({ reason: '测试' }),
      {
        registrar: 403,
        elderlyOwn: 409,
        medicalOwn: 409,
        deskOwn: 403,
        regulatorIn: 403,
        elderlyOther: 404,
        deskOther: 403,
        regulatorOut: 403,
      },
    ],
    [
      'POST agreement copy',
      (t) => r().contract.post(`/v1/agreements/${p.agreementId}/copy`).set('Authorization', t),
      {
        registrar: 403,
        elderlyOwn: 409,
        medicalOwn: 403,
        deskOwn: 403,
        regulatorIn: 403,
        elderlyOther: 404,
        deskOther: 403,
        regulatorOut: 403,
      },
    ],
    [
      'POST agreement documents',
      (t) =>
        r()
          .contract.post(`/v1/agreements/${p.agreementId}/documents`)
          .set('Authorization', t)
          .set('If-Match', '"99"')
          .set('Content-Type', 'application/pdf')
          .send(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1')),
      {
        registrar: 403,
        elderlyOwn: 409,
        medicalOwn: 409,
        deskOwn: 403,
        regulatorIn: 403,
        elderlyOther: 404,
        deskOther: 403,
        regulatorOut: 403,
      },
    ],
    [
      'GET agreement documents',
      (t) => r().contract.get(`/v1/agreements/${p.agreementId}/documents`).set('Authorization', t),
      {
        registrar: 404,
        elderlyOwn: 200,
        medicalOwn: 200,
        deskOwn: 200,
        regulatorIn: 200,
        elderlyOther: 404,
        deskOther: 404,
        regulatorOut: 404,
      },
    ],
    [
      'GET agreement document link',
      // the signed paper p's agreement was countersigned with is version 1
      (t) => r().contract.get(`/v1/agreements/${p.agreementId}/documents/1/link`).set('Authorization', t),
      {
        registrar: 404,
        elderlyOwn: 200,
        medicalOwn: 200,
        deskOwn: 200,
        regulatorIn: 200,
        elderlyOther: 404,
        deskOther: 404,
        regulatorOut: 404,
      },
    ],
    [
      'POST referrals',
      (t) => r().referral.post('/v1/referrals').set('Authorization', t).send({ direction: 1 }),
      {
        registrar: 403,
        elderlyOwn: 400,
        medicalOwn: 400,
        deskOwn: 400,
        regulatorIn: 403,
        elderlyOther: 400,
        deskOther: 400,
        regulatorOut: 403,
      },
    ],
    [
      'GET referral',
      (t) => r().referral.get(`/v1/referrals/${referralId}`).set('Authorization', t),
      {
        registrar: 404,
        elderlyOwn: 200,
        medicalOwn: 200,
        deskOwn: 200,
        regulatorIn: 200,
        elderlyOther: 404,
        deskOther: 404,
        regulatorOut: 404,
      },
    ],
    [
      'POST referral receive',
      (t) => r().referral.post(`/v1/referrals/${referralId}/receive`).set('Authorization', t).set('If-Match', '"99"'),
      {
        registrar: 403,
        elderlyOwn: 409,
        medicalOwn: 409,
        deskOwn: 409,
        regulatorIn: 403,
        elderlyOther: 404,
        deskOther: 404,
        regulatorOut: 403,
      },
    ],
    [
      'GET referral queue',
      (t) => r().referral.get('/v1/referrals/queue').set('Authorization', t),
      {
        registrar: 403,
        elderlyOwn: 200,
        medicalOwn: 200,
        deskOwn: 200,
        regulatorIn: 403,
        elderlyOther: 200,
        deskOther: 200,
        regulatorOut: 403,
      },
    ],
    [
      'POST subscriptions',
      (t) => r().notification.post('/v1/subscriptions').set('Authorization', t).send({ url: 1 }),
      {
        registrar: 403,
        elderlyOwn: 400,
        medicalOwn: 400,
        deskOwn: 400,
        regulatorIn: 400,
        elderlyOther: 400,
        deskOther: 400,
        regulatorOut: 400,
      },
    ],
    [
      'GET subscription (the hospital’s)',
      (t) => r().notification.get(`/v1/subscriptions/${subscriptionId}`).set('Authorization', t),
      {
        registrar: 403,
        elderlyOwn: 404,
        medicalOwn: 200,
        deskOwn: 200,
        regulatorIn: 404,
        elderlyOther: 404,
        deskOther: 404,
        regulatorOut: 404,
      },
    ],
    [
      'GET inbox',
      (t) => r().notification.get('/v1/inbox').set('Authorization', t),
      {
        registrar: 200,
        elderlyOwn: 200,
        medicalOwn: 200,
        deskOwn: 200,
        regulatorIn: 200,
        elderlyOther: 200,
        deskOther: 200,
        regulatorOut: 200,
      },
    ],
    [
      'GET findings of 35',
      (t) => r().notification.get('/v1/compliance/findings').query({ division: '35' }).set('Authorization', t),
      {
        registrar: 403,
        elderlyOwn: 403,
        medicalOwn: 403,
        deskOwn: 403,
        regulatorIn: 200,
        elderlyOther: 403,
        deskOther: 403,
        regulatorOut: 404,
      },
    ],
    [
      'GET statistics of 35',
      (t) => r().notification.get('/v1/statistics').query({ division: '35' }).set('Authorization', t),
      {
        registrar: 403,
        elderlyOwn: 403,
        medicalOwn: 403,
        deskOwn: 403,
        regulatorIn: 200,
        elderlyOther: 403,
        deskOther: 403,
        regulatorOut: 404,
      },
    ],
    [
      'GET agreements of Xiamen (3502)',
      (t) => r().contract.get('/v1/agreements').query({ division: '3502' }).set('Authorization', t),
      all(403, { elderlyOwn: 200, medicalOwn: 200, elderlyOther: 200, regulatorIn: 200, regulatorOut: 404 }),
    ],
    [
      'GET agreements as CSV',
      (t) => r().contract.get('/v1/agreements.csv').set('Authorization', t),
      all(200, { registrar: 403, deskOwn: 403, deskOther: 403 }),
    ],
    ['GET referrals as CSV', (t) => r().referral.get('/v1/referrals.csv').set('Authorization', t), all(200, { registrar: 403 })],
    [
      'GET findings of 35 as CSV',
      (t) => r().notification.get('/v1/compliance/findings.csv').query({ division: '35' }).set('Authorization', t),
      all(403, { regulatorIn: 200, regulatorOut: 404 }),
    ],
    ['GET referrals (the lists)', (t) => r().referral.get('/v1/referrals').set('Authorization', t), all(200, { registrar: 403 })],
    ['GET registry audit', (t) => r().registry.get('/v1/audit').set('Authorization', t), all(200)],
    ['GET contract audit (CSV)', (t) => r().contract.get('/v1/audit.csv').set('Authorization', t), all(200, { registrar: 403 })],
    ['GET referral audit', (t) => r().referral.get('/v1/audit').set('Authorization', t), all(200, { registrar: 403 })],
    [
      'GET statistics (no query: own institution or jurisdiction)',
      (t) => r().notification.get('/v1/statistics').set('Authorization', t),
      all(200, { registrar: 403, deskOwn: 403, deskOther: 403 }),
    ],
    [
      'GET statistics of the hospital',
      (t) => r().notification.get('/v1/statistics').query({ institution: p.hospital }).set('Authorization', t),
      all(404, { registrar: 403, medicalOwn: 200, deskOwn: 403, deskOther: 403, regulatorIn: 200 }),
    ],
    [
      'GET statistics breakdown of 35',
      (t) => r().notification.get('/v1/statistics/breakdown').query({ division: '35' }).set('Authorization', t),
      all(403, { regulatorIn: 200, regulatorOut: 404 }),
    ],
    ['GET subscriptions', (t) => r().notification.get('/v1/subscriptions').set('Authorization', t), all(200, { registrar: 403 })],
    [
      'POST replay the dead deliveries of the hospital’s subscription',
      (t) => r().notification.post(`/v1/subscriptions/${subscriptionId}/deliveries/replay`).set('Authorization', t),
      all(404, { registrar: 403, medicalOwn: 200, deskOwn: 200 }),
    ],
    [
      'POST institutions import (an empty file)',
      (t) => r().registry.post('/v1/institutions/imports').set('Authorization', t).set('Content-Type', 'text/csv').send(''),
      all(403, { registrar: 422 }),
    ],
  ];

  it('answers each endpoint × role × scope as the table says, changing nothing', async () => {
    const before = await quiet();
    const who = callers();
    const got: Record<string, Record<string, number>> = {};
    const want: Record<string, Record<string, number>> = {};
    for (const [name, call, expected] of rows) {
      got[name] = {};
      want[name] = expected;
      for (const caller of Object.keys(expected) as Caller[]) got[name][caller] = (await call(who[caller])).status;
    }
    expect(got).toEqual(want);
    expect(await snapshot()).toBe(before);
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After once a caller has made too many changes, and only to that caller', async () => {
    const limited = await startNotification('abuse_ratelimit', clock, { RATE_LIMIT_WRITES: '5', RATE_LIMIT_WINDOW_MS: '60000' });
    try {
      const hurried = bearer({ roles: ['referral-desk'], institutionId: p.hospital, sub: 'hurried-desk' });
      const statuses: number[] = [];
      let last: Res = { status: 0, headers: {}, body: {} };
      for (let i = 0; i < 7; i++) {
        last = await limited.http.post('/v1/subscriptions').set('Authorization', hurried).send({ url: 1 });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 429]);
      expect(last.body.code).toBe('RATE_LIMITED');
      expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
      expect(String(last.headers['content-type'])).toMatch(/problem\+json/);
      expect((await limited.http.get('/v1/inbox').set('Authorization', hurried)).status).toBe(200); // reads are not limited
      expect((await limited.http.post('/v1/subscriptions').set('Authorization', p.desk).send({ url: 1 })).status).toBe(400); // another caller is not
    } finally {
      await limited.close();
    }
  });
});

describe('poison messages', () => {
  it('land in each topic’s DLQ with the reason, from every consumer, and the consumers keep going', async () => {
    const kafka = new Kafka({
      clientId: 'abuse-poison',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    await producer.connect();
    const consumed = [Topics.institution, Topics.agreement, Topics.referral];
    const dlq = await new TopicReader(consumed.map((t) => deadLetterTopic(topicName(t)))).start();
    try {
      const key = 'poison-key';
      for (const topic of consumed) {
        await producer.send({
          topic: topicName(topic),
          messages: [
            { key, value: '{"not json' },
            { key, value: JSON.stringify({ specversion: '1.0', id: 'x', source: '/x', type: 'yiyang.referral.requested.v99', data: {} }) },
            {
              key,
              value: JSON.stringify({
                specversion: '1.0',
                id: 'y',
                source: '/x',
                type: EventTypes.agreement.activated,
                time: new Date().toISOString(),
                subject: 's',
                datacontenttype: 'application/json',
                sequence: 1,
                division: '350102',
                actor: 'system:system',
                data: { agreement: { id: 'not-a-uuid' } },
              }),
            },
          ],
        });
      }
      // consumers per topic: the registry (its own revocations), contract, referral and notification read institution.events;
      // referral and notification agreement.events; notification referral.events
      const expected: [string, number][] = [
        [topicName(Topics.institution), 4],
        [topicName(Topics.agreement), 2],
        [topicName(Topics.referral), 1],
      ];
      for (const [topic, consumers] of expected) {
        const dead = await dlq.waitFor((m) => m.headers['x-dlq-original-topic'] === topic && m.key === key, 3 * consumers, 60_000);
        for (const m of dead) expect(m.headers['x-dlq-reason']).toMatch(/unparsable|unknown event type|failing validation|invalid/);
        expect(new Set(dead.map((m) => m.headers['x-dlq-consumer'])).size).toBe(consumers);
      }
      // and they keep going: a valid registration after the poison reaches every read model
      const id = await register(platform, hospital({ name: '毒消息之后的医院' }));
      await knownToReferral(platform.referral.database, [id]);
      await eventually(
        async () => (await query(platform.contract.database, 'SELECT 1 FROM institution_directory WHERE id = ?', [id])).length === 1,
        30_000,
        'contract directory',
      );
      await eventually(
        async () => (await query(notification.database, 'SELECT 1 FROM nx_institutions WHERE id = ?', [id])).length === 1,
        30_000,
        'notification read model',
      );
    } finally {
      await dlq.stop();
      await producer.disconnect();
    }
  });
});
