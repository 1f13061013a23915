import { randomBytes } from 'node:crypto';
import { KeycloakAdmin, passwordGrant } from '@yiyang/identity';
import { keycloakBearer, nursingHome, testKeycloak } from '@yiyang/testing';
import { RegistryUnderTest, startRegistry } from './registry-app';

/**
 * The real verification path: a service trusting a Keycloak realm accepts that realm's access tokens and
 * refuses, with 401 problem+json, tokens of another issuer, for another audience, or altered; a key
 * rotated in Keycloak is picked up without restarting the service. The rotation happens in a throwaway
 * realm of this run's own, so no other suite sees its keys change.
 */
const run = randomBytes(3).toString('hex');
const realm = `yt-signin-${run}`;
const password = `Pw${randomBytes(8).toString('hex')}9Z`;
let registry: RegistryUnderTest;
let issuer: string;
let realmAdmin: KeycloakAdmin;

const clientMappers = (audience: boolean) => [
  ...(audience
    ? [
        {
          name: 'audience',
          protocol: 'openid-connect',
          protocolMapper: 'oidc-audience-mapper',
          config: { 'included.custom.audience': 'yiyang-api', 'access.token.claim': 'true' },
        },
      ]
    : []),
  {
    name: 'roles',
    protocol: 'openid-connect',
    protocolMapper: 'oidc-usermodel-realm-role-mapper',
    config: { 'claim.name': 'roles', multivalued: 'true', 'access.token.claim': 'true', 'jsonType.label': 'String' },
  },
];

beforeAll(async () => {
  const { admin } = testKeycloak();
  await admin.createRealm({
    realm,
    enabled: true,
    roles: { realm: [{ name: 'registrar' }] },
    clients: [
      {
        clientId: 'signin',
        publicClient: true,
        directAccessGrantsEnabled: true,
        standardFlowEnabled: false,
        protocolMappers: clientMappers(true),
      },
      {
        clientId: 'no-audience',
        publicClient: true,
        directAccessGrantsEnabled: true,
        standardFlowEnabled: false,
        protocolMappers: clientMappers(false),
      },
    ],
    users: [
      {
        username: 'registrar',
        enabled: true,
        firstName: '林',
        lastName: '登记',
        email: `registrar-${run}@example.org`,
        emailVerified: true,
        credentials: [{ type: 'password', value: password, temporary: false }],
        realmRoles: ['registrar'],
      },
    ],
  });
  issuer = `${admin.baseUrl}/realms/${realm}`;
  realmAdmin = admin.forRealm(realm);
  registry = await startRegistry('signin', { env: { OIDC_ISSUER: issuer, JWT_DEV_KEYS: 'false' } });
});

afterAll(async () => {
  await registry?.close();
  await testKeycloak()
    .admin.deleteRealm(realm)
    .catch(() => undefined);
});

const signIn = async (client = 'signin') => `Bearer ${(await passwordGrant(issuer, client, 'registrar', password)).accessToken}`;
const kidOf = (bearer: string) => (JSON.parse(Buffer.from(bearer.slice(7).split('.')[0], 'base64url').toString()) as { kid: string }).kid;

function expectRefused(res: { status: number; headers: Record<string, string>; body: { code?: string } }) {
  expect(res.status).toBe(401);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.body.code).toBe('UNAUTHENTICATED');
}

describe('signing in with the OpenID Connect provider', () => {
  it("accepts the realm's access token and acts for the person it names", async () => {
    const token = await signIn();
    const res = await registry.http
      .post('/v1/institutions')
      .set('Authorization', token)
      .send(nursingHome({ name: `登录测试颐养院${run}` }));
    expect(res.status).toBe(201);
    expect((await registry.http.get(`/v1/institutions/${res.body.id}`).set('Authorization', token)).status).toBe(200);
  });

  it('refuses a token of another issuer (the platform realm, not the one this service trusts)', async () => {
    expectRefused(await registry.http.get('/v1/institutions').set('Authorization', await keycloakBearer({ roles: ['registrar'] })));
  });

  it('refuses a token for another audience', async () => {
    expectRefused(await registry.http.get('/v1/institutions').set('Authorization', await signIn('no-audience')));
  });

  it('refuses a token whose claims were altered after signing', async () => {
    const [header, payload, signature] = (await signIn()).slice(7).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['registrar', 'regulator'] })).toString('base64url');
    expectRefused(await registry.http.get('/v1/institutions').set('Authorization', `Bearer ${header}.${forged}.${signature}`));
  });

  it('picks up a key rotated in the provider without restarting the service', async () => {
    const before = await signIn();
    expect((await registry.http.get('/v1/institutions').set('Authorization', before)).status).toBe(200);
    // a new signing key of higher priority: the provider signs every new token with it
    await realmAdmin.addComponent({
      name: `rotated-${run}`,
      providerId: 'rsa-generated',
      providerType: 'org.keycloak.keys.KeyProvider',
      config: { priority: ['500'], keySize: ['2048'], algorithm: ['RS256'], active: ['true'], enabled: ['true'] },
    });
    const after = await signIn();
    expect(kidOf(after)).not.toBe(kidOf(before));
    expect((await registry.http.get('/v1/institutions').set('Authorization', after)).status).toBe(200);
    // the earlier key is still published, so tokens signed before the rotation stay valid until they expire
    expect((await registry.http.get('/v1/institutions').set('Authorization', before)).status).toBe(200);
  });
});
