/**
 * The realm in deploy/keycloak/ as the local Keycloak serves it (started by the global setup): its
 * clients, its policies, and the claims an access token carries for the platform (SPEC §6).
 * Users and the scratch client made here are deleted afterwards.
 */
import { randomBytes } from 'node:crypto';
import { keycloakAccountsClient, keycloakAdminToken, keycloakSettings } from '../../deploy/local/keycloak';

const settings = keycloakSettings();
const run = randomBytes(3).toString('hex');
const adminApi = `${settings.baseUrl}/admin/realms/${settings.realm}`;
const tokenEndpoint = `${settings.issuer}/protocol/openid-connect/token`;

const form = (body: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(body),
});
const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;

async function api(token: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
  return fetch(`${adminApi}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

async function accountsToken(): Promise<string> {
  const client = keycloakAccountsClient();
  const res = await fetch(
    client.tokenEndpoint,
    form({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }),
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

describe('Keycloak realm yiyang', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const undo of cleanup.reverse()) await undo().catch(() => undefined);
  });

  it('publishes its discovery document with the fixed issuer the services are given', async () => {
    expect(process.env.OIDC_ISSUER).toBe(settings.issuer);
    const res = await fetch(`${settings.issuer}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const discovery = (await res.json()) as Record<string, unknown>;
    expect(discovery.issuer).toBe(settings.issuer);
    expect(discovery.code_challenge_methods_supported).toContain('S256');
  });

  it('gives users made through yiyang-accounts an access token with roles, institutionId, division, name and aud yiyang-api', async () => {
    const accounts = await accountsToken();
    expect(claimsOf(accounts).azp).toBe('yiyang-accounts');

    // a weak password is refused by the password policy
    const username = `kc-test-${run}`;
    const createUser = (password: string) =>
      api(accounts, '/users', {
        method: 'POST',
        body: {
          username,
          enabled: true,
          firstName: '张三',
          attributes: { institutionId: ['inst-0001'], division: ['3501'] },
          credentials: [{ type: 'password', value: password, temporary: false }],
        },
      });
    const created = await createUser('short');
    expect(created.status).toBe(400);

    const password = `Pw-${randomBytes(6).toString('hex')}A1`;
    const ok = await createUser(password);
    expect(ok.status).toBe(201);
    const userId = ok.headers.get('location')!.split('/').pop()!;
    cleanup.push(async () => api(await accountsToken(), `/users/${userId}`, { method: 'DELETE' }));

    const stored = (await (await api(accounts, `/users/${userId}`)).json()) as { attributes?: Record<string, string[]> };
    expect(stored.attributes).toMatchObject({ institutionId: ['inst-0001'], division: ['3501'] });

    // its service account may list the realm's roles (GET /roles/{name} needs view-realm, which it lacks)
    const roles = (await (await api(accounts, '/roles')).json()) as { id: string; name: string }[];
    const role = roles.find((r) => r.name === 'regulator')!;
    const mapped = await api(accounts, `/users/${userId}/role-mappings/realm`, { method: 'POST', body: [role] });
    expect(mapped.status).toBe(204);

    // neither realm client allows the password grant: a scratch client made through the admin API does
    const admin = await keycloakAdminToken();
    const clientId = `kc-test-scratch-${run}`;
    const scratch = await api(admin, '/clients', {
      method: 'POST',
      body: { clientId, publicClient: true, standardFlowEnabled: false, directAccessGrantsEnabled: true, fullScopeAllowed: false },
    });
    expect(scratch.status).toBe(201);
    const scratchId = scratch.headers.get('location')!.split('/').pop()!;
    cleanup.push(async () => api(await keycloakAdminToken(), `/clients/${scratchId}`, { method: 'DELETE' }));

    const consoleGrant = await fetch(tokenEndpoint, form({ grant_type: 'password', client_id: 'yiyang-console', username, password }));
    expect(consoleGrant.status).toBe(400);
    expect(((await consoleGrant.json()) as { error: string }).error).toBe('unauthorized_client');

    const res = await fetch(tokenEndpoint, form({ grant_type: 'password', client_id: clientId, username, password, scope: 'openid' }));
    expect(res.status).toBe(200);
    const claims = claimsOf(((await res.json()) as { access_token: string }).access_token);
    expect(claims).toMatchObject({
      iss: settings.issuer,
      sub: userId,
      roles: ['regulator'],
      institutionId: 'inst-0001',
      division: '3501',
      name: '张三',
    });
    expect([claims.aud].flat()).toContain('yiyang-api');

    // refreshing is bounded by the working day, offline tokens included
    const offline = await fetch(
      tokenEndpoint,
      form({ grant_type: 'password', client_id: clientId, username, password, scope: 'openid offline_access' }),
    );
    const { refresh_expires_in } = (await offline.json()) as { refresh_expires_in: number };
    expect(refresh_expires_in).toBeGreaterThan(0);
    expect(refresh_expires_in).toBeLessThanOrEqual(1800);
  });

  it('requires PKCE (S256) of the console', async () => {
    const authorize = new URL(`${settings.issuer}/protocol/openid-connect/auth`);
    authorize.search = new URLSearchParams({
      client_id: 'yiyang-console',
      redirect_uri: 'http://127.0.0.1:8080/callback',
      response_type: 'code',
      scope: 'openid',
    }).toString();
    const res = await fetch(authorize, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('http://127.0.0.1:8080/callback');
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/code_challenge/);
  });

  it('lets only administrators edit institutionId and division', async () => {
    const accounts = await accountsToken();
    const profile = (await (await api(accounts, '/users/profile')).json()) as {
      attributes: { name: string; permissions?: { edit?: string[] } }[];
    };
    for (const name of ['institutionId', 'division']) {
      expect(profile.attributes.find((a) => a.name === name)?.permissions?.edit).toEqual(['admin']);
    }
  });
});
