/**
 * Signing in for real: a registrar created for this test through Keycloak's admin REST API (the local
 * admin of deploy/local/keycloak.ts) signs in on Keycloak's own page (code + PKCE) and lands on the
 * register. The console is served on a port of its own with a public client made for this run (PKCE,
 * redirects to that port only), so nothing depends on port 8080 being free. Needs the local Keycloak:
 * `npm test` starts it; for this file alone, `npm run keycloak:start`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { RunningConsole } from '../server/console-server';
import { accessibilityViolations, chineseContext, launch, screenshot } from './harness';
import { ISSUER, TestRealm, runId, signInOnKeycloak, type Person } from './realm';

let browser: Browser;
let server: RunningConsole;
let realm: TestRealm;
let registrar: Person;

describe('signing in with Keycloak', () => {
  beforeAll(async () => {
    realm = await TestRealm.open(runId());
    registrar = await realm.person({ role: 'registrar', displayName: '王晓梅' });
    // the console on a free port, with a client of this run's own that redirects only there
    server = await realm.serveConsole();
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await realm?.close();
  });

  it('a registrar signs in on Keycloak’s page and lands on the register, named and with their role', async () => {
    const context = await chineseContext(browser);
    const page = await context.newPage();
    const authorizations: URL[] = [];
    page.on('request', (r) => r.url().startsWith(`${ISSUER}/protocol/openid-connect/auth`) && authorizations.push(new URL(r.url())));
    await signInOnKeycloak(page, server, registrar, '/register');

    expect(authorizations[0]?.searchParams.get('code_challenge_method')).toBe('S256');
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
    await page.waitForURL((url) => url.toString().startsWith(server.url) || url.toString().startsWith(ISSUER));
    await context.close();
  });
});
