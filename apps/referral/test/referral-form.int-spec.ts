import { ManualClock, maskResidentId } from '@yiyang/kernel';
import { STORE_DOWN, bearer, expectNotReadyWhileStoreDown, query, residentId } from '@yiyang/testing';
import { pdfText } from '../../../libs/forms/test/pdf-reader';
import { Partners, Platform, partners, referralBody, startPlatform } from './platform';
import { getBytes, startReferral } from './referral-app';

const clock = new ManualClock(new Date('2026-11-30T02:00:00Z'));
const HOME_NAME = '福州市鼓楼区福寿颐养院';
const HOSPITAL_NAME = '福建省立医院鼓楼院区';
const resident = { name: '陈美玉', birthDate: '1937-08-09', sex: 'F' as const, idNumber: residentId('1937-08-09', 224) };

let platform: Platform;
let p: Partners;
let id: string;

beforeAll(async () => {
  platform = await startPlatform('forms', clock);
  p = await partners(platform, { home: HOME_NAME, hospital: HOSPITAL_NAME });
  const requested = await platform.referral.http
    .post('/v1/referrals')
    .set('Authorization', p.homeAdmin)
    .send(referralBody(p.home, p.hospital, resident));
  if (requested.status !== 201) throw new Error(`the request answered ${requested.status}: ${JSON.stringify(requested.body)}`);
  id = (requested.body as { id: string }).id;
});

afterAll(async () => {
  await platform?.close();
});

/** The printed form's response, its body as bytes whatever its type. */
function form(referralId: string, token: string) {
  return getBytes(platform.referral, `/v1/referrals/${referralId}/form.pdf`, token);
}

/** A PDF's text with the layout's spaces and line breaks removed (a long value may wrap). */
const textOf = async (pdf: Buffer) => (await pdfText(pdf)).text.replace(/\s+/g, '');

const names = (body: { from: unknown; to: unknown }) => ({ from: body.from, to: body.to });
const both = () => ({ from: { institutionId: p.home, name: HOME_NAME }, to: { institutionId: p.hospital, name: HOSPITAL_NAME } });

describe('the two institutions’ names in referral responses', () => {
  it('are in the referral’s read, for staff and for a regulator', async () => {
    const http = platform.referral.http;
    const staff = await http.get(`/v1/referrals/${id}`).set('Authorization', p.homeAdmin);
    expect(staff.status).toBe(200);
    expect(names(staff.body)).toEqual(both());
    const regulator = await http.get(`/v1/referrals/${id}`).set('Authorization', bearer({ roles: ['regulator'], division: '3501' }));
    expect(regulator.status).toBe(200);
    expect(names(regulator.body)).toEqual(both());
  });

  it('are on every item of the desk’s queue and of the sent list', async () => {
    const http = platform.referral.http;
    const queue = await http.get('/v1/referrals/queue').set('Authorization', p.desk);
    const outgoing = await http.get('/v1/referrals/outgoing').set('Authorization', p.homeAdmin);
    for (const list of [queue, outgoing]) {
      expect(list.status).toBe(200);
      const item = (list.body.items as { id: string; from: unknown; to: unknown }[]).find((r) => r.id === id);
      expect(item && names(item)).toEqual(both());
    }
  });

  it('are in a step’s answer', async () => {
    const received = await platform.referral.http.post(`/v1/referrals/${id}/receive`).set('Authorization', p.desk).set('If-Match', '1');
    expect(received.status).toBe(200);
    expect(received.body.status).toBe('RECEIVED');
    expect(names(received.body)).toEqual(both());
  });
});

describe('GET /v1/referrals/{id}/form.pdf', () => {
  it('gives the sender the 双向转诊单 with both institutions, the indication and the resident, as a download never cached', async () => {
    const res = await form(id, p.homeAdmin);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="referral-${id.slice(0, 8)}.pdf"; filename*=UTF-8''${encodeURIComponent('双向转诊单')}-${id.slice(0, 8)}.pdf`,
    );
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(Number(res.headers['content-length'])).toBe(pdf.length);
    const { text, creationDate } = await pdfText(pdf);
    expect(text.trimStart().split('\n')[0].replace(/\s+/g, '')).toBe('双向转诊单');
    expect(creationDate?.toISOString()).toBe(clock.now().toISOString());
    const compact = text.replace(/\s+/g, '');
    for (const expected of [HOME_NAME, HOSPITAL_NAME, '疑似脑卒中', resident.name, resident.idNumber, '已认领']) {
      expect(compact).toContain(expected);
    }
  });

  it('gives the receiving desk the same full form', async () => {
    const res = await form(id, p.desk);
    expect(res.status).toBe(200);
    const text = await textOf(res.body as Buffer);
    expect(text).toContain(resident.name);
    expect(text).toContain(resident.idNumber);
  });

  it('gives a regulator of the jurisdiction the form without the resident’s particulars', async () => {
    const res = await form(id, bearer({ roles: ['regulator'], division: '3501' }));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = await textOf(res.body as Buffer);
    expect(text).toContain('双向转诊单');
    expect(text).toContain(HOME_NAME);
    expect(text).toContain(HOSPITAL_NAME);
    expect(text).toContain('仅限转出/接收机构查看');
    for (const secret of [resident.name, resident.idNumber, maskResidentId(resident.idNumber), '左侧肢体无力']) {
      expect(text).not.toContain(secret);
    }
  });

  it('answers 404 problem+json to another institution’s staff, a regulator elsewhere and an unknown referral', async () => {
    const stranger = bearer({ roles: ['referral-desk'], institutionId: '9b2f0a6e-0000-4000-8000-000000000000' });
    const cases = [
      form(id, stranger),
      form(id, bearer({ roles: ['regulator'], division: '44' })),
      form('00000000-0000-4000-8000-000000000000', p.homeAdmin),
    ];
    for (const res of await Promise.all(cases)) {
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse((res.body as Buffer).toString('utf8'))).toMatchObject({ status: 404, code: 'REFERRAL_NOT_FOUND' });
    }
  });

  it('refuses an id that is not a UUID with 400 problem+json, and a caller without a token with 401', async () => {
    const malformed = await form('not-a-uuid', p.homeAdmin);
    expect(malformed.status).toBe(400);
    expect(malformed.headers['content-type']).toMatch(/^application\/problem\+json/);
    const anonymous = await platform.referral.http.get(`/v1/referrals/${id}/form.pdf`);
    expect(anonymous.status).toBe(401);
  });
});

describe('printing under load and with the object store gone', () => {
  it('counts each print against the caller’s rate limit: 429 problem+json with Retry-After, for that caller only', async () => {
    // a replica of the same schema whose callers may make three changes (or prints) a minute
    const limited = await startReferral('forms_referral', clock, {
      instance: 2,
      env: { RATE_LIMIT_WRITES: '3', RATE_LIMIT_WINDOW_MS: '60000' },
    });
    try {
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await getBytes(limited, `/v1/referrals/${id}/form.pdf`, p.homeAdmin));
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 429, 429]);
      const last = answers[4];
      expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
      expect(last.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse((last.body as Buffer).toString('utf8'))).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect((await getBytes(limited, `/v1/referrals/${id}/form.pdf`, p.desk)).status).toBe(200); // another caller is not limited
      expect((await limited.http.get(`/v1/referrals/${id}`).set('Authorization', p.homeAdmin)).status).toBe(200); // reads are not
    } finally {
      await limited.close();
    }
  });

  it('makes the readiness probe answer 503 with Retry-After while the object store does not answer', async () => {
    const down = await startReferral('forms_referral', clock, { instance: 3, env: STORE_DOWN });
    try {
      await expectNotReadyWhileStoreDown(down.http, platform.referral.http);
    } finally {
      await down.close();
    }
  });
});

describe('an institution the directory has not heard of', () => {
  it('is answered with a null name, and printed as unknown', async () => {
    // the hospital leaves this service's read model (as if its events had not arrived yet)
    await query(platform.referral.database, 'DELETE FROM institution_directory WHERE id = ?', [p.hospital]);
    const res = await platform.referral.http.get(`/v1/referrals/${id}`).set('Authorization', p.homeAdmin);
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual({ from: { institutionId: p.home, name: HOME_NAME }, to: { institutionId: p.hospital, name: null } });
    const printed = await form(id, p.homeAdmin);
    expect(printed.status).toBe(200);
    const text = await textOf(printed.body as Buffer);
    expect(text).toContain(HOME_NAME);
    expect(text).toContain('机构名称未知');
    expect(text).not.toContain(HOSPITAL_NAME);
  });
});
