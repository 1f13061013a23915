import { randomUUID } from 'node:crypto';
import { ManualClock } from '@yiyang/kernel';
import { asBytes, bearer, query } from '@yiyang/testing';
import { NotificationUnderTest, startNotification } from './notification-app';

// 2026-11-30 23:30 UTC is already 12-01 in China: the file is named by the China date
const clock = new ManualClock(new Date('2026-11-30T23:30:00Z'));
let service: NotificationUnderTest;

const fujian = bearer({ roles: ['regulator'], division: '35', sub: 'regulator-fujian-csv' });
const guangdong = bearer({ roles: ['regulator'], division: '44', sub: 'regulator-guangdong-csv' });
const staff = bearer({ roles: ['elderly-admin'], institutionId: randomUUID(), sub: 'elderly-admin-csv' });

// divisions no other suite of the run uses
const home = { id: randomUUID(), name: '=HYPERLINK("http://x")颐养院', division: '350921', category: 'ELDERLY_CARE' };
const hospital = { id: randomUUID(), name: '蕉城区医院', division: '350922', category: 'MEDICAL' };
const overdue = randomUUID();
const expired = randomUUID();

const csv = (params: Record<string, unknown>, auth: string) =>
  asBytes(service.http.get('/v1/compliance/findings.csv').query(params).set('Authorization', auth));

const lines = (body: Buffer) => body.toString('utf8').slice(1).split('\r\n').slice(0, -1);

beforeAll(async () => {
  service = await startNotification('notification_findings_csv', clock);
  for (const i of [home, hospital])
    await query(
      service.database,
      "INSERT INTO nx_institutions (id, version, name, category, status, division, has_licence) VALUES (?, 1, ?, ?, 'ACTIVE', ?, 1)",
      [i.id, i.name, i.category, i.division],
    );
  const finding =
    'INSERT INTO findings (id, rule, subject, division, other_division, status, open_key, raised_at, resolved_at, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
  await query(service.database, finding, [
    overdue,
    'OVERDUE_REFERRAL_RESPONSE',
    `referral:${randomUUID()}`,
    hospital.division,
    home.division,
    'OPEN',
    `csv-open-${overdue}`,
    new Date('2026-11-22T02:05:00Z'),
    null,
    JSON.stringify({ senderId: home.id, receiverId: hospital.id, divisions: [home.division] }),
  ]);
  await query(service.database, finding, [
    expired,
    'AGREEMENT_EXPIRED_UNRENEWED',
    `agreement:${randomUUID()}`,
    home.division,
    hospital.division,
    'RESOLVED',
    null,
    new Date('2026-11-20T01:00:00Z'),
    new Date('2026-11-21T16:30:00Z'),
    JSON.stringify({ elderlyInstitutionId: home.id, medicalInstitutionId: hospital.id, divisions: [hospital.division] }),
  ]);
});

afterAll(async () => {
  await service?.close();
});

describe('GET /v1/compliance/findings.csv', () => {
  it('answers the list as a Chinese CSV: BOM, header, a row per finding with names, labels and China time', async () => {
    const res = await csv({ division: '3509' }, fujian);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('合规问题-2026-12-01.csv')}`);
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = lines(body);
    expect(header).toBe('问题编号,规则,涉及对象,涉及机构,状态,所属区划,涉及区划,发现时间,解决时间');
    // newest first, as the list; a name a person typed starting with `=` comes out inert (a leading apostrophe)
    expect(rows).toEqual([
      `${overdue},转诊响应超时,"'=HYPERLINK(""http://x"")颐养院发往蕉城区医院的转诊","'=HYPERLINK(""http://x"")颐养院、蕉城区医院",未解决,350922,350922、350921,2026-11-22 10:05,`,
      `${expired},协议到期未续签,"'=HYPERLINK(""http://x"")颐养院与蕉城区医院的合作协议","'=HYPERLINK(""http://x"")颐养院、蕉城区医院",已解决,350921,350921、350922,2026-11-20 09:00,2026-11-22 00:30`,
    ]);
  });

  it('takes the list filters: rule and status', async () => {
    // the same findings, in the same order, as the JSON list with the same filters
    const listed = await service.http.get('/v1/compliance/findings').query({ division: '3509' }).set('Authorization', fujian);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((f: { id: string }) => f.id)).toEqual([overdue, expired]);
    const open = lines((await csv({ division: '3509', status: 'OPEN' }, fujian)).body as Buffer);
    expect(open.slice(1).map((l) => l.split(',')[0])).toEqual([overdue]);
    const expiredOnly = lines((await csv({ division: '3509', rule: 'AGREEMENT_EXPIRED_UNRENEWED' }, fujian)).body as Buffer);
    expect(expiredOnly.slice(1).map((l) => l.split(',')[0])).toEqual([expired]);
  });

  it('is the JSON list’s access: another jurisdiction gets the header only, its division a 404, staff a 403', async () => {
    const canton = await csv({}, guangdong);
    expect(canton.status).toBe(200);
    expect(lines(canton.body as Buffer)).toEqual(['问题编号,规则,涉及对象,涉及机构,状态,所属区划,涉及区划,发现时间,解决时间']);
    const outside = await service.http.get('/v1/compliance/findings.csv').query({ division: '3509' }).set('Authorization', guangdong);
    expect(outside.status).toBe(404);
    expect(outside.body.code).toBe('OUTSIDE_JURISDICTION');
    const listed = await service.http.get('/v1/compliance/findings').set('Authorization', staff);
    const exported = await service.http.get('/v1/compliance/findings.csv').set('Authorization', staff);
    expect([listed.status, exported.status]).toEqual([403, 403]);
  });

  it('takes no paging: a limit or a cursor is a 400 problem', async () => {
    for (const params of [{ limit: 10 }, { cursor: 'abc' }]) {
      const res = await service.http.get('/v1/compliance/findings.csv').query(params).set('Authorization', fujian);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('is not taken for a finding id: the one-finding read still answers', async () => {
    const one = await service.http.get(`/v1/compliance/findings/${overdue}`).set('Authorization', fujian);
    expect(one.status).toBe(200);
    expect(one.body.id).toBe(overdue);
  });

  it('refuses more than 10,000 findings with 422 EXPORT_TOO_LARGE, and exports 10,000', async () => {
    // MariaDB's sequence engine: 10,001 findings in one statement, in a division of their own
    await query(
      service.database,
      `INSERT INTO findings (id, rule, subject, division, status, raised_at, details)
       SELECT UUID(), 'STAFF_FILING_MISSING', CONCAT('bulk:', seq), '350931', 'RESOLVED', '2026-11-01 00:00:00', '{}' FROM seq_1_to_10001`,
    );
    const tooMany = await service.http.get('/v1/compliance/findings.csv').query({ division: '350931' }).set('Authorization', fujian);
    expect(tooMany.status).toBe(422);
    expect(tooMany.headers['content-type']).toContain('application/problem+json');
    expect(tooMany.body.code).toBe('EXPORT_TOO_LARGE');
    await query(service.database, "DELETE FROM findings WHERE division = '350931' LIMIT 1");
    const all = await csv({ division: '350931' }, fujian);
    expect(all.status).toBe(200);
    expect(lines(all.body as Buffer)).toHaveLength(10_001);
  });
});
