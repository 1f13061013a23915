/**
 * What the browser tests share: Debian's Chromium driven by playwright-core (checked, never
 * downloaded), the built console served by the console server, pages in Chinese and China Standard
 * Time with animations off, screenshots into docs/screenshots/, and axe-core.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Route } from 'playwright-core';
import axe from 'axe-core';
import { afterAll, beforeAll } from 'vitest';
import { checkBrowser } from '../scripts/browser';
import { startConsoleServer, type RunningConsole } from '../server/console-server';
import { REPO_ROOT, consoleOptionsFromEnv } from '../server/settings';

export const SCREENSHOTS = join(REPO_ROOT, 'docs', 'screenshots');

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: checkBrowser(), headless: true });
}

export async function serveConsole(env: NodeJS.ProcessEnv = process.env): Promise<RunningConsole> {
  const options = consoleOptionsFromEnv(env);
  if (!existsSync(join(options.assetsDir, 'index.html')))
    throw new Error(`the console is not built in ${options.assetsDir}: run \`npm run console:build\` first (npm run console:e2e does)`);
  return startConsoleServer({ ...options, port: 0, host: '127.0.0.1' });
}

export async function chineseContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    reducedMotion: 'reduce',
    viewport: { width: 1280, height: 800 },
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, animations: 'disabled', fullPage: true });
  return path;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** WCAG 2.1 A/AA violations on the page as it is now (axe-core, evaluated outside the page's CSP). */
export async function accessibilityViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
  });
}

// ── the signed-in console without an identity provider or services (the tests answer the APIs) ──

/** The identity provider a session placed in storage names (never asked: nothing signs in for real). */
export const AUTHORITY = 'http://127.0.0.1:8180/realms/yiyang';

/** The built console for tests that answer its APIs themselves; `env` places services (e.g. a stub). */
export function serveConsoleOffline(env: NodeJS.ProcessEnv = {}): Promise<RunningConsole> {
  return serveConsole({ ...process.env, OIDC_ISSUER: AUTHORITY, ...env });
}

/** The built console served offline and a browser, for the tests of one file (see `offlineConsole`). */
export interface OfflineConsole {
  readonly browser: Browser;
  readonly server: RunningConsole;
}

/**
 * Starts the built console (offline, see `serveConsoleOffline`) and a browser before the file's tests and
 * closes both after them; `env`, asked when they start, places services (e.g. a stub the file started in
 * an earlier `beforeAll`, closed after these by vitest's stacked hooks).
 */
export function offlineConsole(env: () => NodeJS.ProcessEnv = () => ({})): OfflineConsole {
  const running: { browser?: Browser; server?: RunningConsole } = {};
  beforeAll(async () => {
    running.server = await serveConsoleOffline(env());
    running.browser = await launch();
  });
  afterAll(async () => {
    await running.browser?.close();
    await running.server?.close();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} is not started: use it inside a test or a hook`);
    return value;
  };
  return {
    get browser() {
      return started(running.browser, 'browser');
    },
    get server() {
      return started(running.server, 'console');
    },
  };
}

const jwt = (claims: object) => `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;

/**
 * A browser context signed in as `claims` (sub 'u-1' unless given): the session a sign-in would leave in
 * the tab's storage (oidc-client-ts's own format), valid for an hour from `now` (the page's clock).
 */
export async function signedInContext(browser: Browser, claims: Record<string, unknown>, now = Date.now()): Promise<BrowserContext> {
  const context = await chineseContext(browser);
  const sub = claims.sub ?? 'u-1';
  const iat = Math.floor(now / 1000);
  const user = {
    access_token: jwt({ ...claims, sub }),
    token_type: 'Bearer',
    scope: 'openid profile',
    profile: { sub, iss: AUTHORITY, aud: 'yiyang-console', exp: iat + 3600, iat },
    expires_at: iat + 3600,
  };
  await context.addInitScript(([key, value]) => sessionStorage.setItem(key, value), [
    `oidc.user:${AUTHORITY}:yiyang-console`,
    JSON.stringify(user),
  ] as const);
  return context;
}

/** Answers a route with JSON (problem+json from 400 on). */
export const json = (route: Route, body: unknown, status = 200) =>
  route.fulfill({ status, contentType: status >= 400 ? 'application/problem+json' : 'application/json', body: JSON.stringify(body) });

/** The shell's inbox, answered: nothing unread, nothing in it, a stream that says hello. */
export async function quietInbox(page: Page, consoleUrl: string): Promise<void> {
  await page.route(`${consoleUrl}/api/notification/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path.endsWith('/v1/stream'))
      return route.fulfill({ status: 200, headers: { 'content-type': 'text/event-stream' }, body: ': connected\n\n' });
    return json(route, path.endsWith('/unread-count') ? { unread: 0 } : { items: [], nextCursor: null });
  });
}

/** Script errors of the page from now on (and, with `consoleErrors`, what it logs as errors, CSP refusals included). */
export function problemsOf(page: Page, consoleErrors = true): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  if (consoleErrors) page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  return problems;
}

// ── Ant Design's controls, as a person works them ──

/** Clicks an option of the Ant Design select whose list is open now (closed lists stay in the page). */
export const option = (page: Page, title: string) =>
  page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item[title="${title}"]`).click();

/** Picks a date in an Ant Design date picker the way a person types one. */
export async function typeDate(page: Page, label: string, date: string): Promise<void> {
  const input = page.getByRole('textbox', { name: label });
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

// ── the console's forms, as the tests fill them ──

/** The filing form's common terms: one monthly fee, each party's duties (one a line) and the breach clause. */
export async function fillAgreementTerms(
  page: Page,
  terms: { fee: { item: string; yuan: string }; elderlyDuties: string; medicalDuties: string; breach: string },
): Promise<void> {
  await page.getByRole('button', { name: /添加收费项目/ }).click();
  await page.getByLabel('第 1 项收费的项目').fill(terms.fee.item);
  await page.getByLabel('第 1 项收费的金额（元）').fill(terms.fee.yuan);
  await page.getByLabel('第 1 项收费的计费单位').click();
  await option(page, '每月');
  await page.getByLabel('养老机构职责').fill(terms.elderlyDuties);
  await page.getByLabel('医疗机构职责').fill(terms.medicalDuties);
  await page.getByLabel('违约责任').fill(terms.breach);
}

/** The refer-up form's clinical part: an employee-insured resident with a suspected stroke (I63.9). */
export async function describeSuspectedStroke(page: Page): Promise<void> {
  await page.getByLabel('医保类型').click();
  await page.locator('.ant-select-item-option[title="城镇职工基本医疗保险"]').click();
  await page.getByLabel('转诊原因').click();
  await page.locator('.ant-select-item-option[title="疑似脑卒中"]').click();
  await page.getByLabel('ICD-10 诊断编码').fill('I63.9');
  await page.getByLabel('病情摘要').fill('晨起右侧肢体无力、言语不清约 1 小时，既往高血压 20 年。');
}
