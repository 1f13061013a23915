import { randomBytes } from 'node:crypto';
import { passwordGrant } from '@yiyang/identity';
import { bearer, ensureTestClient, hospital, keycloakTokens, nursingHome, testKeycloak } from '@yiyang/testing';
import { RegistryUnderTest, startRegistry } from './registry-app';

/**
 * The accounts API against the real Keycloak: accounts are made through its admin REST API with the
 * platform's confidential client, a new person must choose their own password, the access matrix holds
 * over HTTP, and revoking an institution disables its staff and ends their sessions.
 */
const run = randomBytes(3).toString('hex');
const registrar = bearer({ roles: ['registrar'], sub: `registrar-${run}` });
let registry: RegistryUnderTest;
let home: string;
let hospitalId: string;

beforeAll(async () => {
  const kc = testKeycloak();
  registry = await startRegistry('accounts', { env: { OIDC_ISSUER: kc.issuer, ACCOUNTS_CLIENT_SECRET: kc.accountsClientSecret } });
  const register = async (body: Record<string, unknown>) => {
    const res = await registry.http.post('/v1/institutions').set('Authorization', registrar).send(body);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  home = await register(nursingHome({ name: `账户测试颐养院${run}` }));
  hospitalId = await register(hospital({ name: `账户测试医院${run}` }));
});

afterAll(async () => {
  await registry?.close();
});

const username = (what: string) => `t${run}-${what}`.toLowerCase();
const create = (token: string, body: Record<string, unknown>) => registry.http.post('/v1/accounts').set('Authorization', token).send(body);

async function until<T>(what: string, check: () => Promise<T | undefined | false>, deadlineMs = 20_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${deadlineMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('creating an account', () => {
  it('makes the person at the provider with role and attributes, and hands out a one-time password that must be changed', async () => {
    const res = await create(registrar, { username: username('reg'), displayName: '陈监管', role: 'regulator', division: '3501' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      username: username('reg'),
      displayName: '陈监管',
      role: 'regulator',
      division: '3501',
      institutionId: null,
      enabled: true,
      mustChangePassword: true,
    });
    expect(res.body.temporaryPassword).toMatch(/^[A-Za-z0-9]{16}$/);

    const { admin } = testKeycloak();
    const user = await admin.getUser(res.body.id);
    expect(user).toMatchObject({ username: username('reg'), firstName: '陈监管', enabled: true, attributes: { division: ['3501'] } });
    expect(user!.requiredActions).toContain('UPDATE_PASSWORD');
    expect(await admin.realmRolesOf(res.body.id)).toContain('regulator');
    // signing in with the one-time password is refused until the person has chosen their own
    const client = await ensureTestClient();
    await expect(passwordGrant(testKeycloak().issuer, client, username('reg'), res.body.temporaryPassword)).rejects.toThrow(
      /not fully set up|invalid_grant/,
    );
  });

  const duplicate = { username: username('dup'), displayName: '李登记', role: 'registrar' };

  it('refuses a taken username with 409', async () => {
    expect((await create(registrar, duplicate)).status).toBe(201);
    const again = await create(registrar, duplicate);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('USERNAME_TAKEN');
  });

  it('refuses a malformed username with a 400 problem', async () => {
    const bad = await create(registrar, { ...duplicate, username: 'X Y' });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
  });
});

describe('who may create whom, over HTTP', () => {
  const managers = () => ({
    registrar,
    'home admin': bearer({ roles: ['elderly-admin'], institutionId: home, sub: `ha-${run}` }),
    'hospital admin': bearer({ roles: ['medical-admin'], institutionId: hospitalId, sub: `hm-${run}` }),
    'hospital desk': bearer({ roles: ['referral-desk'], institutionId: hospitalId, sub: `hd-${run}` }),
    regulator: bearer({ roles: ['regulator'], division: '35', sub: `rg-${run}` }),
  });
  const targets = () => ({
    regulator: { role: 'regulator', division: '350102' },
    'home admin': { role: 'elderly-admin', institutionId: home },
    'home desk': { role: 'referral-desk', institutionId: home },
    'hospital desk': { role: 'referral-desk', institutionId: hospitalId },
  });
  const expected: Record<string, Record<string, number>> = {
    registrar: { regulator: 201, 'home admin': 201, 'home desk': 403, 'hospital desk': 403 },
    'home admin': { regulator: 403, 'home admin': 201, 'home desk': 201, 'hospital desk': 404 },
    'hospital admin': { regulator: 403, 'home admin': 404, 'home desk': 404, 'hospital desk': 201 },
    'hospital desk': { regulator: 403, 'home admin': 403, 'home desk': 403, 'hospital desk': 403 },
    regulator: { regulator: 403, 'home admin': 403, 'home desk': 403, 'hospital desk': 403 },
  };
  const cells = Object.entries(expected).flatMap(([m, row]) => Object.entries(row).map(([t, status]) => [m, t, status] as const));
  it.each(cells)('%s creating a %s account: %s', async (manager, target, status) => {
    const m = managers()[manager as keyof ReturnType<typeof managers>];
    const t = targets()[target as keyof ReturnType<typeof targets>];
    const res = await create(m, { username: username(`${manager}-${target}`.replace(/ /g, '')), displayName: '测试人员', ...t });
    expect(res.status).toBe(status);
    if (status !== 201) expect(res.body.code).toBeDefined();
  });

  it('lists only their own staff to an institution administrator', async () => {
    const own = await registry.http.get('/v1/accounts').set('Authorization', managers()['home admin']);
    expect(own.status).toBe(200);
    expect(own.body.items.length).toBeGreaterThan(0);
    expect(own.body.items.every((a: { institutionId: string }) => a.institutionId === home)).toBe(true);
  });

  it("lists one institution's staff to a registrar filtering by it", async () => {
    const filtered = await registry.http.get(`/v1/accounts?institutionId=${hospitalId}`).set('Authorization', registrar);
    expect(filtered.body.items.every((a: { institutionId: string }) => a.institutionId === hospitalId)).toBe(true);
  });

  it("answers 404 to an administrator asking for another institution's staff", async () => {
    expect(
      (await registry.http.get(`/v1/accounts?institutionId=${hospitalId}`).set('Authorization', managers()['home admin'])).status,
    ).toBe(404);
  });

  it('lists nothing to a referral desk (403)', async () => {
    expect((await registry.http.get('/v1/accounts').set('Authorization', managers()['hospital desk'])).status).toBe(403);
  });

  it('pages the list with a cursor', async () => {
    const paged = await registry.http.get('/v1/accounts?limit=1').set('Authorization', registrar);
    expect(paged.body.items).toHaveLength(1);
    expect(paged.body.nextCursor).toEqual(expect.any(String));
  });
});

describe('disabling and enabling an account', () => {
  // one member of staff, a step per test (in order): disabled by their administrator, then enabled again
  let adminToken: string;
  let desk: Awaited<ReturnType<typeof keycloakTokens>>;

  beforeAll(async () => {
    adminToken = bearer({ roles: ['medical-admin'], institutionId: hospitalId, sub: `hm2-${run}` });
    desk = await keycloakTokens({ roles: ['referral-desk'], institutionId: hospitalId, username: username('desk-left') });
  });

  it("lets an administrator disable a member of staff, which ends the person's sessions at once", async () => {
    const disabled = await registry.http.post(`/v1/accounts/${desk.userId}/disable`).set('Authorization', adminToken);
    expect(disabled.status).toBe(200);
    expect(disabled.body.enabled).toBe(false);
    await expect(refresh(desk.refreshToken)).resolves.toBe(400);
    await expect(passwordGrant(testKeycloak().issuer, 'yiyang-dev', desk.username, desk.password)).rejects.toThrow(/invalid_grant/);
  });

  it("answers 404 to another institution's administrator, as if the account did not exist", async () => {
    const other = bearer({ roles: ['elderly-admin'], institutionId: home });
    expect((await registry.http.post(`/v1/accounts/${desk.userId}/enable`).set('Authorization', other)).status).toBe(404);
  });

  it('lets the administrator enable the account again', async () => {
    const enabled = await registry.http.post(`/v1/accounts/${desk.userId}/enable`).set('Authorization', adminToken);
    expect(enabled.body.enabled).toBe(true);
  });
});

describe('revoking an institution', () => {
  // an institution with two members of staff, revoked in the first test; the second enables one again
  let revokedHome: string;
  let staff: Awaited<ReturnType<typeof keycloakTokens>>[];

  it("disables a revoked institution's staff and ends their sessions within seconds", async () => {
    revokedHome = (
      await registry.http
        .post('/v1/institutions')
        .set('Authorization', registrar)
        .send(nursingHome({ name: `将被撤销颐养院${run}` }))
    ).body.id as string;
    staff = await Promise.all([
      keycloakTokens({ roles: ['elderly-admin'], institutionId: revokedHome, username: username('rv-admin') }),
      keycloakTokens({ roles: ['referral-desk'], institutionId: revokedHome, username: username('rv-desk') }),
    ]);
    const revoked = await registry.http
      .post(`/v1/institutions/${revokedHome}/revoke`)
      .set('Authorization', registrar)
      .set('If-Match', '1')
      .send({ reason: '吊销执业许可' });
    expect(revoked.status).toBe(200);
    const { admin } = testKeycloak();
    await until('every staff account disabled', async () =>
      (await Promise.all(staff.map((s) => admin.getUser(s.userId)))).every((u) => u && !u.enabled),
    );
    for (const s of staff) await expect(refresh(s.refreshToken)).resolves.toBe(400);
  });

  it("lets only a registrar enable a revoked institution's account again, one by one", async () => {
    const { admin } = testKeycloak();
    // the institution's administrator cannot re-enable anyone; a registrar can, account by account
    const formerAdmin = bearer({ roles: ['elderly-admin'], institutionId: revokedHome, sub: staff[0].userId });
    expect((await registry.http.post(`/v1/accounts/${staff[1].userId}/enable`).set('Authorization', formerAdmin)).status).toBe(422);
    expect((await registry.http.post(`/v1/accounts/${staff[1].userId}/enable`).set('Authorization', registrar)).body.enabled).toBe(true);
    expect((await admin.getUser(staff[0].userId))!.enabled).toBe(false);
  });
});

/** The status of a refresh-token grant (200 while the session lives; 400 once it was ended). */
async function refresh(refreshToken: string): Promise<number> {
  const res = await fetch(`${testKeycloak().issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'yiyang-dev', refresh_token: refreshToken }),
  });
  return res.status;
}
