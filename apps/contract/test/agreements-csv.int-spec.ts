/**
 * Issue 14 item 12 on the contract service: `GET /v1/agreements.csv`, the agreements list as a CSV
 * download (UTF-8 with BOM, Chinese header and labels, names, China time), with the list's filters and
 * access, no paging, and a typed formula made inert.
 */
import request from 'supertest';
import { ManualClock } from '@yiyang/kernel';
import { asBytes, bearer, hospital, nursingHome, validUscc } from '@yiyang/testing';
import { RegistryUnderTest, startRegistry } from '../../institution-registry/test/registry-app';
import { ContractUnderTest, activeAgreement, agreementBody, registeredWith, startContract } from './contract-app';

const clock = new ManualClock(new Date('2026-11-22T02:00:00Z'));
let registry: RegistryUnderTest;
let contract: ContractUnderTest;
let http: ReturnType<typeof request>;

const admin = (role: 'elderly-admin' | 'medical-admin', institutionId: string) =>
  bearer({ roles: [role], institutionId, sub: `${role}-${institutionId}` });
const regulator = (division: string) => bearer({ roles: ['regulator'], division, sub: `regulator-${division}` });

/** The answer's raw bytes (not decoded, so the byte-order mark is seen as it was sent). */
const csv = (path: string, token: string) => asBytes(http.get(path).set('Authorization', token));

/** The CSV's lines after the BOM, without the last line end. */
const linesOf = (bytes: Buffer) => bytes.subarray(3).toString('utf8').replace(/\r\n$/, '').split('\r\n');

const HEADER = '协议编号,状态,合作模式,养老机构,医疗机构,服务项目,生效日期,到期日期,服务地点,发起方,终止生效日期,备案时间,更新时间';

beforeAll(async () => {
  registry = await startRegistry('csv_registry', { clock });
  contract = await startContract('contract_csv', clock);
  http = contract.http;
});

afterAll(async () => {
  await contract?.close();
  await registry?.close();
});

describe('GET /v1/agreements.csv', () => {
  let home: string;
  let hosp: string;
  let otherHome: string;
  let active: string;
  let draft: string;

  beforeAll(async () => {
    home = await registeredWith(registry, contract, nursingHome({ name: '鼓楼颐养院' }));
    hosp = await registeredWith(registry, contract, hospital({ name: '台江人民医院' }));
    otherHome = await registeredWith(
      registry,
      contract,
      nursingHome({ name: '思明康乐养老院', uscc: validUscc('350203'), divisionCode: '350203', location: { lat: 24.45, lng: 118.08 } }),
    );
    // a site a person typed that a spreadsheet would take for a formula
    // (agreementBody's type says `site: null`; the API takes any text up to 500 characters)
    const site = '=HYPERLINK("http://evil.example","点我")' as unknown as null;
    const body = { ...agreementBody(home, hosp), site };
    active = (await activeAgreement(http, { elderly: admin('elderly-admin', home), medical: admin('medical-admin', hosp) }, body)).id;
    const filed = await http
      .post('/v1/agreements')
      .set('Authorization', admin('elderly-admin', home))
      .send(agreementBody(home, hosp, { effectiveFrom: '2027-11-01', effectiveTo: '2028-10-31' }));
    expect(filed.status).toBe(201);
    draft = filed.body.id as string;
  });

  it('answers the institution’s agreements as a UTF-8 CSV with BOM, a Chinese header, names, labels and China time', async () => {
    const res = await csv('/v1/agreements.csv', admin('elderly-admin', home));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('合作协议-2026-11-22.csv')}`);
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = linesOf(bytes);
    expect(header).toBe(HEADER);
    // the rows of the JSON list, in its order
    const json = await http.get('/v1/agreements').set('Authorization', admin('elderly-admin', home));
    expect(json.status).toBe(200);
    expect(rows.map((r) => r.split(',')[0])).toEqual(json.body.items.map((a: { id: string }) => a.id));
    expect(rows).toHaveLength(2);
    const activeRow = rows.find((r) => r.startsWith(active));
    expect(activeRow).toBe(
      `${active},生效中,多层次医疗服务合作,鼓楼颐养院,台江人民医院,双向转诊、定期巡诊,2026-11-01,2027-10-31,` +
        `"'=HYPERLINK(""http://evil.example"",""点我"")",养老机构,,2026-11-22 10:00,2026-11-22 10:00`,
    );
    expect(rows.find((r) => r.startsWith(draft))).toMatch(/^[^,]+,草稿,多层次医疗服务合作,鼓楼颐养院,台江人民医院,/);
  });

  it('takes the list’s filters', async () => {
    const res = await csv('/v1/agreements.csv?status=ACTIVE', admin('medical-admin', hosp));
    expect(res.status).toBe(200);
    const [, ...rows] = linesOf(res.body as Buffer);
    expect(rows.map((r) => r.split(',')[0])).toEqual([active]);
  });

  it('has the list’s access: a regulator over the parties sees them (no DRAFTs), another institution and another jurisdiction get only the header', async () => {
    const fuzhou = await csv('/v1/agreements.csv', regulator('3501'));
    expect(fuzhou.status).toBe(200);
    expect(linesOf(fuzhou.body as Buffer).map((r) => r.split(',')[0])).toEqual(['协议编号', active]);

    for (const token of [admin('elderly-admin', otherHome), regulator('3502')]) {
      const res = await csv('/v1/agreements.csv', token);
      expect(res.status).toBe(200);
      expect(linesOf(res.body as Buffer)).toEqual([HEADER]);
    }
  });

  it('refuses a role the list refuses, and no token', async () => {
    const registrar = await http.get('/v1/agreements.csv').set('Authorization', bearer({ roles: ['registrar'] }));
    expect(registrar.status).toBe(403);
    expect(registrar.headers['content-type']).toContain('application/problem+json');
    expect((await http.get('/v1/agreements.csv')).status).toBe(401);
  });

  it('is a 404 problem for a regulator’s division outside the jurisdiction, as the list is', async () => {
    const res = await http.get('/v1/agreements.csv?division=3502').set('Authorization', regulator('3501'));
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'OUTSIDE_JURISDICTION' });
  });

  it.each([['limit=10'], ['cursor=abc'], ['status=NOPE'], ['from=2026-11-30&to=2026-11-01'], ['expiringWithinDays=-1']])(
    'answers ?%s with a 400 problem',
    async (qs) => {
      const res = await http.get(`/v1/agreements.csv?${qs}`).set('Authorization', admin('elderly-admin', home));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    },
  );

  it('is not taken for an agreement id by GET /v1/agreements/{id}', async () => {
    // the JSON list and a single agreement are still where they were
    const one = await http.get(`/v1/agreements/${active}`).set('Authorization', admin('elderly-admin', home));
    expect(one.status).toBe(200);
    expect(one.body.id).toBe(active);
    const list = await http.get('/v1/agreements').set('Authorization', admin('elderly-admin', home));
    expect(list.body.items).toHaveLength(2);
  });
});
