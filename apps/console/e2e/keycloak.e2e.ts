/**
 * Signing in for real: a registrar created for this test through Keycloak's admin REST API (the local
 * admin of deploy/local/keycloak.ts) signs in on Keycloak's own page (code + PKCE) and lands on the
 * register. The console is served on a port of its own with a public client made for this run (PKCE,
 * redirects to that port only), so nothing depends on port 8080 being free. Needs the local Keycloak:
 * `npm test` starts it; for this file alone, `npm run keycloak:start`.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { join } from 'node:path';
import type { RunningConsole } from '../server/console-server';
import { startConsoleServer } from '../server/console-server';
import { REPO_ROOT, consoleOptionsFromEnv } from '../server/settings';
import { accessibilityViolations, chineseContext, launch, screenshot } from './harness';

// the local Keycloak's settings and admin (loaded by path: deploy/ is type-checked by the root tsconfig, not this one)
const { keycloakAdminToken, keycloakSettings } = (await import(join(REPO_ROOT, 'deploy', 'local', 'keycloak.ts'))) as {
  keycloakAdminToken(): Promise<string>;
  keycloakSettings(): { baseUrl: string };
};
const base = keycloakSettings().baseUrl;
const issuer = `${base}/realms/yiyang`;

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

const keycloakUp = await answers(`${issuer}/.well-known/openid-configuration`);
let browser: Browser;
let server: RunningConsole;
let token: string;
let userId: string | undefined;
const username = `e2e-registrar-${randomBytes(3).toString('hex')}`;
const password = `Yy-${randomBytes(9).toString('base64url')}9aA`;
const clientId = `yiyang-console-e2e-${randomBytes(3).toString('hex')}`;
let clientUuid: string | undefined;

async function admin(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${base}/admin/realms/yiyang/${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
}

describe('signing in with Keycloak', () => {
  beforeAll(async () => {
    if (!keycloakUp)
      throw new Error(`no Keycloak answers at ${issuer}: npm test starts it; for this file alone run npm run keycloak:start`);
    token = await keycloakAdminToken();
    const created = await admin('users', {
      method: 'POST',
      body: JSON.stringify({
        username,
        enabled: true,
        emailVerified: true,
        email: `${username}@example.cn`,
        firstName: '王晓梅',
        lastName: '',
        credentials: [{ type: 'password', value: password, temporary: false }],
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    userId = created.headers.get('location')!.split('/').pop();
    const role = await (await admin('roles/registrar')).json();
    const mapped = await admin(`users/${userId}/role-mappings/realm`, { method: 'POST', body: JSON.stringify([role]) });
    expect(mapped.status).toBe(204);
    // the console on a free port, with a client of this run's own that redirects only there
    const options = consoleOptionsFromEnv({ ...process.env, OIDC_ISSUER: issuer });
    server = await startConsoleServer({
      ...options,
      port: 0,
      host: '127.0.0.1',
      client: { ...options.client, oidc: { ...options.client.oidc, clientId } },
    });
    const client = await admin('clients', {
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
    expect(client.status, await client.clone().text()).toBe(201);
    clientUuid = client.headers.get('location')!.split('/').pop();
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    token = await keycloakAdminToken();
    if (userId) await admin(`users/${userId}`, { method: 'DELETE' });
    if (clientUuid) await admin(`clients/${clientUuid}`, { method: 'DELETE' });
  });

  it('a registrar signs in on Keycloak’s page and lands on the register, named and with their role', async () => {
    const context = await chineseContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/register`);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL((url) => url.toString().startsWith(`${issuer}/protocol/openid-connect/auth`));
    expect(new URL(page.url()).searchParams.get('code_challenge_method')).toBe('S256');
    await page.locator('#username').fill(username);
    await page.locator('#password').fill(password);
    await page.locator('#kc-login').click();

    await page.getByRole('heading', { level: 2, name: '机构登记' }).waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe('/register');
    expect(await page.getByText('王晓梅').isVisible()).toBe(true);
    expect(await page.getByText('登记管理员').isVisible()).toBe(true);
    // the list answers (the registry, through the console's proxy, with the Keycloak token) or says why not
    await page
      .waitForFunction(() => !document.querySelector('.ant-table .ant-spin-spinning'), null, { timeout: 30_000 })
      .catch(() => undefined);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-register-keycloak.zh-CN');
    const violations = await accessibilityViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

    await page.getByRole('button', { name: /退出登录/ }).click();
    await page.waitForURL((url) => url.toString().startsWith(server.url) || url.toString().startsWith(issuer));
    await context.close();
  });
});
