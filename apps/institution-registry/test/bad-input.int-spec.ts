import { bearer, hospital, nursingHome, query } from '@yiyang/testing';
import { RegistryUnderTest, startRegistry } from './registry-app';

const registrar = bearer({ roles: ['registrar'] });
let registry: RegistryUnderTest;
let existingId: string;

beforeAll(async () => {
  registry = await startRegistry('badinput');
  const res = await registry.http.post('/v1/institutions').set('Authorization', registrar).send(hospital());
  existingId = res.body.id;
});

afterAll(() => registry?.close());

async function tableCounts() {
  const [i] = await query<{ n: number }>(registry.database, 'SELECT COUNT(*) AS n, MAX(version) AS v FROM institutions');
  const [o] = await query<{ n: number }>(registry.database, 'SELECT COUNT(*) AS n FROM outbox');
  const [c] = await query<{ n: number }>(registry.database, 'SELECT COUNT(*) AS n FROM institution_capabilities');
  return { institutions: i, outbox: o, capabilities: c };
}

type Case = [
  name: string,
  send: () => Promise<{ status: number; headers: Record<string, string>; body: { code?: string; errors?: { field: string }[] } }>,
  status: number,
  code?: string,
  field?: string,
];

const post = (body: unknown, auth: string | null = registrar, type = 'application/json') => {
  const req = registry.http.post('/v1/institutions').set('Content-Type', type);
  if (auth) req.set('Authorization', auth);
  return req.send(typeof body === 'string' ? body : JSON.stringify(body));
};

const cases: Case[] = [
  ['wrong types', () => post(nursingHome({ nonProfit: 'yes', beds: { elderly: '120' } })), 400, 'VALIDATION_FAILED', 'nonProfit'],
  ['a missing field', () => post({ ...nursingHome(), name: undefined }), 400, 'VALIDATION_FAILED', 'name'],
  ['an invalid USCC check character', () => post(nursingHome({ uscc: '91110108551385082A' })), 400, 'VALIDATION_FAILED', 'uscc'],
  ['a USCC with a forbidden letter', () => post(nursingHome({ uscc: '9111010855138508IQ' })), 400, 'VALIDATION_FAILED', 'uscc'],
  ['an unknown division code', () => post(nursingHome({ divisionCode: '359999' })), 400, 'VALIDATION_FAILED', 'divisionCode'],
  ['a division code that is not six digits', () => post(nursingHome({ divisionCode: '35010' })), 400, 'VALIDATION_FAILED', 'divisionCode'],
  ['an unknown field', () => post({ ...nursingHome(), rating: 5 }), 400, 'VALIDATION_FAILED', 'rating'],
  [
    'an unknown nested field',
    () => post(nursingHome({ location: { lat: 26, lng: 119, alt: 3 } })),
    400,
    'VALIDATION_FAILED',
    'location.alt',
  ],
  ['a negative bed count', () => post(nursingHome({ beds: { elderly: -1 } })), 400, 'VALIDATION_FAILED', 'beds.elderly'],
  [
    'an impossible date',
    () => post(nursingHome({ elderlyCareFiling: { number: 'F', filedOn: '2024-02-30' } })),
    400,
    'VALIDATION_FAILED',
    'elderlyCareFiling.filedOn',
  ],
  ['an overlong name', () => post(nursingHome({ name: '院'.repeat(201) })), 400, 'VALIDATION_FAILED', 'name'],
  ['a blank name', () => post(nursingHome({ name: '   ' })), 400, 'VALIDATION_FAILED', 'name'],
  [
    'a capability that does not exist',
    () => post(nursingHome({ capabilities: ['TELEPORTATION'] })),
    400,
    'VALIDATION_FAILED',
    'capabilities',
  ],
  [
    'an elderly-care kind under MEDICAL',
    () => post(hospital({ kind: 'NURSING_HOME', hospitalGrade: null })),
    400,
    'VALIDATION_FAILED',
    'kind',
  ],
  ['a medical institution without a licence', () => post(hospital({ medicalLicence: null })), 400, 'VALIDATION_FAILED', 'medicalLicence'],
  ['swapped coordinates', () => post(nursingHome({ location: { lat: 119.3, lng: 26.08 } })), 400, 'VALIDATION_FAILED', 'location.lat'],
  ['malformed JSON', () => post('{"name": "院", '), 400, 'MALFORMED_REQUEST'],
  ['a __proto__ key', () => post('{"__proto__": {"admin": true}, "name": "x"}'), 400, 'MALFORMED_REQUEST'],
  ['a constructor key', () => post('{"constructor": {"prototype": {"x": 1}}}'), 400, 'MALFORMED_REQUEST'],
  ['a JSON array body', () => post('[1,2,3]'), 400, 'MALFORMED_REQUEST'],
  ['a huge body', () => post(JSON.stringify(nursingHome({ address: 'x'.repeat(400_000) }))), 413, 'BODY_TOO_LARGE'],
  ['a non-JSON body', () => post('name=x', registrar, 'application/x-www-form-urlencoded'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ['no token', () => post(nursingHome(), null), 401, 'UNAUTHENTICATED'],
  ['a malformed token', () => post(nursingHome(), 'Bearer not-a-token'), 401, 'UNAUTHENTICATED'],
  ['an expired token', () => post(nursingHome(), bearer({ roles: ['registrar'] }, -120)), 401, 'UNAUTHENTICATED'],
  [
    'an alg:none token',
    () =>
      post(
        nursingHome(),
        `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x","roles":["registrar"],"iss":"yiyang-connect"}').toString('base64url')}.`,
      ),
    401,
    'UNAUTHENTICATED',
  ],
  ['the wrong role', () => post(nursingHome(), bearer({ roles: ['elderly-admin'], institutionId: 'i-1' })), 403, 'ROLE_NOT_ALLOWED'],
  ['a regulator writing', () => post(nursingHome(), bearer({ roles: ['regulator'], division: '35' })), 403, 'ROLE_NOT_ALLOWED'],
  [
    'an Idempotency-Key with control characters',
    () => registry.http.post('/v1/institutions').set('Authorization', registrar).set('Idempotency-Key', 'a\tb').send(nursingHome()),
    400,
    'VALIDATION_FAILED',
    'Idempotency-Key',
  ],
  [
    'a PATCH without If-Match',
    () => registry.http.patch(`/v1/institutions/${existingId}`).set('Authorization', registrar).send({ name: '改名医院' }),
    428,
    'IF_MATCH_REQUIRED',
  ],
  [
    'a PATCH with a malformed If-Match',
    () =>
      registry.http
        .patch(`/v1/institutions/${existingId}`)
        .set('Authorization', registrar)
        .set('If-Match', 'abc')
        .send({ name: '改名医院' }),
    400,
    'VALIDATION_FAILED',
    'If-Match',
  ],
  [
    'a PATCH of the USCC',
    () =>
      registry.http
        .patch(`/v1/institutions/${existingId}`)
        .set('Authorization', registrar)
        .set('If-Match', '1')
        .send({ uscc: '91110108551385082Q' }),
    400,
    'VALIDATION_FAILED',
    'uscc',
  ],
  [
    'an empty PATCH',
    () => registry.http.patch(`/v1/institutions/${existingId}`).set('Authorization', registrar).set('If-Match', '1').send({}),
    400,
    'VALIDATION_FAILED',
    'body',
  ],
  [
    'a suspension without a reason',
    () => registry.http.post(`/v1/institutions/${existingId}/suspend`).set('Authorization', registrar).set('If-Match', '1').send({}),
    400,
    'VALIDATION_FAILED',
    'reason',
  ],
  [
    'an id that is not a UUID',
    () => registry.http.get('/v1/institutions/1%27%20OR%201=1').set('Authorization', registrar),
    400,
    'VALIDATION_FAILED',
    'id',
  ],
];

// every row padded to five values: jest would take a missing trailing argument for a `done` callback
const rows = cases.map(([name, send, status, code, field]) => [name, send, status, code ?? null, field ?? null] as const);

describe('bad input over HTTP', () => {
  it.each(rows)('refuses %s with a 4xx problem+json and changes nothing', async (_name, send, status, code, field) => {
    const before = await tableCounts();
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status,
      type: expect.stringMatching(/^urn:yiyang:problem:/),
      title: expect.any(String),
      detail: expect.any(String),
    });
    if (code) expect(res.body.code).toBe(code);
    if (field) expect(res.body.errors?.map((e) => e.field)).toContain(field);
    expect(await tableCounts()).toEqual(before);
  });
});
