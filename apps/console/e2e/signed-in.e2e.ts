/**
 * The signed-in console in Debian's Chromium, without an identity provider or services: the session a
 * sign-in would leave in this tab's storage is put there first (oidc-client-ts's own format), and the
 * browser's calls to /api/… are answered by the test (Playwright routes). What this proves: the lazy
 * shell and pages load under the server's content security policy, the registrar's register lists and
 * opens institutions, a notice that arrives on the stream (fetched with the bearer token in a
 * header, never in the URL) reaches the inbox and its unread count live, and a lost connection (the
 * browser offline, then the registry not answering) shows the banner, retries, and reloads the list.
 */
import { describe, expect, it } from 'vitest';
import { CLINIC_ID, HOME_ID, HOSPITAL_ID, institution as fixture } from '../src/features/agreements/testing';
import { accessibilityViolations, json, offlineConsole, option, problemsOf, screenshot, signedInContext } from './harness';

const app = offlineConsole();

const signedInAs = (claims: Record<string, unknown>) => signedInContext(app.browser, claims);

/** The agreements' fixture institutions (a home, a hospital, a suspended clinic) with the facts the register shows. */
const institution = (n: number) =>
  fixture([HOME_ID, HOSPITAL_ID, CLINIC_ID][n], {
    ownership: n === 0 ? 'PRIVATE' : 'PUBLIC',
    medicalLicence:
      n === 0
        ? null
        : { number: 'PDY00001X35010211A1001', scope: ['内科', '外科', '康复医学科'], validFrom: '2022-01-01', validTo: '2030-12-31' },
    elderlyCareFiling: n === 0 ? { number: 'YL-2024-001', filedOn: '2024-03-01' } : null,
    medicalInsuranceDesignation: n === 1 ? { number: 'YB-350102-001', since: '2020-01-01' } : null,
    beds: n === 0 ? { elderly: 120 } : { medical: 800, rehabilitation: 60 },
    capabilities: n === 0 ? ['NURSING'] : ['EMERGENCY', 'GERIATRICS', 'REHABILITATION'],
    status: n === 2 ? 'SUSPENDED' : 'ACTIVE',
    statusReason: n === 2 ? '执业许可证逾期未校验' : null,
  });

describe('signed in', () => {
  it('a registrar opens the register, sees who and where they are, and opens an institution', async () => {
    const context = await signedInAs({ roles: ['registrar', 'offline_access'], name: '王晓梅' });
    const page = await context.newPage();
    const problems = problemsOf(page);
    const searches: URL[] = [];
    await page.route(`${app.server.url}/api/registry/**`, (route) => {
      const url = new URL(route.request().url());
      expect(route.request().headers().authorization).toMatch(/^Bearer eyJ/);
      if (url.pathname === '/api/registry/v1/institutions') {
        searches.push(url);
        return json(route, { items: [institution(0), institution(1), institution(2)], nextCursor: null });
      }
      // an institution's sign-in accounts (docs/api/institution-registry.md): none yet
      if (url.pathname === '/api/registry/v1/accounts') return json(route, { items: [], nextCursor: null });
      return json(route, institution(Number(url.pathname.slice(-1))));
    });

    await page.goto(app.server.url);
    await page.getByRole('heading', { level: 2, name: '机构登记' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/register');
    expect(await page.getByText('登记管理员').isVisible()).toBe(true);
    expect(await page.getByText('王晓梅').isVisible()).toBe(true);
    await page.getByRole('link', { name: '机构详情：福建医科大学附属协和医院' }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: '鼓楼区东街街道社区卫生服务中心' }).getByText('暂停').isVisible()).toBe(true);

    await page.getByRole('link', { name: '机构详情：福建医科大学附属协和医院' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('PDY00001X35010211A1001').waitFor();
    expect(await drawer.getByText('2026-12-01 00:30').isVisible()).toBe(true);
    expect(new URL(page.url()).searchParams.get('institution')).toBe(institution(1).id);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-register-drawer.zh-CN');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    await page.getByLabel('机构类别').click();
    await page.locator('.ant-select-item[title="医疗机构"]').click();
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.waitForURL(/category=MEDICAL/);
    await expect.poll(() => searches.at(-1)?.searchParams.get('category')).toBe('MEDICAL');
    await screenshot(page, 'console-register.zh-CN');

    const violations = await accessibilityViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a nursing-home administrator sees a notice arrive live: in the inbox and in the unread count', async () => {
    const context = await signedInAs({ roles: ['elderly-admin'], name: '陈建国', institutionId: institution(0).id });
    const page = await context.newPage();
    const notice = (id: string, title: string, readAt: string | null = null) => ({
      id,
      type: 'yiyang.agreement.countersigned.v1',
      title,
      body: '福建医科大学附属协和医院已会签多层次合作协议（2026-12-01 至 2027-11-30）。',
      resource: '/v1/agreements/a-1',
      createdAt: '2026-11-30T02:00:00.000Z',
      readAt,
    });
    let unread = 1;
    const streams: { url: string; authorization?: string; lastEventId?: string }[] = [];
    let sendLive: (() => void) | undefined;
    const liveSent = new Promise<void>((resolve) => (sendLive = resolve));
    await page.route(`${app.server.url}/api/registry/**`, (route) => json(route, institution(0)));
    await page.route(`${app.server.url}/api/notification/**`, async (route) => {
      const url = new URL(route.request().url());
      if (url.pathname.endsWith('/v1/inbox/unread-count')) return json(route, { unread });
      if (url.pathname.endsWith('/v1/inbox'))
        return json(route, {
          items: [notice('41', '协议已会签'), notice('40', '协议已提交', '2026-11-29T08:00:00.000Z')],
          nextCursor: null,
        });
      if (url.pathname.endsWith('/v1/stream')) {
        const headers = route.request().headers();
        streams.push({ url: route.request().url(), authorization: headers.authorization, lastEventId: headers['last-event-id'] });
        if (streams.length === 1) {
          await liveSent;
          unread = 2;
          return route.fulfill({
            status: 200,
            headers: { 'content-type': 'text/event-stream' },
            body: `: connected\n\nid: 42\nevent: notification\ndata: ${JSON.stringify(notice('42', '新的转诊已被接收'))}\n\n`,
          });
        }
        // later reconnections: nothing new (a real stream would stay open)
        return route.fulfill({ status: 200, headers: { 'content-type': 'text/event-stream' }, body: ': connected\n\n' });
      }
      return route.fulfill({ status: 404 });
    });

    await page.goto(`${app.server.url}/inbox`);
    await page.getByRole('heading', { level: 2, name: '消息通知' }).waitFor();
    await page.getByText('协议已会签').waitFor();
    expect(await page.getByText('1 条未读').isVisible()).toBe(true);
    expect(await page.getByText('所属机构：福州市鼓楼区颐养院').isVisible()).toBe(true);

    sendLive!();
    await page.getByText('新的转诊已被接收').first().waitFor();
    await page.getByText('2 条未读').waitFor();
    expect(streams[0].authorization).toMatch(/^Bearer eyJ/);
    expect(streams[0].url).toBe(`${app.server.url}/api/notification/v1/stream`);
    // the reconnection asked for what came after the last notice it saw
    await expect.poll(() => streams.length, { timeout: 10_000 }).toBeGreaterThan(1);
    expect(streams[1].lastEventId).toBe('42');
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-inbox-live.zh-CN');
    const violations = await accessibilityViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    await context.close();
  });

  it('a lost connection shows a banner and retries; back, it says so and the list is read again', async () => {
    const context = await signedInAs({ roles: ['registrar', 'offline_access'], name: '王晓梅' });
    const page = await context.newPage();
    // the browser logs each failed request itself; what must not happen is a script error
    const problems = problemsOf(page, false);
    // what the one-origin server answers for a service that does not answer (server/api-proxy.ts)
    const notAnswering = {
      type: 'urn:yiyang:problem:SERVICE_UNAVAILABLE',
      title: 'Service Unavailable',
      status: 503,
      detail: 'the registry service is not answering; try again shortly',
      code: 'SERVICE_UNAVAILABLE',
    };
    let listed = [institution(0), institution(1)];
    let down = false;
    const lists: URL[] = [];
    let refusedLists = 0;
    let probes = 0;
    await page.route(`${app.server.url}/api/registry/**`, (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/api/registry/health/live') {
        probes++;
        expect(route.request().headers().authorization).toBeUndefined();
        return down ? json(route, notAnswering, 503) : json(route, { status: 'ok' });
      }
      if (url.pathname === '/api/registry/v1/institutions') {
        if (down) {
          refusedLists++;
          return json(route, notAnswering, 503);
        }
        lists.push(url);
        const category = url.searchParams.get('category');
        return json(route, { items: listed.filter((i) => !category || i.category === category), nextCursor: null });
      }
      if (down) return json(route, notAnswering, 503);
      if (url.pathname === '/api/registry/v1/accounts') return json(route, { items: [], nextCursor: null });
      return json(route, institution(Number(url.pathname.slice(-1))));
    });
    const expectAccessible = async () => {
      const violations = await accessibilityViolations(page);
      expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    };
    const reconnected = page.getByRole('status').filter({ hasText: '已重新连接' });

    await page.goto(app.server.url);
    await page.getByRole('link', { name: '机构详情：福建医科大学附属协和医院' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    const listsBefore = lists.length;

    // the browser goes offline: the banner, an alert, and nothing is asked of anyone
    await context.setOffline(true);
    const offline = page.getByRole('alert').filter({ hasText: '网络连接已断开，正在重试…' });
    await offline.waitFor();
    expect(await offline.getByText('未提交成功的操作不会自动重发').isVisible()).toBe(true);
    expect(await offline.getByRole('button').count()).toBe(0);
    await expectAccessible();
    expect(probes).toBe(0);

    // online again: one look at the console's server, "reconnected", the list read again (it was fresh)
    listed = [institution(0), institution(1), institution(2)];
    await context.setOffline(false);
    await reconnected.waitFor();
    await offline.waitFor({ state: 'detached' });
    await page.getByRole('link', { name: '机构详情：鼓楼区东街街道社区卫生服务中心' }).waitFor();
    expect(lists.length).toBe(listsBefore + 1);
    await expectAccessible();
    // "reconnected" goes away by itself
    await reconnected.waitFor({ state: 'detached', timeout: 10_000 });

    // the registry stops answering (the console's server says 503): confirmed by a probe, then the banner
    down = true;
    await page.getByLabel('机构类别').click();
    await option(page, '医疗机构');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    const unreachable = page.getByRole('alert').filter({ hasText: '无法连接到服务器，正在重试…' });
    await unreachable.waitFor();
    await expectAccessible();
    // it retries by itself, waiting longer each time (0 s to confirm, then 1 s, 2 s…), and the search waits
    // for the connection instead of asking again and again
    await expect.poll(() => probes, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    expect(refusedLists).toBeLessThanOrEqual(2);

    // the registry answers again; the person does not wait for the next probe: 立即重试, from the keyboard
    const retryNow = unreachable.getByRole('button', { name: '立即重试' });
    await retryNow.focus();
    down = false;
    await page.keyboard.press('Enter');
    await reconnected.waitFor();
    await unreachable.waitFor({ state: 'detached' });
    await expect.poll(() => lists.at(-1)?.searchParams.get('category')).toBe('MEDICAL');
    await page.getByRole('link', { name: '机构详情：福建医科大学附属协和医院' }).waitFor();
    expect(await page.getByRole('link', { name: '机构详情：福州市鼓楼区颐养院' }).count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});
