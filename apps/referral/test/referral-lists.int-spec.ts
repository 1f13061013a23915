import { ManualClock, maskResidentId } from '@yiyang/kernel';
import { bearer, hospital, nursingHome, residentId, validUscc } from '@yiyang/testing';
import { activeAgreement, agreementBody, knownToContract } from '../../contract/test/contract-app';
import { Partners, Platform, partners, referralBody, register, startPlatform } from './platform';
import { knownToReferral } from './referral-app';

/**
 * GET /v1/referrals (issue 14 item 8): institution staff list their institution's referrals both ways
 * with filters; a regulator lists those where either party lies in the jurisdiction, masked; and the
 * history lines carry the actor's display name (item 6). Two pairs in four Fuzhou counties.
 */
const clock = new ManualClock(new Date('2026-11-22T02:00:00Z')); // 10:00 in Beijing
let platform: Platform;
/** 鼓楼 (350102) home and 台江 (350103) hospital */
let one: Partners;
/** 仓山 (350104) home and 晋安 (350111) hospital */
let two: { home: string; hospital: string; homeAdmin: string };

interface Item {
  id: string;
  status: string;
  direction: string;
  priority: string;
  from: { institutionId: string; name: string | null };
  to: { institutionId: string; name: string | null };
  patient: Record<string, unknown>;
  allowedActions: string[];
  timeLeftSeconds: number | null;
  summary?: string;
}
type Page = { items: Item[]; nextCursor: string | null };

const ids: Record<'r1' | 'r2' | 'r3' | 'd1' | 's1' | 's2', string> = { r1: '', r2: '', r3: '', d1: '', s1: '', s2: '' };
const patient = (name: string, sequence: number) => ({
  name,
  birthDate: '1940-02-03',
  sex: sequence % 2 === 1 ? ('M' as const) : ('F' as const),
  idNumber: residentId('1940-02-03', sequence),
});
const zhang = patient('张建国', 11);
/** 张建国's number with another check character */
const wrongCheck = `${zhang.idNumber.slice(0, 17)}${zhang.idNumber.endsWith('0') ? '1' : '0'}`;

const list = (token: string, query: Record<string, string | number | string[]> = {}) =>
  platform.referral.http.get('/v1/referrals').query(query).set('Authorization', token);

/** The ids of a list, every page walked with `limit`. */
async function walk(token: string, query: Record<string, string | number> = {}, limit = 1): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: Page } = await list(token, { ...query, limit, ...(cursor ? { cursor } : {}) });
    expect(res.status).toBe(200);
    seen.push(...res.body.items.map((i) => i.id));
    cursor = res.body.nextCursor;
  } while (cursor);
  return seen;
}

const regulator = (division: string) => bearer({ roles: ['regulator'], division, sub: `reg-${division}`, name: `监管${division}` });

async function send(token: string, body: Record<string, unknown>): Promise<string> {
  clock.advance(1000);
  const res = await platform.referral.http.post('/v1/referrals').set('Authorization', token).send(body);
  if (res.status !== 201) throw new Error(`referral answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

beforeAll(async () => {
  platform = await startPlatform('lists', clock);
  one = await partners(platform, { home: '鼓楼列表颐养院', hospital: '台江列表医院' });
  one.homeAdmin = bearer({ roles: ['elderly-admin'], institutionId: one.home, sub: `home-${one.home.slice(0, 8)}`, name: '王护士' });
  one.desk = bearer({ roles: ['referral-desk'], institutionId: one.hospital, sub: `desk-${one.hospital.slice(0, 8)}`, name: '李医生' });
  const home2 = await register(platform, nursingHome({ name: '仓山列表颐养院', divisionCode: '350104', uscc: validUscc('350104') }));
  const hospital2 = await register(platform, hospital({ name: '晋安列表医院', divisionCode: '350111', uscc: validUscc('350111') }));
  await knownToContract(platform.contract.database, home2);
  await knownToContract(platform.contract.database, hospital2);
  two = { home: home2, hospital: hospital2, homeAdmin: bearer({ roles: ['elderly-admin'], institutionId: home2, sub: 'home2' }) };
  const agreement = await activeAgreement(
    platform.contract.http,
    { elderly: two.homeAdmin, medical: bearer({ roles: ['medical-admin'], institutionId: hospital2, sub: 'med2' }) },
    agreementBody(home2, hospital2),
  );
  await knownToReferral(platform.referral.database, [home2, hospital2], agreement.id);

  // 2026-11-22: two UP from the 鼓楼 home, one from the 仓山 home
  ids.r1 = await send(one.homeAdmin, referralBody(one.home, one.hospital, zhang));
  ids.r2 = await send(one.homeAdmin, referralBody(one.home, one.hospital, patient('陈美华', 12), { priority: 'EMERGENCY' }));
  ids.s1 = await send(two.homeAdmin, referralBody(two.home, two.hospital, patient('黄志强', 13)));
  // 2026-11-23: the hospital sends one DOWN to the home, the home one more UP; the desk claims the first
  clock.advance(24 * 3600_000);
  ids.d1 = await send(
    one.desk,
    referralBody(one.hospital, one.home, patient('林桂英', 14), { direction: 'DOWN', indication: 'REHABILITATION', priority: 'ROUTINE' }),
  );
  ids.r3 = await send(one.homeAdmin, referralBody(one.home, one.hospital, patient('吴秀兰', 16), { priority: 'ROUTINE' }));
  await platform.referral.http.post(`/v1/referrals/${ids.r1}/receive`).set('Authorization', one.desk).set('If-Match', '1').expect(200);
  // 2026-11-24: one more from the 仓山 home
  clock.advance(24 * 3600_000);
  ids.s2 = await send(two.homeAdmin, referralBody(two.home, two.hospital, patient('郑丽', 18)));
});

afterAll(async () => {
  await platform?.close();
});

describe('institution staff list their institution’s referrals', () => {
  it('sees what it sent and what it received, newest first, with both names, the resident in full and its actions', async () => {
    const res = await list(one.homeAdmin);
    expect(res.status).toBe(200);
    const body = res.body as Page;
    expect(body.items.map((i) => i.id)).toEqual([ids.r3, ids.d1, ids.r2, ids.r1]);
    expect(body.nextCursor).toBeNull();
    const down = body.items.find((i) => i.id === ids.d1)!;
    expect(down).toMatchObject({
      direction: 'DOWN',
      from: { institutionId: one.hospital, name: '台江列表医院' },
      to: { institutionId: one.home, name: '鼓楼列表颐养院' },
      allowedActions: ['receive'],
      patient: { name: '林桂英' },
    });
    expect(down.timeLeftSeconds).toEqual(expect.any(Number));
    expect(body.items.find((i) => i.id === ids.r1)).toMatchObject({ status: 'RECEIVED', allowedActions: ['cancel'] });
  });

  it('narrows to one side', async () => {
    expect(await walk(one.homeAdmin, { side: 'sent' })).toEqual([ids.r3, ids.r2, ids.r1]);
    expect(await walk(one.homeAdmin, { side: 'received' })).toEqual([ids.d1]);
    expect(await walk(one.desk, { side: 'received' })).toEqual([ids.r3, ids.r2, ids.r1]);
    expect(await walk(one.desk, { side: 'both' })).toEqual([ids.r3, ids.d1, ids.r2, ids.r1]);
  });

  it('filters by status, direction, priority and counterparty', async () => {
    expect(await walk(one.homeAdmin, { status: 'RECEIVED' })).toEqual([ids.r1]);
    expect(await walk(one.homeAdmin, { status: 'REQUESTED,RECEIVED', direction: 'UP' })).toEqual([ids.r3, ids.r2, ids.r1]);
    expect(await walk(one.homeAdmin, { direction: 'DOWN' })).toEqual([ids.d1]);
    expect(await walk(one.homeAdmin, { priority: 'EMERGENCY' })).toEqual([ids.r2]);
    expect(await walk(one.homeAdmin, { counterparty: one.hospital })).toEqual([ids.r3, ids.d1, ids.r2, ids.r1]);
    expect(await walk(one.homeAdmin, { counterparty: two.hospital })).toEqual([]);
  });

  it('filters by the day requested, in China time, both ends inclusive', async () => {
    expect(await walk(one.homeAdmin, { from: '2026-11-23' })).toEqual([ids.r3, ids.d1]);
    expect(await walk(one.homeAdmin, { to: '2026-11-22' })).toEqual([ids.r2, ids.r1]);
    expect(await walk(one.homeAdmin, { from: '2026-11-23', to: '2026-11-23' })).toEqual([ids.r3, ids.d1]);
    expect(await walk(one.homeAdmin, { from: '2026-11-25' })).toEqual([]);
  });

  it('pages through the same list whatever the page size', async () => {
    expect(await walk(one.desk, {}, 1)).toEqual([ids.r3, ids.d1, ids.r2, ids.r1]);
    expect(await walk(one.desk, {}, 3)).toEqual([ids.r3, ids.d1, ids.r2, ids.r1]);
  });

  it('never shows another institution’s referrals', async () => {
    expect(await walk(two.homeAdmin, {}, 10)).toEqual([ids.s2, ids.s1]);
  });
});

describe('a regulator lists the referrals of their jurisdiction', () => {
  it('sees those where either party lies inside it, once each, with the resident masked and no clinical text', async () => {
    const res = await list(regulator('350102'));
    expect(res.status).toBe(200);
    const body = res.body as Page;
    expect(body.items.map((i) => i.id)).toEqual([ids.r3, ids.d1, ids.r2, ids.r1]);
    const first = body.items.find((i) => i.id === ids.r1)!;
    expect(first.patient).toMatchObject({ name: '张**', idNumber: maskResidentId(zhang.idNumber), birthYear: '1940' });
    expect(JSON.stringify(body)).not.toContain(zhang.idNumber);
    expect(first.summary).toBeUndefined();
    expect(first.allowedActions).toEqual([]);
    expect(first.from).toEqual({ institutionId: one.home, name: '鼓楼列表颐养院' });
  });

  it('sees a referral from the receiving side’s division too, merged newest first across pages', async () => {
    // 台江 (350103) is the hospital's: r1–r3 were received there, d1 sent from there
    expect(await walk(regulator('350103'), {}, 1)).toEqual([ids.r3, ids.d1, ids.r2, ids.r1]);
    expect(await walk(regulator('350104'))).toEqual([ids.s2, ids.s1]);
    expect(await walk(regulator('3501'), {}, 2)).toEqual([ids.s2, ids.r3, ids.d1, ids.s1, ids.r2, ids.r1]);
    expect(await walk(regulator('3502'))).toEqual([]);
  });

  it('filters by a division inside the jurisdiction, an institution, status, direction, priority and days', async () => {
    expect(await walk(regulator('35'), { division: '350104' })).toEqual([ids.s2, ids.s1]);
    expect(await walk(regulator('3501'), { institution: two.home })).toEqual([ids.s2, ids.s1]);
    expect(await walk(regulator('3501'), { direction: 'DOWN' })).toEqual([ids.d1]);
    expect(await walk(regulator('3501'), { priority: 'EMERGENCY' })).toEqual([ids.r2]);
    expect(await walk(regulator('3501'), { status: 'RECEIVED' })).toEqual([ids.r1]);
    expect(await walk(regulator('3501'), { from: '2026-11-23', to: '2026-11-23' })).toEqual([ids.r3, ids.d1]);
  });

  it('answers 404 OUTSIDE_JURISDICTION for a division outside theirs, as the other regulator endpoints do', async () => {
    const res = await list(regulator('350102'), { division: '3501' });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'OUTSIDE_JURISDICTION' });
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe('who may list and which filters each may use', () => {
  it('refuses a registrar (403) and a caller without a token (401)', async () => {
    expect((await list(bearer({ roles: ['registrar'] }))).status).toBe(403);
    expect((await platform.referral.http.get('/v1/referrals')).status).toBe(401);
  });

  it('refuses a staff filter from a regulator and a regulator filter from staff (400, the field named)', async () => {
    for (const [token, query, field] of [
      [regulator('3501'), { resident: zhang.idNumber }, 'resident'],
      [regulator('3501'), { side: 'sent' }, 'side'],
      [regulator('3501'), { counterparty: one.home }, 'counterparty'],
      [one.homeAdmin, { division: '350102' }, 'division'],
      [one.homeAdmin, { institution: one.hospital }, 'institution'],
    ] as const) {
      const res = await list(token, query);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
    }
  });

  it.each([
    [{ from: '2026-02-30' }, 'from'],
    [{ from: '2026-11-24', to: '2026-11-23' }, 'to'],
    [{ to: '23/11/2026' }, 'to'],
    [{ status: 'REQUESTED,NOPE' }, 'status'],
    [{ direction: 'SIDEWAYS' }, 'direction'],
    [{ priority: 'low' }, 'priority'],
    [{ side: 'up' }, 'side'],
    [{ counterparty: 'not-a-uuid' }, 'counterparty'],
    [{ cursor: 'eyJ4IjoxfQ' }, 'cursor'],
    [{ limit: 0 }, 'limit'],
    [{ resident: wrongCheck }, 'resident'],
    [{ resident: "' OR 1=1 --" }, 'resident'],
    [{ resident: ['350102194002030112', '350102194002030112'] }, 'resident'],
    [{ limit: 101 }, 'limit'],
    [{ nope: 'x' }, 'nope'],
  ])('answers %j with a 400 naming %s', async (query, field) => {
    const res = await list(one.homeAdmin, query);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});

describe('history lines carry the actor’s display name (issue 14 item 6)', () => {
  it('shows who requested and who received by name, for staff and for the regulator', async () => {
    const staff = await platform.referral.http.get(`/v1/referrals/${ids.r1}`).set('Authorization', one.homeAdmin);
    expect(staff.body.history.map((h: { action: string; actor: unknown }) => [h.action, h.actor])).toEqual([
      ['request', { id: `home-${one.home.slice(0, 8)}`, role: 'elderly-admin', name: '王护士' }],
      ['receive', { id: `desk-${one.hospital.slice(0, 8)}`, role: 'referral-desk', name: '李医生' }],
    ]);
    const masked = await platform.referral.http.get(`/v1/referrals/${ids.r1}`).set('Authorization', regulator('350102'));
    expect(masked.body.history[1].actor).toMatchObject({ name: '李医生' });
  });

  it('leaves the name null when the token carries none', async () => {
    const res = await platform.referral.http.get(`/v1/referrals/${ids.s1}`).set('Authorization', two.homeAdmin);
    expect(res.body.history[0].actor).toEqual({ id: 'home2', role: 'elderly-admin', name: null });
  });
});
