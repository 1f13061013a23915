/**
 * The administrators' home (工作台) in Debian's Chromium, the services answered by the test (as
 * oversight.e2e.ts): a nursing home's administrator lands on it, sees their institution by name, the
 * figures counted from whole lists (in force over two pages, ending within 30 days, referrals sent and
 * received today in China time), the agreements ending soon by the other party's name with the days
 * left, and the home's last 30 days; a card opens the agreements page on its filter; then in English.
 * A hospital's administrator sees the agreements to countersign and the desk's open referrals, the
 * overdue among them, and opens the desk from its card. Each page is checked with axe-core and photographed.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Route } from 'playwright-core';
import type { AgreementRow } from '../src/features/agreements/model';
import {
  CLINIC_ID,
  HOME_ID,
  HOSPITAL_ID,
  NAMES,
  institutionStatistics,
  listedAgreement,
  listedReferral,
  type ListedReferral,
} from '../src/features/home/testing';
import { accessibilityViolations, json, offlineConsole, problemsOf, screenshot, signedInContext } from './harness';

/** The page's frozen "now": 2026-11-30 10:00 China Standard Time. */
const NOW = Date.parse('2026-11-30T02:00:00.000Z');
const TODAY = '2026-11-30';
const iso = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000).toISOString();
const HOME_B = 'a0e00000-0000-4000-8000-0000000000a2';
const NAMED: Record<string, string> = { ...NAMES, [HOME_B]: '仓山区社会福利院' };

const app = offlineConsole();

async function signedInAs(claims: Record<string, unknown>): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await signedInContext(app.browser, claims, NOW);
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date(NOW));
  return { context, page, problems: problemsOf(page) };
}

const term = (effectiveFrom: string, effectiveTo: string) => ({ term: { effectiveFrom, effectiveTo } });

/** What the contract service lists, by the query it is asked (a page of at most `limit`; `cursor` an offset). */
function agreementLists(rows: Record<'ACTIVE' | 'SIGNED' | 'SUBMITTED' | 'expiring', AgreementRow[]>) {
  return (route: Route) => {
    const url = new URL(route.request().url());
    expect(route.request().headers().authorization).toMatch(/^Bearer eyJ/);
    if (!url.pathname.endsWith('/v1/agreements')) return route.fulfill({ status: 404 });
    const q = url.searchParams;
    const status = q.get('status') as keyof typeof rows | null;
    const all = q.get('expiringWithinDays') === '30' ? rows.expiring : status && rows[status] ? rows[status] : [];
    const from = Number(q.get('cursor') ?? 0);
    const limit = Number(q.get('limit') ?? 20);
    return json(route, { items: all.slice(from, from + limit), nextCursor: from + limit < all.length ? String(from + limit) : null });
  };
}

/** The inbox quiet, and the institution's statistics. */
function notificationRoutes(statistics: ReturnType<typeof institutionStatistics>) {
  return (route: Route) => {
    const url = new URL(route.request().url());
    const path = url.pathname.replace('/api/notification', '');
    if (path === '/v1/stream')
      return route.fulfill({ status: 200, headers: { 'content-type': 'text/event-stream' }, body: ': connected\n\n' });
    if (path === '/v1/inbox/unread-count') return json(route, { unread: 0 });
    if (path === '/v1/statistics') {
      expect(url.searchParams.get('institution')).toBe(statistics.institution);
      return json(route, statistics);
    }
    return json(route, { items: [], nextCursor: null });
  };
}

async function registryRoutes(page: Page) {
  await page.route(`${app.server.url}/api/registry/**`, (route) => {
    const id = new URL(route.request().url()).pathname.split('/').pop()!;
    return NAMED[id] ? json(route, { id, name: NAMED[id], status: 'ACTIVE' }) : route.fulfill({ status: 404 });
  });
}

async function noViolations(page: Page) {
  const violations = await accessibilityViolations(page);
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
}

/** A figure's link, there once its number is read (named by the figure and its number; the whole card opens it). */
const card = (page: Page, testId: string) => page.getByTestId(testId).getByRole('link');

describe('an administrator’s home', () => {
  it('a nursing home: in force, ending within 30 days, today’s referrals, the nearest ends by name; a card opens the list; in English', async () => {
    const { context, page, problems } = await signedInAs({
      sub: 'u-home',
      roles: ['elderly-admin'],
      name: '陈建国',
      institutionId: HOME_ID,
    });
    // 104 agreements in force: more than one page of 100
    const active = Array.from({ length: 103 }, (_, i) =>
      listedAgreement(`a1000000-0000-4000-8000-${String(i).padStart(12, '0')}`, {
        medicalInstitutionId: i % 2 ? HOSPITAL_ID : CLINIC_ID,
        mode: i % 2 ? 'MULTI_LEVEL' : 'PRIMARY_CARE',
        ...term('2026-01-01', '2027-12-31'),
      }),
    );
    const expiring = [
      listedAgreement('e1000000-0000-4000-8000-000000000001', { mode: 'EMBEDDED', ...term('2025-12-01', '2026-11-30') }),
      listedAgreement('e1000000-0000-4000-8000-000000000002', {
        medicalInstitutionId: CLINIC_ID,
        mode: 'PRIMARY_CARE',
        ...term('2025-12-06', '2026-12-05'),
      }),
      listedAgreement('e1000000-0000-4000-8000-000000000003', { ...term('2025-12-25', '2026-12-24') }),
    ];
    const signed = [listedAgreement('s1000000-0000-4000-8000-000000000001', { status: 'SIGNED', ...term('2026-12-01', '2027-11-30') })];
    const submitted = [
      listedAgreement('f1000000-0000-4000-8000-000000000001', {
        status: 'SUBMITTED',
        proposedBy: 'elderly',
        ...term('2026-12-10', '2027-12-09'),
      }),
    ];
    await page.route(
      `${app.server.url}/api/contract/**`,
      agreementLists({ ACTIVE: [...active, ...expiring], SIGNED: signed, SUBMITTED: submitted, expiring }),
    );
    const asked: URLSearchParams[] = [];
    await page.route(`${app.server.url}/api/referral/**`, (route) => {
      const url = new URL(route.request().url());
      if (!url.pathname.endsWith('/v1/referrals')) return json(route, { items: [], nextCursor: null });
      asked.push(url.searchParams);
      const sent: ListedReferral[] = [
        listedReferral('r1000000-0000-4000-8000-000000000001', iso(30), { status: 'RECEIVED' }),
        listedReferral('r1000000-0000-4000-8000-000000000002', iso(120), { status: 'ACCEPTED' }),
      ];
      const received = [
        listedReferral('r1000000-0000-4000-8000-000000000003', iso(60), {
          direction: 'DOWN',
          fromInstitutionId: HOSPITAL_ID,
          toInstitutionId: HOME_ID,
          indication: 'STABLE_POST_ACUTE',
        }),
      ];
      return json(route, { items: url.searchParams.get('side') === 'sent' ? sent : received, nextCursor: null });
    });
    await page.route(
      `${app.server.url}/api/notification/**`,
      notificationRoutes(
        institutionStatistics(
          HOME_ID,
          {
            requested: { UP: 14, DOWN: 0, total: 14 },
            answered: 13,
            answeredWithinDeadline: 12,
            onTimeRate: 12 / 13,
            accepted: 10,
            acceptanceRate: 10 / 13,
            arrived: 9,
            overdue: 1,
            waitTimes: {
              requestToReceipt: { count: 13, median: 600, p90: 1800 },
              receiptToDecision: { count: 13, median: 900, p90: 3600 },
              requestToDecision: { count: 13, median: 1800, p90: 7200 },
              decisionToArrival: { count: 9, median: 3600, p90: 7200 },
            },
          },
          {
            requested: { UP: 0, DOWN: 4, total: 4 },
            answered: 4,
            answeredWithinDeadline: 4,
            onTimeRate: 1,
            accepted: 4,
            acceptanceRate: 1,
          },
          TODAY,
        ),
      ),
    );
    await registryRoutes(page);

    // signed in, a nursing home's administrator lands on the home
    await page.goto(app.server.url);
    await page.getByRole('heading', { level: 2, name: '福州市鼓楼区乐龄颐养院' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/home');
    expect(await page.getByText('养老机构管理员 陈建国 · 今天：2026-11-30（北京时间）').isVisible()).toBe(true);

    // each figure counted from its whole list, and a link to where the work is done
    await card(page, 'figure-in-force').waitFor();
    expect(await card(page, 'figure-in-force').textContent()).toBe('生效中的协议107 份'); // 106 ACTIVE over two pages, 1 SIGNED
    expect(await card(page, 'figure-in-force').getAttribute('href')).toBe('/agreements?filter=inForce');
    await card(page, 'figure-expiring').waitFor();
    expect(await card(page, 'figure-expiring').textContent()).toBe('30 天内到期3 份');
    await card(page, 'figure-sent-today').waitFor();
    expect(await card(page, 'figure-sent-today').textContent()).toBe('今日转出2 件');
    await card(page, 'figure-received-today').waitFor();
    expect(await card(page, 'figure-received-today').textContent()).toBe('今日转入1 件');
    await card(page, 'figure-attention').waitFor();
    expect(await card(page, 'figure-attention').textContent()).toBe('待我方会签0 份'); // its own filing waits for the hospital
    expect(asked.map((q) => `${q.get('side')} ${q.get('from')}…${q.get('to')}`).sort()).toEqual([
      `received ${TODAY}…${TODAY}`,
      `sent ${TODAY}…${TODAY}`,
    ]);

    // the agreements ending soon: the other party by name, the last day and the days left, the nearest first
    const ending = page.getByRole('table', { name: '即将到期的协议' });
    const rows = ending.getByRole('row');
    await rows.nth(3).waitFor();
    expect(await rows.nth(1).textContent()).toBe('福建医科大学附属协和医院嵌入式合作2026-11-30今天是最后一天');
    expect(await rows.nth(2).textContent()).toBe('鼓楼区东街街道社区卫生服务中心基层协议合作2026-12-05还有 5 天');
    expect(await rows.nth(3).textContent()).toBe('福建医科大学附属协和医院多层次医疗服务合作2026-12-24还有 24 天');
    // the last 30 days, sent beside received
    const stats = page.getByRole('table', { name: '近 30 天转诊情况' });
    await stats.getByText('92.3%').waitFor();
    expect(await stats.getByRole('row').filter({ hasText: '申请到应答（中位数）' }).textContent()).toBe('申请到应答（中位数）≤ 30 分钟—');
    await page.mouse.move(5, 5);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-home-elderly.zh-CN');
    await noViolations(page);

    // a card opens the agreements page on its filter, by keyboard
    await card(page, 'figure-expiring').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/agreements\?filter=expiring$/);
    await page.getByRole('heading', { level: 2, name: '合作协议' }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { level: 2, name: '福州市鼓楼区乐龄颐养院' }).waitFor();

    // in English
    await page.getByText('English', { exact: true }).click();
    await card(page, 'figure-in-force').filter({ hasText: 'Agreements in force107 agreements' }).waitFor();
    await page.getByRole('table', { name: 'Agreements ending soon' }).getByText('Last day today').waitFor();
    expect(await page.getByText('Nursing-home administrator 陈建国 · Today: 2026-11-30 (China Standard Time)').count()).toBe(1);
    await page.getByRole('table', { name: 'Referrals over the last 30 days' }).getByText('≤ 30 min').waitFor();
    await page.mouse.move(5, 5);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-home-elderly.en');
    await noViolations(page);
    // the quick action: refer a resident
    await page.getByRole('button', { name: 'Refer a resident up' }).click();
    await page.waitForURL(/\/referrals$/);
    await page.getByText('中文', { exact: true }).click();

    expect(problems).toEqual([]);
    await context.close();
  });

  it('a hospital: agreements to countersign, the desk’s open referrals and the overdue among them; the card opens the desk', async () => {
    const { context, page, problems } = await signedInAs({
      sub: 'u-hosp',
      roles: ['medical-admin'],
      name: '王丽',
      institutionId: HOSPITAL_ID,
    });
    const submitted = [
      listedAgreement('f2000000-0000-4000-8000-000000000001', {
        status: 'SUBMITTED',
        proposedBy: 'elderly',
        ...term('2026-12-10', '2027-12-09'),
      }),
      listedAgreement('f2000000-0000-4000-8000-000000000002', {
        status: 'SUBMITTED',
        proposedBy: 'elderly',
        elderlyInstitutionId: HOME_B,
        elderlyInstitutionName: '仓山区社会福利院',
        ...term('2026-12-15', '2027-12-14'),
      }),
      // a renewal the hospital itself proposed: the home countersigns it
      listedAgreement('f2000000-0000-4000-8000-000000000003', {
        status: 'SUBMITTED',
        proposedBy: 'medical',
        ...term('2026-12-01', '2027-11-30'),
      }),
    ];
    const expiring = [
      listedAgreement('e2000000-0000-4000-8000-000000000001', {
        elderlyInstitutionId: HOME_B,
        elderlyInstitutionName: null, // not yet heard of by the contract service: the registry names it
        mode: 'MULTI_LEVEL',
        ...term('2025-12-08', '2026-12-07'),
        termination: { bySide: 'elderly', effectiveOn: '2026-12-03', reason: '机构搬迁' },
      }),
    ];
    const active = [
      ...expiring,
      listedAgreement('a2000000-0000-4000-8000-000000000001', {
        ...term('2026-01-01', '2027-12-31'),
        pendingAmendment: {
          content: listedAgreement('x') as never,
          documentVersion: 1,
          proposedAt: iso(600),
          proposedBy: 'elderly',
          revision: 1,
        },
      }),
    ];
    await page.route(`${app.server.url}/api/contract/**`, agreementLists({ ACTIVE: active, SIGNED: [], SUBMITTED: submitted, expiring }));
    // the desk's worklist: 2 waiting (1 overdue), 1 expected, 1 admitted; 3 of them requested today
    const worklist: ListedReferral[] = [
      listedReferral('q2000000-0000-4000-8000-000000000001', iso(150), { overdue: true, timeLeftSeconds: -1800 }),
      listedReferral('q2000000-0000-4000-8000-000000000002', iso(20), {
        status: 'RECEIVED',
        fromInstitutionId: HOME_B,
        priority: 'EMERGENCY',
        timeLeftSeconds: -300,
        overdue: true,
      }),
      listedReferral('q2000000-0000-4000-8000-000000000003', iso(90), { status: 'ACCEPTED', expectedArrivalAt: iso(-30) }),
      listedReferral('q2000000-0000-4000-8000-000000000004', iso(60 * 24), { status: 'ARRIVED' }),
    ];
    await page.route(`${app.server.url}/api/referral/**`, (route) => {
      const url = new URL(route.request().url());
      if (url.pathname.endsWith('/v1/referrals/queue')) {
        expect(url.searchParams.get('status')).toBe('REQUESTED,RECEIVED,ACCEPTED,ARRIVED');
        return json(route, { items: worklist, nextCursor: null });
      }
      if (url.pathname.endsWith('/v1/referrals')) {
        expect(Object.fromEntries(url.searchParams)).toEqual({ side: 'received', from: TODAY, to: TODAY, limit: '100' });
        return json(route, { items: worklist.slice(0, 3), nextCursor: null });
      }
      return route.fulfill({ status: 404 });
    });
    await page.route(
      `${app.server.url}/api/notification/**`,
      notificationRoutes(
        institutionStatistics(
          HOSPITAL_ID,
          {
            requested: { UP: 0, DOWN: 6, total: 6 },
            answered: 5,
            answeredWithinDeadline: 5,
            onTimeRate: 1,
            accepted: 5,
            acceptanceRate: 1,
          },
          {
            requested: { UP: 41, DOWN: 0, total: 41 },
            answered: 38,
            answeredWithinDeadline: 33,
            onTimeRate: 33 / 38,
            accepted: 31,
            acceptanceRate: 31 / 38,
            arrived: 29,
            overdue: 4,
          },
          TODAY,
        ),
      ),
    );
    await registryRoutes(page);

    await page.goto(app.server.url);
    await page.getByRole('heading', { level: 2, name: '福建医科大学附属协和医院' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/home');
    await card(page, 'figure-attention').waitFor();
    // two filings of homes, and an amendment a home proposed; not the hospital's own renewal
    expect(await card(page, 'figure-attention').textContent()).toBe('待我方会签3 份');
    expect(await card(page, 'figure-attention').getAttribute('href')).toBe('/agreements?filter=attention');
    await card(page, 'figure-open-incoming').waitFor();
    const open = card(page, 'figure-open-incoming');
    expect(await open.textContent()).toBe('未办结的转入4 件');
    const box = page.getByTestId('figure-open-incoming');
    expect(await box.getByText('待响应 2 · 待到院 1 · 在院 1').isVisible()).toBe(true);
    expect(await box.getByText('其中 2 件已超时未响应').isVisible()).toBe(true);
    await card(page, 'figure-received-today').waitFor();
    expect(await card(page, 'figure-received-today').textContent()).toBe('今日收到的转诊3 件');
    // no quick action it may not take
    expect(await page.getByRole('button', { name: '新建合作协议' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '发起上转转诊' }).count()).toBe(0);
    // the home ending soon, named by the registry, under notice of termination
    const row = page.getByRole('table', { name: '即将到期的协议' }).getByRole('row').nth(1);
    await row.getByRole('link', { name: '查看与仓山区社会福利院的协议' }).waitFor();
    expect(await row.getByText('已通知终止：2026-12-03 起不再适用').isVisible()).toBe(true);
    expect(await row.getByText('还有 7 天').isVisible()).toBe(true);
    await page.getByRole('table', { name: '近 30 天转诊情况' }).getByText('86.8%').waitFor();
    await page.mouse.move(5, 5);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-home-medical.zh-CN');
    await noViolations(page);

    // the open referrals' card opens the desk: anywhere on it
    await box.click({ position: { x: 20, y: 130 } });
    await page.waitForURL(/\/referral-desk$/);
    await page.getByRole('heading', { level: 2, name: '转诊工作台' }).waitFor();
    await page.getByRole('radio', { name: '待响应（2）' }).waitFor({ state: 'attached' });

    expect(problems).toEqual([]);
    await context.close();
  });
});
