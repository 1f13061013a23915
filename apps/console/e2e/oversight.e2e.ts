/**
 * The regulator's screens in Debian's Chromium, the services answered by the test (as signed-in.e2e.ts):
 * a provincial regulator (福建省, division 35) lands on the statistics, sees the key figures and the
 * three ECharts charts drawn (with the same numbers as text), drills down from the province to a city,
 * exports the figures as CSV (UTF-8 with a byte-order mark), then opens the compliance findings,
 * filters them by rule and opens one, and finally reads, pauses and creates a webhook subscription.
 * Each page is checked with axe-core; the statistics and the findings are photographed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { REFERRAL_STATUSES } from '@contracts/referral/vocabulary';
import type { Finding, Statistics } from '../src/features/oversight/model';
import { finding, outsideAgreementFinding, statisticsAnswer } from '../src/features/oversight/testing';
import { accessibilityViolations, json, offlineConsole, problemsOf, screenshot, signedInContext } from './harness';

const HOME = 'a9e00000-0000-4000-8000-0000000000a1';
const HOSPITAL = 'a9e00000-0000-4000-8000-000000000001';
const NAMES: Record<string, string> = { [HOME]: '福州市鼓楼区乐龄颐养院', [HOSPITAL]: '福建医科大学附属协和医院' };

const app = offlineConsole();

/** Signed in (a session in this tab's storage, valid for an hour). */
async function signedInAs(claims: Record<string, unknown>): Promise<{ context: BrowserContext; page: Page }> {
  const context = await signedInContext(app.browser, { sub: 'u-reg', ...claims });
  return { context, page: await context.newPage() };
}

const zeros = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, 0]));

/** A division's figures: the province's, and smaller ones for each city (the sum is not checked here). */
function statistics(division: string): Statistics {
  const f = division === '35' ? 1 : division === '3501' ? 0.5 : 0.1;
  const n = (v: number) => Math.round(v * f);
  return statisticsAnswer({
    division,
    agreementCoverage: { elderlyCareInstitutions: n(120), covered: n(99), share: n(120) ? n(99) / n(120) : null },
    referrals: {
      UP: {
        ...zeros(REFERRAL_STATUSES),
        REQUESTED: n(6),
        RECEIVED: n(4),
        ACCEPTED: n(18),
        ARRIVED: n(9),
        COMPLETED: n(64),
        REJECTED: n(11),
        EXPIRED: n(2),
      },
      DOWN: { ...zeros(REFERRAL_STATUSES), REQUESTED: n(3), ACCEPTED: n(7), COMPLETED: n(31), RETURNED_WITH_ADVICE: n(2), CANCELLED: n(1) },
    },
    responses: { answered: n(120), withinDeadline: n(109), shareWithinDeadline: n(120) ? n(109) / n(120) : null, overdue: n(5) },
    refusedOutsideAgreement: n(4),
    rejectionReasons: {
      CAPACITY_FULL: n(5),
      OUT_OF_SCOPE: n(3),
      INCOMPLETE_INFORMATION: n(2),
      PATIENT_UNSTABLE_FOR_TRANSFER: n(1),
      WRONG_DESTINATION: 0,
      OTHER: 0,
    },
    openFindings: {
      OVERDUE_REFERRAL_RESPONSE: n(5),
      REFERRAL_OUTSIDE_AGREEMENT: n(2),
      AGREEMENT_EXPIRED_UNRENEWED: n(3),
      ELDERLY_INSTITUTION_WITHOUT_MEDICAL_COVER: n(21),
      SANCTIONED_PARTY_WITH_ACTIVE_AGREEMENTS: 0,
      DISTANT_AGREEMENT: n(1),
      STAFF_FILING_MISSING: n(4),
    },
  });
}

const FINDINGS: Finding[] = [
  outsideAgreementFinding('f1000000-0000-4000-8000-000000000001', HOME, HOSPITAL),
  finding({
    id: 'f1000000-0000-4000-8000-000000000002',
    rule: 'ELDERLY_INSTITUTION_WITHOUT_MEDICAL_COVER',
    subject: `institution:${HOME}`,
    division: '350102',
    status: 'RESOLVED',
    raisedAt: '2026-11-20T01:00:00.000Z',
    resolvedAt: '2026-11-28T07:30:00.000Z',
    details: { institutionId: HOME },
  }),
  finding({
    id: 'f1000000-0000-4000-8000-000000000003',
    rule: 'OVERDUE_REFERRAL_RESPONSE',
    subject: 'referral:r2000000-0000-4000-8000-000000000007',
    division: '350102',
    status: 'OPEN',
    raisedAt: '2026-11-30T01:40:00.000Z',
    resolvedAt: null,
    details: { referralId: 'r2000000-0000-4000-8000-000000000007', receiverId: HOSPITAL },
  }),
];

const SUBSCRIPTION = {
  id: 'c1000000-0000-4000-8000-000000000001',
  url: 'https://wjw.fujian.gov.cn/hooks/yiyang',
  eventTypes: ['compliance.*'],
  division: null as string | null,
  status: 'ACTIVE' as 'ACTIVE' | 'PAUSED',
  createdAt: '2026-11-29T01:00:00.000Z',
  updatedAt: '2026-11-29T01:00:00.000Z',
};

describe('the regulator', () => {
  it('reads the statistics of the province, drills down to a city, exports them, goes through the findings and the webhooks', async () => {
    const { context, page } = await signedInAs({ roles: ['regulator'], name: '林清', division: '35' });
    const problems = problemsOf(page);
    const asked: URL[] = [];
    const created: unknown[] = [];
    const subscriptions = [SUBSCRIPTION];
    await page.route(`${app.server.url}/api/notification/**`, (route) => {
      const url = new URL(route.request().url());
      asked.push(url);
      expect(route.request().headers().authorization).toMatch(/^Bearer eyJ/);
      const path = url.pathname.replace('/api/notification', '');
      if (path === '/v1/stream')
        return route.fulfill({ status: 200, headers: { 'content-type': 'text/event-stream' }, body: ': connected\n\n' });
      if (path === '/v1/inbox/unread-count') return json(route, { unread: 0 });
      if (path === '/v1/statistics') return json(route, statistics(url.searchParams.get('division') ?? '35'));
      if (path === '/v1/compliance/findings') {
        const rule = url.searchParams.get('rule');
        return json(route, { items: FINDINGS.filter((f) => !rule || f.rule === rule), nextCursor: null });
      }
      if (path === '/v1/subscriptions' && route.request().method() === 'POST') {
        const body = route.request().postDataJSON() as { url: string; eventTypes: string[]; division?: string };
        created.push(body);
        const made = {
          ...SUBSCRIPTION,
          id: 'c1000000-0000-4000-8000-000000000002',
          url: body.url,
          eventTypes: body.eventTypes,
          division: body.division ?? null,
        };
        subscriptions.push(made);
        return json(route, { ...made, secret: 'whsec_e2e-secret-shown-once' }, 201);
      }
      if (path === '/v1/subscriptions') return json(route, { items: subscriptions, nextCursor: null });
      if (path === `/v1/subscriptions/${SUBSCRIPTION.id}/pause`) {
        subscriptions[0] = { ...subscriptions[0], status: 'PAUSED' };
        return json(route, subscriptions[0]);
      }
      if (path === `/v1/subscriptions/${SUBSCRIPTION.id}/deliveries`)
        return json(route, {
          items: [
            {
              id: '7',
              eventId: 'e-7',
              eventType: 'yiyang.compliance.finding-raised.v1',
              status: 'DELIVERED',
              createdAt: '2026-11-30T02:05:01.000Z',
              finishedAt: '2026-11-30T02:05:02.000Z',
              nextAttemptAt: null,
              attempts: [{ attempt: 1, at: '2026-11-30T02:05:02.000Z', statusCode: 200, error: null, durationMs: 84 }],
            },
          ],
          nextCursor: null,
        });
      const one = FINDINGS.find((f) => path === `/v1/compliance/findings/${f.id}`);
      if (one) return json(route, one);
      return json(route, { items: [], nextCursor: null });
    });
    await page.route(`${app.server.url}/api/registry/**`, (route) => {
      const id = new URL(route.request().url()).pathname.split('/').pop()!;
      return json(route, { id, name: NAMES[id] ?? '某机构' });
    });

    // signed in, a regulator lands on the statistics of their jurisdiction
    await page.goto(app.server.url);
    await page.getByRole('heading', { level: 2, name: '统计分析' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/statistics');
    await page.getByText('统计范围：福建省').waitFor();
    expect(await page.getByText('82.5%').isVisible()).toBe(true); // 99 of 120 nursing homes
    expect(await page.getByText('99 / 120 家养老机构有生效中的合作协议').isVisible()).toBe(true);
    expect(await page.getByText('90.8%').isVisible()).toBe(true); // 109 of 120 answered in time

    // three charts drawn (SVG bars), each an image with its numbers in words, and the same numbers as tables
    for (const id of ['chart-referrals', 'chart-rejections', 'chart-findings']) {
      const chart = page.getByTestId(id);
      await chart.locator('svg path').first().waitFor({ state: 'attached' });
      expect(await chart.locator('svg').isVisible()).toBe(true);
      expect(await chart.locator('svg path').count()).toBeGreaterThan(5); // axes, and a bar for each figure
      expect(await chart.getAttribute('role')).toBe('img');
    }
    expect(await page.getByTestId('chart-referrals').getAttribute('aria-label')).toContain('已完成：上转 64，下转 31');
    expect(await page.getByTestId('chart-rejections').getAttribute('aria-label')).toBe(
      '拒绝原因：床位已满 5；超出诊疗范围 3；转诊资料不全 2；病情不稳定，不宜转运 1',
    );
    expect(await page.getByRole('row').filter({ hasText: '养老机构无医疗服务保障' }).getByText('21').isVisible()).toBe(true);
    // the cities of the province, each with its own figures
    const fuzhou = page.getByRole('row').filter({ has: page.getByRole('link', { name: '查看福州市的统计' }) });
    await fuzhou.getByText('83.3%').waitFor(); // 50 of 60 (half the province's figures, rounded)
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-regulator-statistics.zh-CN');
    const violations = await accessibilityViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

    // the figures as a file: UTF-8 with a byte-order mark, one figure a row
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 CSV/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^统计分析-福建省-\d{12}\.csv$/);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('区划代码,区划,指标,分项,数值');
    expect(lines).toContain('35,福建省,签约覆盖率,签约覆盖率,82.5%');
    expect(lines).toContain('35,福建省,拒绝原因,床位已满,5');
    expect(lines).toContain('3501,福州市,签约覆盖率,已签约养老机构数,50');

    // drill down: province → city, by keyboard
    await page.getByRole('link', { name: '查看福州市的统计' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/division=3501/);
    await page.getByText('统计范围：福州市').waitFor();
    expect(await page.getByRole('navigation', { name: '区划层级' }).getByRole('link', { name: '福建省' }).isVisible()).toBe(true);
    await page.getByRole('link', { name: '查看鼓楼区的统计' }).waitFor();
    expect(asked.some((u) => u.pathname.endsWith('/v1/statistics') && u.searchParams.get('division') === '350102')).toBe(true);

    // the findings: names, words and CST; filtered by rule; one opened
    await page.getByRole('menuitem', { name: '合规发现' }).click();
    await page.getByRole('heading', { level: 2, name: '合规发现' }).waitFor();
    const outside = page.getByRole('row').filter({ hasText: '无协议发起转诊' });
    await outside.getByText('转出机构：福州市鼓楼区乐龄颐养院').waitFor();
    expect(await outside.getByText('接收机构：福建医科大学附属协和医院').isVisible()).toBe(true);
    expect(await outside.getByText('2026-11-30 10:05').isVisible()).toBe(true);
    expect(await outside.getByText('福建省 福州市 鼓楼区').isVisible()).toBe(true);
    const resolved = page.getByRole('row').filter({ hasText: '养老机构无医疗服务保障' });
    expect(await resolved.getByText('已解决').isVisible()).toBe(true);
    expect(await resolved.getByText('2026-11-28 15:30').isVisible()).toBe(true);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-regulator-findings.zh-CN');
    const findingViolations = await accessibilityViolations(page);
    expect(findingViolations, JSON.stringify(findingViolations, null, 2)).toEqual([]);

    await page.getByLabel('规则').click();
    await page.locator('.ant-select-item[title="转诊响应超时"]').click();
    await page.waitForURL(/rule=OVERDUE_REFERRAL_RESPONSE/);
    await expect
      .poll(() =>
        asked
          .filter((u) => u.pathname.endsWith('/v1/compliance/findings'))
          .at(-1)
          ?.searchParams.get('rule'),
      )
      .toBe('OVERDUE_REFERRAL_RESPONSE');
    await page.getByRole('row').filter({ hasText: '无协议发起转诊' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: '查看合规发现：转诊响应超时' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('转诊超过响应时限仍未答复；答复或撤销后解除。').waitFor();
    expect(await drawer.getByText('福建医科大学附属协和医院').isVisible()).toBe(true);
    expect(await drawer.getByText('转诊 r2000000…').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    // webhook subscriptions: the list, its deliveries, pause, and a new one whose secret is shown once
    await page.getByRole('menuitem', { name: '事件订阅' }).click();
    await page.getByRole('heading', { level: 2, name: '事件订阅' }).waitFor();
    const hook = page.getByRole('row').filter({ hasText: SUBSCRIPTION.url });
    await hook.getByText('推送中').waitFor();
    await hook.getByRole('button', { name: '推送记录' }).click();
    const deliveries = page.getByRole('dialog');
    await deliveries.getByText('已送达').waitFor();
    expect(await deliveries.getByText('HTTP 200，84 毫秒').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await deliveries.waitFor({ state: 'hidden' });
    await hook.getByRole('button', { name: /暂\s*停/ }).click();
    await hook.getByText('已暂停').waitFor();
    await page.getByRole('button', { name: /新建订阅/ }).click();
    const dialog = page.getByRole('dialog', { name: '新建订阅' });
    await dialog.getByLabel('接收地址').fill('https://mzt.fujian.gov.cn/hooks/yiyang');
    await dialog.getByLabel('区划').click();
    await page.locator('.ant-select-item[title="福州市"]').click();
    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    const secret = page.getByRole('dialog', { name: '订阅已创建' });
    await secret.getByText('whsec_e2e-secret-shown-once').waitFor();
    expect(created).toEqual([{ url: 'https://mzt.fujian.gov.cn/hooks/yiyang', eventTypes: ['compliance.*'], division: '3501' }]);
    const subscriptionViolations = await accessibilityViolations(page);
    expect(subscriptionViolations, JSON.stringify(subscriptionViolations, null, 2)).toEqual([]);
    await secret.getByRole('button', { name: '关 闭' }).click();
    await page.getByRole('row').filter({ hasText: 'https://mzt.fujian.gov.cn/hooks/yiyang' }).getByText('福建省 福州市').waitFor();

    expect(problems).toEqual([]);
    await context.close();
  });
});
