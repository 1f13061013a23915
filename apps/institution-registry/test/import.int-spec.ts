import iconv from 'iconv-lite';
import { EventTypes, Topics, topicName } from '@yiyang/contracts';
import { ManualClock } from '@yiyang/kernel';
import { TopicReader, bearer, hospital, query, validUscc } from '@yiyang/testing';
import { RegistryUnderTest, startRegistry } from './registry-app';

/**
 * Bulk import of institutions from a CSV file (issue 14 item 14) and the licence rules of registration
 * (rule 4), against the real registry, MariaDB and Kafka.
 */
const registrar = bearer({ roles: ['registrar'], sub: 'registrar-import' });
const clock = new ManualClock(new Date('2026-11-22T02:00:00Z'));

let registry: RegistryUnderTest;
let reader: TopicReader;
const topic = topicName(Topics.institution);

beforeAll(async () => {
  registry = await startRegistry('registry_import', { clock });
  reader = await new TopicReader([topic]).start();
});

afterAll(async () => {
  await reader?.stop();
  await registry?.close();
});

const HEADER =
  '机构名称(name),统一社会信用代码(uscc),机构类别(category),机构类型(kind),医院等级(hospitalGrade),所有制(ownership),非营利(nonProfit),' +
  '行政区划代码(divisionCode),地址(address),纬度(lat),经度(lng),执业许可证号(licenceNumber),诊疗科目(licenceScope),' +
  '许可证有效期起(licenceValidFrom),许可证有效期止(licenceValidTo),养老机构备案号(filingNumber),备案日期(filedOn),' +
  '长护险定点编号(ltcInsuranceNumber),长护险定点起始日期(ltcInsuranceSince),长护险定点截止日期(ltcInsuranceValidTo),服务能力(capabilities),养老床位(bedsElderly),医疗床位(bedsMedical)';

const homeLine = (name: string, uscc = validUscc()) =>
  `${name},${uscc},养老机构,养老院,,民营,是,350102,"福州市鼓楼区五四路1号, 北楼",26.08,119.3,,,,,闽养备001,2024/3/1,CH-1,2024-01-01,2027-12-31,NURSING,120,`;
const hospitalLine = (name: string, uscc = validUscc('350103'), validTo = '2027-12-31') =>
  `${name},${uscc},医疗机构,综合医院,三级,公立,是,350103,台江区达道路190号,26.05,119.31,PDY001,"内科、外科",2022-01-01,${validTo},,,,,,"EMERGENCY,REHABILITATION",,800`;

const file = (lines: string[], bom = true) => Buffer.from(`${bom ? '\ufeff' : ''}${[HEADER, ...lines].join('\r\n')}\r\n`, 'utf8');

const upload = (body: Buffer, options: { auth?: string; type?: string; path?: string; key?: string } = {}) => {
  const req = registry.http
    .post(options.path ?? '/v1/institutions/imports')
    .set('Authorization', options.auth ?? registrar)
    .set('Content-Type', options.type ?? 'text/csv');
  if (options.key) req.set('Idempotency-Key', options.key);
  return req.send(body);
};

async function counts() {
  const [i] = await query<{ n: number }>(registry.database, 'SELECT COUNT(*) AS n FROM institutions');
  const [o] = await query<{ n: number }>(registry.database, 'SELECT COUNT(*) AS n FROM outbox');
  return { institutions: Number(i.n), outbox: Number(o.n) };
}

type Imported = {
  encoding: string;
  count: number;
  items: { row: number; id: string; uscc: string; name: string; version: number; status: string }[];
};

describe('POST /v1/institutions/imports', () => {
  it('registers every institution of a good file in one go, one institution.registered event each', async () => {
    const before = await counts();
    const lines = [...Array.from({ length: 8 }, (_, i) => homeLine(`导入颐养院${i + 1}`)), hospitalLine('导入第一医院')];
    const res = await upload(file(lines));
    expect(res.status).toBe(201);
    const body = res.body as Imported;
    expect(body).toMatchObject({ encoding: 'utf-8', count: 9 });
    expect(body.items.map((i) => i.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(body.items.every((i) => i.version === 1 && i.status === 'ACTIVE')).toBe(true);
    expect(await counts()).toEqual({ institutions: before.institutions + 9, outbox: before.outbox + 9 });

    const ids = new Set(body.items.map((i) => i.id));
    const audited = await query<{ action: string; actor_id: string }>(
      registry.database,
      'SELECT action, actor_id FROM audit_entries WHERE aggregate_type = ? AND aggregate_id IN (?)',
      ['institution', [...ids]],
    );
    expect(audited).toHaveLength(9);
    expect(audited.every((a) => a.action === 'registered' && a.actor_id === 'registrar-import')).toBe(true);
    const events = await reader.waitFor((m) => ids.has(m.key ?? ''), 9);
    for (const m of events) {
      const event = m.json<{ type: string; sequence: number; actor: string; data: { institution: { id: string } } }>();
      expect(event).toMatchObject({ type: EventTypes.institution.registered, sequence: 1, actor: 'registrar:registrar-import' });
    }
    const home = await registry.http.get(`/v1/institutions/${body.items[0].id}`).set('Authorization', registrar);
    expect(home.body).toMatchObject({
      name: '导入颐养院1',
      address: '福州市鼓楼区五四路1号, 北楼',
      elderlyCareFiling: { number: '闽养备001', filedOn: '2024-03-01' },
      longTermCareInsuranceDesignation: { number: 'CH-1', since: '2024-01-01', validTo: '2027-12-31' },
      beds: { elderly: 120 },
    });
    const hosp = await registry.http.get(`/v1/institutions/${body.items[8].id}`).set('Authorization', registrar);
    expect(hosp.body).toMatchObject({ medicalLicence: { scope: ['内科', '外科'] }, capabilities: ['EMERGENCY', 'REHABILITATION'] });
  });

  it('refuses a file with bad rows with 422 naming each row, column and code, and writes NOTHING', async () => {
    const taken = validUscc();
    await upload(file([homeLine('已登记颐养院', taken)])).expect(201);
    const before = await counts();
    const shared = validUscc();
    const lines = [
      homeLine('好的颐养院'),
      homeLine('校验位错误', '91350102MA2XXXXX0A'),
      hospitalLine('许可证已过期医院', validUscc('350103'), '2026-11-21'),
      homeLine("=cmd|' /C calc'!A0"),
      homeLine('重复一', shared),
      homeLine('重复二', shared),
      homeLine('已登记', taken),
    ];
    const res = await upload(file(lines));
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('IMPORT_ROWS_INVALID');
    const named = (res.body.errors as { row: number; column: string; code: string; message: string }[]).map(
      (e) => `${e.row} ${e.column} ${e.code}`,
    );
    expect(named).toEqual([
      '3 uscc USCC_INVALID',
      '4 licenceValidTo LICENCE_LAPSED',
      '5 name FORMULA_REFUSED',
      '7 uscc DUPLICATE_USCC_IN_FILE',
      '8 uscc DUPLICATE_USCC',
    ]);
    expect(res.body.detail).toContain('5 of 7 rows');
    expect(await counts()).toEqual(before);
    const [{ n }] = await query<{ n: number }>(registry.database, "SELECT COUNT(*) AS n FROM institutions WHERE name = '好的颐养院'");
    expect(Number(n)).toBe(0);
  });

  it('registers a GB18030 file (what Chinese Excel saves) with its Chinese names intact', async () => {
    const names = ['福州市鼓楼区𠀀颐养院', '仓山区幸福院（南区）'];
    const bytes = iconv.encode([HEADER, ...names.map((n) => homeLine(n))].join('\r\n'), 'gb18030');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const res = await upload(bytes, { type: 'text/csv; charset=gb18030' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ encoding: 'gb18030', count: 2 });
    for (const [i, item] of (res.body as Imported).items.entries()) {
      const got = await registry.http.get(`/v1/institutions/${item.id}`).set('Authorization', registrar);
      expect(got.body.name).toBe(names[i]);
    }
    const found = await registry.http.get('/v1/institutions').query({ q: '𠀀颐养' }).set('Authorization', registrar);
    expect(found.body.items.map((i: { name: string }) => i.name)).toContain(names[0]);
  });

  it('honours Idempotency-Key: the same file is answered again without registering twice; another file under it is refused', async () => {
    const body = file([homeLine('幂等颐养院')]);
    const first = await upload(body, { key: 'import-once-1' });
    expect(first.status).toBe(201);
    const before = await counts();
    const again = await upload(body, { key: 'import-once-1' });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await upload(file([homeLine('另一家')]), { key: 'import-once-1' });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['an empty file', Buffer.alloc(0), {}, 422, 'IMPORT_EMPTY'],
    ['a header alone', Buffer.from(`${HEADER}\r\n`), {}, 422, 'IMPORT_EMPTY'],
    ['a UTF-16 file', Buffer.from(`\ufeff${HEADER}\r\n${homeLine('x')}`, 'utf16le'), {}, 422, 'IMPORT_ENCODING_UNSUPPORTED'],
    [
      'a workbook (.xlsx bytes)',
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]),
      {},
      422,
      'IMPORT_ENCODING_UNSUPPORTED',
    ],
    ['an unknown column', Buffer.from(`${HEADER},备注\r\n${homeLine('x')},无\r\n`), {}, 422, 'IMPORT_COLUMNS_INVALID'],
    ['an unclosed quote', Buffer.from(`${HEADER}\r\n"${homeLine('x')}\r\n`), {}, 422, 'IMPORT_MALFORMED_CSV'],
    ['an unknown ?encoding=', file([homeLine('x')]), { path: '/v1/institutions/imports?encoding=utf-16' }, 400, 'VALIDATION_FAILED'],
    ['a JSON body', Buffer.from('{"rows":[]}'), { type: 'application/json' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [
      'an elderly-care administrator',
      file([homeLine('x')]),
      { auth: bearer({ roles: ['elderly-admin'], institutionId: 'x' }) },
      403,
      'ROLE_NOT_ALLOWED',
    ],
    ['a regulator', file([homeLine('x')]), { auth: bearer({ roles: ['regulator'], division: '350100' }) }, 403, 'ROLE_NOT_ALLOWED'],
    ['no token', file([homeLine('x')]), { auth: 'Bearer nonsense' }, 401, 'UNAUTHENTICATED'],
  ] as [string, Buffer, { auth?: string; type?: string; path?: string }, number, string][])(
    'refuses %s with a problem+json and writes nothing',
    async (_what, body, options, status, code) => {
      const before = await counts();
      const res = await upload(body, options);
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe(code);
      expect(await counts()).toEqual(before);
    },
  );

  it('refuses a file over 5 MB with 413 and one over 5,000 rows with 422', async () => {
    const before = await counts();
    const big = Buffer.concat([file([homeLine('x')]), Buffer.alloc(5 * 1024 * 1024, 0x20)]);
    const tooLarge = await upload(big);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.code).toBe('IMPORT_TOO_LARGE');
    const many = await upload(file(Array.from({ length: 5001 }, (_, i) => homeLine(`颐养院${i}`))));
    expect(many.status).toBe(422);
    expect(many.body.code).toBe('IMPORT_TOO_MANY_ROWS');
    expect(await counts()).toEqual(before);
  });

  it('registers 1,000 rows in one file (the time is printed, not asserted)', async () => {
    const before = await counts();
    const lines = Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? hospitalLine(`千行医院${i}`) : homeLine(`千行颐养院${i}`)));
    const started = process.hrtime.bigint();
    const res = await upload(file(lines));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(res.status).toBe(201);
    expect(res.body.count).toBe(1000);
    expect(await counts()).toEqual({ institutions: before.institutions + 1000, outbox: before.outbox + 1000 });
    process.stdout.write(`bulk import: 1,000 rows checked and registered in ${Math.round(ms)} ms\n`);
  }, 120_000);
});

describe('licences and designations in force (issue 14 rule 4)', () => {
  it('refuses to register a licence that lapsed before today (China time) with 422 LICENCE_LAPSED, writing nothing', async () => {
    const before = await counts();
    const res = await registry.http
      .post('/v1/institutions')
      .set('Authorization', registrar)
      .send(hospital({ medicalLicence: { number: 'OLD-1', scope: ['内科'], validFrom: '2020-01-01', validTo: '2026-11-21' } }));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'LICENCE_LAPSED', errors: [{ field: 'medicalLicence.validTo' }] });
    expect(await counts()).toEqual(before);
  });

  it('refuses an update setting a lapsed licence, but updates an institution whose licence lapsed (and renews it)', async () => {
    const created = await registry.http
      .post('/v1/institutions')
      .set('Authorization', registrar)
      .send(hospital({ medicalLicence: { number: 'L-1', scope: ['内科'], validFrom: '2020-01-01', validTo: '2026-11-23' } }))
      .expect(201);
    const id = created.body.id as string;
    const lapsed = await registry.http
      .patch(`/v1/institutions/${id}`)
      .set('Authorization', registrar)
      .set('If-Match', '"1"')
      .send({ medicalLicence: { number: 'L-0', scope: ['内科'], validFrom: '2019-01-01', validTo: '2026-11-21' } });
    expect(lapsed.status).toBe(422);
    expect(lapsed.body.code).toBe('LICENCE_LAPSED');
    clock.set('2026-11-25T02:00:00Z'); // L-1 has lapsed now
    try {
      const renamed = await registry.http
        .patch(`/v1/institutions/${id}`)
        .set('Authorization', registrar)
        .set('If-Match', '"1"')
        .send({ address: '台江区新址1号' });
      expect(renamed.status).toBe(200);
      const renewed = await registry.http
        .patch(`/v1/institutions/${id}`)
        .set('Authorization', registrar)
        .set('If-Match', '"2"')
        .send({ medicalLicence: { number: 'L-2', scope: ['内科'], validFrom: '2026-11-24', validTo: '2031-11-23' } });
      expect(renewed.status).toBe(200);
      expect(renewed.body).toMatchObject({ version: 3, medicalLicence: { number: 'L-2' } });
    } finally {
      clock.set('2026-11-22T02:00:00Z');
    }
  });

  it('keeps the end date of insurance designations (null: open-ended) and publishes it; refuses one before its start', async () => {
    const created = await registry.http
      .post('/v1/institutions')
      .set('Authorization', registrar)
      .send(
        hospital({
          medicalInsuranceDesignation: { number: 'YB-1', since: '2024-01-01', validTo: '2026-12-31' },
          longTermCareInsuranceDesignation: { number: 'CH-1', since: '2024-01-01' },
        }),
      );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      medicalInsuranceDesignation: { number: 'YB-1', since: '2024-01-01', validTo: '2026-12-31' },
      longTermCareInsuranceDesignation: { number: 'CH-1', since: '2024-01-01', validTo: null },
    });
    const [message] = await reader.waitFor((m) => m.key === created.body.id);
    expect(message.json<{ data: { institution: unknown } }>().data.institution).toMatchObject({
      medicalInsuranceDesignation: { validTo: '2026-12-31' },
      longTermCareInsuranceDesignation: { validTo: null },
    });
    const backwards = await registry.http
      .post('/v1/institutions')
      .set('Authorization', registrar)
      .send(hospital({ medicalInsuranceDesignation: { number: 'YB-2', since: '2024-01-01', validTo: '2023-12-31' } }));
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors.map((e: { field: string }) => e.field)).toEqual(['medicalInsuranceDesignation.validTo']);
  });
});
