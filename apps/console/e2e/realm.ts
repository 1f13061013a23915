/**
 * The local Keycloak for the browser tests that sign in for real: people made for one run (a realm
 * role, the institution or jurisdiction a token carries, a password), the console served with a public
 * client of that run's own (PKCE, redirects to the console's port only, the `yiyang` scope that puts the
 * platform's claims and audience in the token), signing in on Keycloak's own page, and everything made
 * removed afterwards. Needs the local Keycloak: `npm test` starts it; for a browser test alone,
 * `npm run keycloak:start`.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEV_CLIENT_ID, KeycloakAdmin, ensureDevClient, passwordGrant } from '../../../libs/identity/src';
import { startConsoleServer, type RunningConsole } from '../server/console-server';
import { REPO_ROOT, consoleOptionsFromEnv } from '../server/settings';

// the local Keycloak's settings and admin (loaded by path: deploy/ is type-checked by the root tsconfig, not this one)
const local = (await import(join(REPO_ROOT, 'deploy', 'local', 'keycloak.ts'))) as {
  keycloakAdmin(): { username: string; password: string };
  keycloakAdminToken(): Promise<string>;
  keycloakSettings(): { baseUrl: string; realm: string; issuer: string };
  keycloakAccountsClient(): { clientSecret: string };
};

export const { baseUrl: KEYCLOAK, realm: REALM, issuer: ISSUER } = local.keycloakSettings();

/** The secret of the realm's accounts client, which the registry's accounts API signs in with. */
export const accountsClientSecret = () => local.keycloakAccountsClient().clientSecret;

export type Role = 'registrar' | 'regulator' | 'elderly-admin' | 'medical-admin' | 'referral-desk';

export interface Person {
  id: string;
  username: string;
  password: string;
  displayName: string;
  role: Role;
}

/** A random suffix for this run's names (usernames, clients, schemas, topics). */
export const runId = () => randomBytes(3).toString('hex');

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

export class TestRealm {
  private readonly users: string[] = [];
  private readonly clients: string[] = [];
  private readonly admin: KeycloakAdmin;

  private constructor(private readonly run: string) {
    const { username, password } = local.keycloakAdmin();
    this.admin = new KeycloakAdmin({ baseUrl: KEYCLOAK, realm: REALM, credentials: { kind: 'admin', username, password } });
  }

  /** The realm of the local Keycloak, or a sentence saying how to start it. */
  static async open(run: string): Promise<TestRealm> {
    if (!(await answers(`${ISSUER}/.well-known/openid-configuration`)))
      throw new Error(`no Keycloak answers at ${ISSUER}: npm test starts it; for the browser tests alone run npm run keycloak:start`);
    return new TestRealm(run);
  }

  /** A person of this run: `<role>-<run>`, with the role and the token's attributes as the demo accounts have them. */
  async person(spec: { role: Role; displayName: string; institutionId?: string; division?: string; tag?: string }): Promise<Person> {
    const username = `e2e-${spec.tag ?? spec.role}-${this.run}`;
    const password = `Yy-${randomBytes(9).toString('base64url')}9aA`;
    const attributes: Record<string, string[]> = {};
    if (spec.institutionId) attributes.institutionId = [spec.institutionId];
    if (spec.division) attributes.division = [spec.division];
    const id = await this.admin.createUser({
      username,
      firstName: spec.displayName,
      attributes,
      password: { value: password, temporary: false },
    });
    this.users.push(id);
    await this.admin.addRealmRoles(id, [spec.role]);
    return { id, username, password, displayName: spec.displayName, role: spec.role };
  }

  /** A token of a person for calls the test makes itself (through the direct-grant client of local tools). */
  async tokenOf(person: Person): Promise<string> {
    await ensureDevClient(this.admin);
    return (await passwordGrant(ISSUER, DEV_CLIENT_ID, person.username, person.password)).accessToken;
  }

  /**
   * The built console on a free port, its /api/<service>/ routed to `apis` (else the usual settings),
   * signing in with a public client of this run's own that redirects only to that port.
   */
  async serveConsole(apis: Record<string, string> = {}): Promise<RunningConsole> {
    const clientId = `yiyang-console-e2e-${this.run}`;
    const options = consoleOptionsFromEnv({ ...process.env, OIDC_ISSUER: ISSUER });
    const server = await startConsoleServer({
      ...options,
      apis: { ...options.apis, ...apis },
      port: 0,
      host: '127.0.0.1',
      client: { ...options.client, oidc: { ...options.client.oidc, clientId } },
    });
    const created = await this.adminCall('clients', {
      method: 'POST',
      body: JSON.stringify({
        clientId,
        name: 'console browser test (deleted after the run)',
        publicClient: true,
        standardFlowEnabled: true,
        directAccessGrantsEnabled: false,
        redirectUris: [`${server.url}/*`],
        webOrigins: [server.url],
        attributes: { 'pkce.code.challenge.method': 'S256', 'post.logout.redirect.uris': `${server.url}/*` },
        defaultClientScopes: ['basic', 'acr', 'roles', 'web-origins', 'profile', 'email', 'yiyang'],
      }),
    });
    if (created.status !== 201) {
      await server.close();
      throw new Error(`Keycloak refused the test's console client: ${created.status} ${await created.text()}`);
    }
    this.clients.push(created.headers.get('location')!.split('/').pop()!);
    return server;
  }

  /** Removes the people and clients this run made. */
  async close(): Promise<void> {
    for (const id of this.users.splice(0)) await this.admin.deleteUser(id).catch(() => undefined);
    for (const id of this.clients.splice(0)) await this.adminCall(`clients/${id}`, { method: 'DELETE' }).catch(() => undefined);
  }

  private async adminCall(path: string, init: RequestInit): Promise<Response> {
    return fetch(`${KEYCLOAK}/admin/realms/${REALM}/${path}`, {
      ...init,
      headers: { authorization: `Bearer ${await local.keycloakAdminToken()}`, 'content-type': 'application/json' },
      signal: AbortSignal.timeout(10_000),
    });
  }
}

/**
 * Opens `path` signed out, presses 登录 and signs in on Keycloak's own page (authorization code +
 * PKCE); returns once the console shows the page again, signed in.
 */
export async function signInOnKeycloak(page: Page, server: RunningConsole, person: Person, path = '/'): Promise<void> {
  await page.goto(`${server.url}${path}`);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((url) => url.toString().startsWith(`${ISSUER}/protocol/openid-connect/auth`));
  if (new URL(page.url()).searchParams.get('code_challenge_method') !== 'S256') throw new Error('the console did not ask for PKCE (S256)');
  await page.locator('#username').fill(person.username);
  await page.locator('#password').fill(person.password);
  await page.locator('#kc-login').click();
  await page.waitForURL((url) => url.toString().startsWith(server.url) && !url.searchParams.has('code'), { timeout: 30_000 });
  await page.getByText(person.displayName).first().waitFor({ timeout: 30_000 });
}
