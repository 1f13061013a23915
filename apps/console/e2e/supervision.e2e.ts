/**
 * The regulator's lists of the agreements and referrals in the jurisdiction, in Debian's Chromium, the
 * services answered by the test as they answer a provincial regulator (福建省, division 35: either
 * party inside it, no drafts, residents masked, a division outside the jurisdiction refused): the
 * agreements with both parties by name, filtered by status and by a city (kept in the address), exported
 * as the service's CSV with the token, one opened in a drawer; then the referrals, filtered by an
 * institution found by name, one opened (masked), an export refused as too large; then in English.
 * Each screen is checked with axe-core; the lists are photographed. The page's clock is fixed at
 * 2026-11-30 10:30 China Standard Time.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import type { AgreementItem, ReferralItem } from '../src/features/supervision/model';
import {
  CLINIC,
  HOSPITAL,
  NAMES,
  REHAB,
  agreementItem,
  agreementRead,
  referralItem,
  referralRead,
} from '../src/features/supervision/testing';
import { accessibilityViolations, json, offlineConsole, option, problemsOf, quietInbox, screenshot, signedInContext } from './harness';

const NOW = Date.parse('2026-11-30T02:30:00.000Z');
const app = offlineConsole();

const AGREEMENTS: AgreementItem[] = [
  agreementItem({ id: 'a0000000-0000-4000-8000-000000000001' }),
  agreementItem({
    id: 'a0000000-0000-4000-8000-000000000002',
    status: 'SUBMITTED',
    mode: 'PRIMARY_CARE',
    medicalInstitutionId: CLINIC,
    medicalInstitutionName: NAMES[CLINIC],
    services: [
      { code: 'FAMILY_DOCTOR', frequency: 'MONTHLY' },
      { code: 'HEALTH_MANAGEMENT', frequency: 'QUARTERLY' },
    ],
    term: { effectiveFrom: '2026-12-01', effectiveTo: '2027-11-30' },
    revision: 0,
    createdAt: '2026-11-28T01:15:00.000Z',
    updatedAt: '2026-11-29T06:40:00.000Z',
  }),
  agreementItem({
    id: 'a0000000-0000-4000-8000-000000000003',
    mode: 'CONTINUING_CARE',
    elderlyInstitutionId: REHAB,
    elderlyInstitutionName: NAMES[REHAB],
    services: [
      { code: 'TWO_WAY_REFERRAL', frequency: null },
      { code: 'REHABILITATION', frequency: null },
    ],
    proposedBy: 'elderly',
    revision: 1,
    termination: { bySide: 'medical', effectiveOn: '2026-12-31', reason: '科室调整' },
    createdAt: '2026-03-02T03:00:00.000Z',
    updatedAt: '2026-11-20T02:00:00.000Z',
  }),
];

const HISTORY = [
  {
    at: '2025-12-10T02:30:00.000Z',
    action: 'submit',
    from: 'DRAFT',
    to: 'SUBMITTED',
    actor: { id: 'u-e', role: 'elderly-admin', name: '陈建国' },
    reason: null,
  },
  {
    at: '2025-12-12T03:00:00.000Z',
    action: 'countersign',
    from: 'SUBMITTED',
    to: 'SIGNED',
    actor: { id: 'u-m', role: 'medical-admin', name: '李卫东' },
    reason: null,
  },
  {
    at: '2026-01-01T00:00:05.000Z',
    action: 'activate',
    from: 'SIGNED',
    to: 'ACTIVE',
    actor: { id: 'system', role: 'system', name: null },
    reason: null,
  },
] as const;

const REFERRALS: ReferralItem[] = [
  referralItem({
    id: 'r0000000-0000-4000-8000-000000000001',
    priority: 'EMERGENCY',
    status: 'RECEIVED',
    overdue: true,
    timeLeftSeconds: -300,
  }),
  referralItem({
    id: 'r0000000-0000-4000-8000-000000000002',
    status: 'COMPLETED',
    priority: 'ROUTINE',
    indication: 'FALL_OR_FRACTURE',
    patient: { ref: 'pr_Q2', name: '林*', sex: 'M', birthYear: '1938', idNumber: '350103********0417', insurance: 'URBAN_RURAL_RESIDENT' },
    timeLeftSeconds: null,
    milestones: {
      requestedAt: '2026-11-28T01:00:00.000Z',
      receivedAt: '2026-11-28T01:05:00.000Z',
      answeredAt: '2026-11-28T01:20:00.000Z',
      arrivedAt: '2026-11-28T03:10:00.000Z',
      completedAt: '2026-11-29T08:00:00.000Z',
      closedAt: '2026-11-29T08:00:00.000Z',
      overdueAt: null,
    },
    expectedArrivalAt: '2026-11-28T03:00:00.000Z',
    linkedReferralId: 'r0000000-0000-4000-8000-000000000003',
    createdAt: '2026-11-28T01:00:00.000Z',
    updatedAt: '2026-11-29T08:00:00.000Z',
  }),
  referralItem({
    id: 'r0000000-0000-4000-8000-000000000003',
    direction: 'DOWN',
    status: 'REQUESTED',
    priority: 'ROUTINE',
    indication: 'REHABILITATION',
    fromInstitutionId: HOSPITAL,
    toInstitutionId: REHAB,
    from: { institutionId: HOSPITAL, name: NAMES[HOSPITAL] },
    // the referral service's directory has not heard of it yet: the registry names it
    to: { institutionId: REHAB, name: null },
    patient: { ref: 'pr_Q2', name: '林*', sex: 'M', birthYear: '1938', idNumber: '350103********0417', insurance: 'URBAN_RURAL_RESIDENT' },
    parentReferralId: 'r0000000-0000-4000-8000-000000000002',
    milestones: { ...referralItem({ id: 'x' }).milestones, requestedAt: '2026-11-29T08:00:00.000Z' },
    createdAt: '2026-11-29T08:00:00.000Z',
    updatedAt: '2026-11-29T08:00:00.000Z',
  }),
];

const problem = (route: Route, status: number, code: string, detail: string) =>
  json(route, { type: 'about:blank', title: code, status, code, detail }, status);
const inside = (division: string | null) => !division || division.startsWith('35');

/** The contract service as it answers a regulator of 35: lists filtered, one agreement, the CSV. */
async function answerContract(page: Page, asked: { url: URL; authorization?: string }[]) {
  await page.route(`${app.server.url}/api/contract/**`, (route) => {
    const url = new URL(route.request().url());
    asked.push({ url, authorization: route.request().headers().authorization });
    const path = url.pathname.replace('/api/contract', '');
    const q = url.searchParams;
    if (!inside(q.get('division'))) return problem(route, 404, 'OUTSIDE_JURISDICTION', 'division outside the jurisdiction');
    const matching = AGREEMENTS.filter(
      (a) =>
        (!q.get('status') || a.status === q.get('status')) &&
        (!q.get('mode') || a.mode === q.get('mode')) &&
        (!q.get('institution') || [a.elderlyInstitutionId, a.medicalInstitutionId].includes(q.get('institution')!)),
    );
    if (path === '/v1/agreements') return json(route, { items: matching, nextCursor: null });
    if (path === '/v1/agreements.csv')
      return route.fulfill({
        status: 200,
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="agreements-2026-11-30.csv"; filename*=UTF-8''${encodeURIComponent('合作协议-2026-11-30.csv')}`,
        },
        body: `\uFEFF协议编号,状态,合作模式\r\n${matching.map((a) => `${a.id},生效中,多层次医疗服务合作`).join('\r\n')}\r\n`,
      });
    const one = AGREEMENTS.find((a) => path === `/v1/agreements/${a.id}`);
    if (one)
      return json(
        route,
        agreementRead(
          one,
          HISTORY.map((h) => ({ ...h, actor: { ...h.actor } })),
        ),
      );
    return problem(route, 404, 'AGREEMENT_NOT_FOUND', 'no such agreement');
  });
}

/** The referral service as it answers a regulator of 35: masked lists, one masked referral, an export too large. */
async function answerReferral(page: Page, asked: URL[]) {
  await page.route(`${app.server.url}/api/referral/**`, (route) => {
    const url = new URL(route.request().url());
    asked.push(url);
    const path = url.pathname.replace('/api/referral', '');
    const q = url.searchParams;
    if (!inside(q.get('division'))) return problem(route, 404, 'OUTSIDE_JURISDICTION', 'division outside the jurisdiction');
    const statuses = q.get('status')?.split(',');
    const matching = REFERRALS.filter(
      (r) =>
        (!statuses || statuses.includes(r.status)) &&
        (!q.get('priority') || r.priority === q.get('priority')) &&
        (!q.get('direction') || r.direction === q.get('direction')) &&
        (!q.get('institution') || [r.fromInstitutionId, r.toInstitutionId].includes(q.get('institution')!)),
    );
    if (path === '/v1/referrals') return json(route, { items: matching, nextCursor: null });
    if (path === '/v1/referrals.csv') return problem(route, 422, 'EXPORT_TOO_LARGE', 'more than 10000 referrals');
    const one = REFERRALS.find((r) => path === `/v1/referrals/${r.id}`);
    if (one)
      return json(
        route,
        referralRead(one, [
          {
            at: one.milestones.requestedAt,
            action: 'request',
            from: null,
            to: 'REQUESTED',
            actor: { id: 'u-e', role: 'elderly-admin', name: '陈建国' },
            code: null,
          },
          ...(one.milestones.receivedAt
            ? [
                {
                  at: one.milestones.receivedAt,
                  action: 'receive',
                  from: 'REQUESTED' as const,
                  to: 'RECEIVED' as const,
                  actor: { id: 'u-d', role: 'referral-desk', name: '赵敏' },
                  code: null,
                },
              ]
            : []),
        ]),
      );
    return problem(route, 404, 'REFERRAL_NOT_FOUND', 'no such referral');
  });
}

/** The registry: an institution by id, and a search by name inside the division. */
async function answerRegistry(page: Page, searches: URL[]) {
  await page.route(`${app.server.url}/api/registry/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/api/registry/v1/institutions') {
      searches.push(url);
      const q = url.searchParams.get('q') ?? '';
      const items = Object.entries(NAMES)
        .filter(([, name]) => name.includes(q))
        .map(([id, name]) => ({ id, name, status: 'ACTIVE', division: '350102' }));
      return json(route, { items, nextCursor: null });
    }
    const id = url.pathname.split('/').pop()!;
    return NAMES[id]
      ? json(route, { id, name: NAMES[id], status: 'ACTIVE', division: '350102' })
      : problem(route, 404, 'INSTITUTION_NOT_FOUND', '');
  });
}

async function noViolations(page: Page) {
  const violations = await accessibilityViolations(page);
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
}

describe('a regulator’s agreements and referrals', () => {
  it('filters, opens and exports the agreements, then the referrals, in Chinese and in English', async () => {
    const context = await signedInContext(app.browser, { sub: 'u-reg', roles: ['regulator'], name: '林清', division: '35' }, NOW);
    const page = await context.newPage();
    await page.clock.setFixedTime(new Date(NOW));
    await quietInbox(page, app.server.url);
    const problems = problemsOf(page);
    const contract: { url: URL; authorization?: string }[] = [];
    const referral: URL[] = [];
    const searches: URL[] = [];
    await answerContract(page, contract);
    await answerReferral(page, referral);
    await answerRegistry(page, searches);

    // the menu leads there; the agreements first
    await page.goto(app.server.url);
    await page.getByRole('menuitem', { name: '辖区协议与转诊' }).click();
    await page.getByRole('heading', { level: 2, name: '辖区协议与转诊' }).waitFor();
    await page.getByText('管辖范围：福建省').waitFor();
    const active = page.getByRole('row').filter({ hasText: '多层次医疗服务合作' });
    await active.getByText('福州市鼓楼区乐龄颐养院').waitFor();
    expect(await active.getByText('福建医科大学附属协和医院').isVisible()).toBe(true);
    expect(await active.getByText('生效中').isVisible()).toBe(true);
    expect(await active.getByText('2025-12-10 10:30').isVisible()).toBe(true);
    const continuing = page.getByRole('row').filter({ hasText: '接续服务合作' });
    expect(await continuing.getByText('接续服务机构：').isVisible()).toBe(true);
    expect(await continuing.getByText('福州市康复医院').isVisible()).toBe(true);
    expect(await continuing.getByText('2026-12-31 起终止').isVisible()).toBe(true);
    expect(await page.getByText('已显示 3 份协议').isVisible()).toBe(true);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-supervision-agreements.zh-CN');
    await noViolations(page);

    // filtered by status and by a city: both in the address and sent to the service
    await page.getByLabel('状态').click();
    await option(page, '生效中');
    await page.waitForURL(/status=ACTIVE/);
    await page.getByRole('row').filter({ hasText: '基层协议合作' }).waitFor({ state: 'detached' });
    await page.getByLabel('区划').click();
    await page.getByLabel('区划').fill('福州');
    await option(page, '福州市');
    await page.waitForURL(/division=3501/);
    await expect
      .poll(() => Object.fromEntries(contract.filter((c) => c.url.pathname.endsWith('/v1/agreements')).at(-1)!.url.searchParams))
      .toEqual({ status: 'ACTIVE', division: '3501', limit: '50' });

    // exported as the service's CSV of the same filters, with the token, under the service's name
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 CSV/ }).click()]);
    expect(download.suggestedFilename()).toBe('合作协议-2026-11-30.csv');
    const exported = contract.find((c) => c.url.pathname.endsWith('/v1/agreements.csv'))!;
    expect(Object.fromEntries(exported.url.searchParams)).toEqual({ status: 'ACTIVE', division: '3501' });
    expect(exported.authorization).toMatch(/^Bearer eyJ/);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    // one agreement in a drawer: parties, content, history in CST; nothing to act on
    await page.getByRole('button', { name: '查看协议：福州市鼓楼区乐龄颐养院 与 福建医科大学附属协和医院' }).click();
    await page.waitForURL(/agreement=a0000000-0000-4000-8000-000000000001/);
    const drawer = page.getByRole('dialog', { name: '协议详情' });
    await drawer.getByText('a0000000-0000-4000-8000-000000000001').waitFor();
    expect(await drawer.getByText('巡诊服务费', { exact: false }).isVisible()).toBe(true);
    expect(await drawer.getByText('2025-12-12 11:00').isVisible()).toBe(true);
    expect(await drawer.getByRole('button', { name: /会签|终止|续签|退回/ }).count()).toBe(0);
    await noViolations(page);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    // the referrals: the division kept, the rest of the agreements' filters left behind
    await page.getByRole('tab', { name: '转诊' }).click();
    await page.waitForURL((u) => u.search === '?tab=referrals&division=3501');
    const emergency = page.getByRole('row').filter({ hasText: '急诊' });
    await emergency.getByText('王** · 女 · 1941 年生').waitFor();
    expect(await emergency.getByText('响应超时').isVisible()).toBe(true);
    expect(await emergency.getByText('2026-11-30 10:00').isVisible()).toBe(true);
    const down = page.getByRole('row').filter({ hasText: '下转' });
    await down.getByText('福州市康复医院').waitFor(); // named by the registry
    expect(await down.getByText('回转').isVisible()).toBe(true);
    expect(Object.fromEntries(referral.filter((u) => u.pathname.endsWith('/v1/referrals')).at(-1)!.searchParams)).toEqual({
      division: '3501',
      limit: '50',
    });

    // an institution found by name inside the jurisdiction
    await page.getByLabel('机构').click();
    await page.getByLabel('机构').fill('康复');
    await option(page, '福州市康复医院');
    await page.waitForURL(new RegExp(`institution=${REHAB}`));
    await page.getByRole('row').filter({ hasText: '急诊' }).waitFor({ state: 'detached' });
    expect(searches.at(-1)!.searchParams.get('division')).toBe('35');
    await page.getByRole('button', { name: '清除筛选' }).click();
    await page.waitForURL((u) => u.search === '?tab=referrals');
    await page.getByRole('row').filter({ hasText: '急诊' }).waitFor();
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-supervision-referrals.zh-CN');
    await noViolations(page);

    // one referral, masked, with its milestones and steps
    await page
      .getByRole('button', { name: /^查看转诊：林\*/ })
      .first()
      .click();
    const one = page.getByRole('dialog', { name: '转诊详情' });
    await one.getByText('350103********0417').waitFor();
    expect(await one.getByText('城乡居民基本医疗保险').isVisible()).toBe(true);
    expect(await one.getByText('认领 · 已认领 · 转诊服务台 赵敏').isVisible()).toBe(true);
    await noViolations(page);
    await page.keyboard.press('Escape');
    await one.waitFor({ state: 'hidden' });

    // an export too large: the service's refusal in words (the browser logs the 422, nothing else went wrong)
    expect(problems).toEqual([]);
    await page.getByRole('button', { name: /导出 CSV/ }).click();
    await page.getByRole('alert').filter({ hasText: '符合条件的记录超过 10,000 条' }).waitFor();

    // in English
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Agreements & referrals' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Emergency' }).getByText('王** · Female · born 1941').waitFor();
    expect(await page.getByText('2026-11-30 10:00 CST').first().isVisible()).toBe(true);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-supervision-referrals.en');
    await noViolations(page);

    expect(problems).toEqual(['Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)']);
    await context.close();
  });
});
