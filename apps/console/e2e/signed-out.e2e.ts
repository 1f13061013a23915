/** The console as a signed-out person first sees it, in Debian's Chromium, served by the console server. */
import { describe, expect, it } from 'vitest';
import { accessibilityViolations, chineseContext, offlineConsole, problemsOf, screenshot } from './harness';

const app = offlineConsole();

describe('the signed-out console', () => {
  it('renders in Chinese without asking the identity provider anything, passes axe, and is photographed', async () => {
    const context = await chineseContext(app.browser);
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const problems = problemsOf(page);

    await page.goto(`${app.server.url}/register?category=MEDICAL`);
    await page.getByRole('heading', { level: 1, name: '医养互联' }).waitFor();
    expect(await page.getByRole('button', { name: /登\s*录/ }).isVisible()).toBe(true);
    expect(await page.getByText('请使用您所在单位分配的账号登录。').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await page.title()).toBe('医养互联');
    await page.evaluate(() => document.fonts.ready);

    const path = await screenshot(page, 'console-signed-out.zh-CN');
    expect(path).toMatch(/docs\/screenshots\/console-signed-out\.zh-CN\.png$/);

    const violations = await accessibilityViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    // one origin only: nothing went to the identity provider (or anywhere else) before sign-in
    expect(requests.filter((u) => !u.startsWith(app.server.url))).toEqual([]);
    // no script error and no content-security-policy refusal
    expect(problems).toEqual([]);
    await context.close();
  });

  it('switches to English', async () => {
    const context = await chineseContext(app.browser);
    const page = await context.newPage();
    await page.goto(app.server.url);
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Yiyang Connect' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await screenshot(page, 'console-signed-out.en');
    await context.close();
  });
});
