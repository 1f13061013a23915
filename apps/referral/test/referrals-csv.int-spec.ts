import { ManualClock, maskResidentId } from '@yiyang/kernel';
import { bearer, residentId } from '@yiyang/testing';
import { Partners, Platform, partners, referralBody, startPlatform } from './platform';
import { getBytes } from './referral-app';

/**
 * GET /v1/referrals.csv (issue 14 item 12): the referrals list as a CSV people open in Excel: the same
 * filters and access as GET /v1/referrals, names and Chinese labels, China time, the resident's ID
 * number never in full, typed text made inert.
 */
const clock = new ManualClock(new Date('2026-11-30T02:00:00Z')); // 10:00 in Beijing
let platform: Platform;
let one: Partners;
const ids = { a: '', b: '' };

const zhao = { name: '赵建军', birthDate: '1941-05-06', sex: 'M' as const, idNumber: residentId('1941-05-06', 21) };
const qian = { name: '钱淑芬', birthDate: '1942-07-08', sex: 'F' as const, idNumber: residentId('1942-07-08', 22) };
const regulator = (division: string) => bearer({ roles: ['regulator'], division, sub: `reg-${division}` });

const csv = (token: string, query = '') => getBytes(platform.referral, `/v1/referrals.csv${query}`, token);

/** The file's lines without the byte-order mark, each split into cells (no cell here holds a comma or a quote). */
function lines(body: Buffer): string[][] {
  const text = body.toString('utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  expect(text.endsWith('\r\n')).toBe(true);
  return text
    .slice(1, -2)
    .split('\r\n')
    .map((l) => l.split(','));
}

async function send(token: string, body: Record<string, unknown>): Promise<string> {
  clock.advance(60_000);
  const res = await platform.referral.http.post('/v1/referrals').set('Authorization', token).send(body);
  if (res.status !== 201) throw new Error(`referral answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

beforeAll(async () => {
  platform = await startPlatform('refcsv', clock);
  one = await partners(platform, { home: '鼓楼导出颐养院', hospital: '台江导出医院' });
  ids.a = await send(
    one.homeAdmin,
    referralBody(one.home, one.hospital, zhao, { summary: '=HYPERLINK("http://x")', priority: 'EMERGENCY' }),
  );
  ids.b = await send(one.homeAdmin, referralBody(one.home, one.hospital, qian, { priority: 'ROUTINE' }));
});

afterAll(async () => {
  await platform?.close();
});

describe('staff export their institution’s referrals', () => {
  it('answers a UTF-8 CSV with a BOM, a Chinese header, a row per referral with names, labels and China time', async () => {
    const res = await csv(one.homeAdmin);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('转诊-2026-11-30.csv')}`);
    const [header, ...rows] = lines(res.body as Buffer);
    expect(header.slice(0, 4)).toEqual(['转诊编号', '状态', '方向', '紧急程度']);
    expect(header).toContain('病情摘要');
    const json = await platform.referral.http.get('/v1/referrals').set('Authorization', one.homeAdmin);
    expect(rows.map((r) => r[0])).toEqual(json.body.items.map((i: { id: string }) => i.id));
    expect(rows.map((r) => r[0])).toEqual([ids.b, ids.a]);
    const cell = (row: string[], name: string) => row[header.indexOf(name)];
    const a = rows[1];
    expect(cell(a, '状态')).toBe('待认领');
    expect(cell(a, '方向')).toBe('上转');
    expect(cell(a, '紧急程度')).toBe('急诊');
    expect(cell(a, '转出机构')).toBe('鼓楼导出颐养院');
    expect(cell(a, '转入机构')).toBe('台江导出医院');
    expect(cell(a, '患者姓名')).toBe('赵建军');
    expect(cell(a, '性别')).toBe('男');
    expect(cell(a, '转诊指征')).toBe('疑似脑卒中');
    expect(cell(a, '申请时间')).toBe('2026-11-30 10:01');
    expect(cell(rows[0], '申请时间')).toBe('2026-11-30 10:02');
  });

  it('never writes the resident’s full ID number: it is masked, as for a regulator', async () => {
    const res = await csv(one.homeAdmin);
    const text = (res.body as Buffer).toString('utf8');
    expect(text).not.toContain(zhao.idNumber);
    expect(text).toContain(maskResidentId(zhao.idNumber));
  });

  it('makes a typed cell that looks like a formula inert with a leading apostrophe', async () => {
    const text = ((await csv(one.homeAdmin)).body as Buffer).toString('utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).not.toMatch(/,=HYPERLINK/);
  });

  it('takes the list’s filters', async () => {
    const [, ...rows] = lines((await csv(one.homeAdmin, '?priority=ROUTINE')).body as Buffer);
    expect(rows.map((r) => r[0])).toEqual([ids.b]);
    const [header, ...none] = lines((await csv(one.homeAdmin, '?side=received')).body as Buffer);
    expect(header[0]).toBe('转诊编号');
    expect(none).toEqual([]);
  });
});

describe('regulators export the masked view, others are refused as the list refuses them', () => {
  it('gives a regulator of the jurisdiction the masked resident and no clinical text', async () => {
    const res = await csv(regulator('3501'));
    expect(res.status).toBe(200);
    const [header, ...rows] = lines(res.body as Buffer);
    expect(header).not.toContain('病情摘要');
    expect(rows.map((r) => r[0])).toEqual([ids.b, ids.a]);
    const a = rows[1];
    expect(a[header.indexOf('患者姓名')]).toBe('赵**');
    expect(a[header.indexOf('出生')]).toBe('1941');
    expect(a[header.indexOf('身份证号（脱敏）')]).toBe(maskResidentId(zhao.idNumber));
    const text = (res.body as Buffer).toString('utf8');
    expect(text).not.toContain('HYPERLINK');
    expect(text).not.toContain(zhao.idNumber);
  });

  it('gives a regulator elsewhere an empty file, a registrar 403 and no token 401', async () => {
    const [, ...rows] = lines((await csv(regulator('11'))).body as Buffer);
    expect(rows).toEqual([]);
    const refused = await platform.referral.http.get('/v1/referrals.csv').set('Authorization', bearer({ roles: ['registrar'] }));
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect((await platform.referral.http.get('/v1/referrals.csv')).status).toBe(401);
  });

  it('refuses a staff filter from a regulator (400) and a division outside the jurisdiction (404)', async () => {
    expect((await platform.referral.http.get('/v1/referrals.csv?side=sent').set('Authorization', regulator('3501'))).status).toBe(400);
    const outside = await platform.referral.http.get('/v1/referrals.csv?division=3502').set('Authorization', regulator('3501'));
    expect(outside.status).toBe(404);
    expect(outside.body).toMatchObject({ code: 'OUTSIDE_JURISDICTION' });
  });
});

describe('paging is not an export’s', () => {
  it.each([
    ['limit=10', 'limit'],
    ['cursor=abc', 'cursor'],
    ['from=2026-02-30', 'from'],
  ])('answers ?%s with a 400 naming %s', async (query, field) => {
    const res = await platform.referral.http.get(`/v1/referrals.csv?${query}`).set('Authorization', one.homeAdmin);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('is its own route, not a referral id', async () => {
    const res = await platform.referral.http.get('/v1/referrals.csv').set('Authorization', one.desk);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
  });
});
