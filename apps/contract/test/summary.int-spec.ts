import request from 'supertest';
import { ManualClock } from '@yiyang/kernel';
import { sha256Hex } from '@yiyang/storage';
import { asBytes, bearer, hospital, nursingHome, validUscc } from '@yiyang/testing';
import { pdfText } from '../../../libs/forms/test/pdf-reader';
import { pdf } from '../../../libs/storage/test/documents';
import { RegistryUnderTest, startRegistry } from '../../institution-registry/test/registry-app';
import { ContractUnderTest, agreementBody, registeredWith, startContract } from './contract-app';

const clock = new ManualClock(new Date('2026-11-22T02:00:00Z'));
const HOME = '鼓楼区福寿颐养院';
const HOSPITAL = '台江区人民医院';
const HOME_USCC = validUscc('350102');
const HOSPITAL_USCC = validUscc('350103');
let registry: RegistryUnderTest;
let contract: ContractUnderTest;
let http: ReturnType<typeof request>;
let elderly: string;
let medical: string;
/** an ACTIVE agreement of the two, with a signed copy uploaded */
let id: string;
let signedCopy: Buffer;
let elderlyId: string;

/** GET …/summary.pdf with the body as bytes, whatever the type (a PDF, or the problem when refused). */
const summary = (agreementId: string, token: string, on = http) =>
  asBytes(on.get(`/v1/agreements/${agreementId}/summary.pdf`).set('Authorization', token));

/** The text without whitespace: PDF.js breaks lines and cells where the layout does. */
const squeeze = (text: string) => text.replace(/\s+/g, '');

beforeAll(async () => {
  registry = await startRegistry('summary_registry', { clock });
  contract = await startContract('contract_summary', clock);
  http = contract.http;
  const home = await registeredWith(registry, contract, nursingHome({ name: HOME, uscc: HOME_USCC }));
  elderlyId = home;
  const hosp = await registeredWith(registry, contract, hospital({ name: HOSPITAL, uscc: HOSPITAL_USCC }));
  elderly = bearer({ roles: ['elderly-admin'], institutionId: home, sub: 'home-admin', name: '李院长' });
  medical = bearer({ roles: ['medical-admin'], institutionId: hosp, sub: 'hosp-admin', name: '王主任' });

  // filed, its signed copy uploaded, submitted and countersigned (ACTIVE: the term has begun)
  const filed = await http.post('/v1/agreements').set('Authorization', elderly).send(agreementBody(home, hosp));
  expect(filed.status).toBe(201);
  id = (filed.body as { id: string }).id;
  signedCopy = pdf();
  await http
    .post(`/v1/agreements/${id}/documents`)
    .set('Authorization', elderly)
    .set('If-Match', '1')
    .set('Content-Type', 'application/pdf')
    .set('X-File-Name', encodeURIComponent('合作协议.pdf'))
    .send(signedCopy)
    .expect(201);
  await http.post(`/v1/agreements/${id}/submit`).set('Authorization', elderly).set('If-Match', '2').expect(200);
  const signed = await http.post(`/v1/agreements/${id}/countersign`).set('Authorization', medical).set('If-Match', '3').expect(200);
  expect((signed.body as { status: string }).status).toBe('ACTIVE');
});

afterAll(async () => {
  await contract?.close();
  await registry?.close();
});

describe('GET /v1/agreements/{id}/summary.pdf', () => {
  it('answers the 协议摘要 as a PDF download that reads back with both parties (names, USCCs), the term, the revision and the document hash', async () => {
    const res = await summary(id, elderly);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="agreement-summary-${id.slice(0, 8)}.pdf"; filename*=UTF-8''${encodeURIComponent(`协议摘要-${id.slice(0, 8)}.pdf`)}`,
    );
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const bytes = res.body as Buffer;
    expect(res.headers['content-length']).toBe(String(bytes.length));
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const { text, pages, creationDate } = await pdfText(bytes);
    expect(pages).toBe(1);
    expect(text.split('\n')[0].trim()).toBe('医养结合签约合作协议摘要');
    // printed at the service clock's now
    expect(creationDate?.toISOString()).toBe(clock.now().toISOString());
    const flat = squeeze(text);
    for (const expected of [
      `编号：${id.slice(0, 8)}`,
      HOME,
      HOME_USCC,
      HOSPITAL,
      HOSPITAL_USCC,
      id,
      '多层次医疗服务合作',
      '生效中',
      '2026年11月01日至2027年10月31日',
      '首次签署版',
      '1双向转诊',
      '2定期巡诊每周',
      // revision 0: proposed by the elderly-care party's admin, countersigned by the medical party's (Beijing time)
      '首签养老机构李院长2026-11-2210:00王主任2026-11-2210:00',
      '合作协议.pdf',
      sha256Hex(signedCopy),
    ])
      expect(flat).toContain(expected);
  });

  it('is the same bytes for the same agreement at the same time, for either party', async () => {
    const [a, b] = await Promise.all([summary(id, elderly), summary(id, medical)]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(Buffer.compare(a.body as Buffer, b.body as Buffer)).toBe(0);
  });

  it('is printed for a regulator of either party’s division', async () => {
    // the hospital is in 350103 (台江区), the nursing home in 350102
    const res = await summary(id, bearer({ roles: ['regulator'], division: '350103' }));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const flat = squeeze((await pdfText(res.body as Buffer)).text);
    expect(flat).toContain(HOME);
    expect(flat).toContain(HOSPITAL);
    expect(flat).toContain('2026年11月01日至2027年10月31日');
  });

  it('answers 404 problem+json to a stranger, a regulator elsewhere and an unknown agreement; 400 to an id that is not one', async () => {
    const stranger = bearer({ roles: ['elderly-admin'], institutionId: '33333333-3333-4333-8333-333333333333', sub: 'stranger' });
    const elsewhere = bearer({ roles: ['regulator'], division: '350104' });
    for (const [agreementId, token] of [
      [id, stranger],
      [id, elsewhere],
      ['44444444-4444-4444-8444-444444444444', elderly],
    ]) {
      const res = await summary(agreementId, token);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['content-disposition']).toBeUndefined();
      expect(JSON.parse((res.body as Buffer).toString('utf8'))).toMatchObject({ status: 404, code: 'AGREEMENT_NOT_FOUND' });
    }
    const malformed = await summary('not-an-id', elderly);
    expect(malformed.status).toBe(400);
    expect(JSON.parse((malformed.body as Buffer).toString('utf8'))).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('counts each print against the caller’s rate limit: 429 problem+json with Retry-After, for that caller only', async () => {
    // a replica of the same schema whose callers may make three changes (or prints) a minute
    const limited = await startContract('contract_summary', clock, 2, { RATE_LIMIT_WRITES: '3', RATE_LIMIT_WINDOW_MS: '60000' });
    try {
      const hurried = bearer({ roles: ['elderly-admin'], institutionId: elderlyId, sub: 'hurried-admin' });
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await summary(id, hurried, limited.http));
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 429, 429]);
      const last = answers[4];
      expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
      expect(last.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse((last.body as Buffer).toString('utf8'))).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect((await summary(id, medical, limited.http)).status).toBe(200); // another caller is not limited
      expect((await limited.http.get(`/v1/agreements/${id}`).set('Authorization', hurried)).status).toBe(200); // reads are not
    } finally {
      await limited.close();
    }
  });

  it('answers 401 without a token', async () => {
    const res = await http.get(`/v1/agreements/${id}/summary.pdf`);
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
