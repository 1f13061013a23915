/**
 * The regulator's screens in Debian's Chromium, the services answered by the test (as signed-in.e2e.ts)
 * the way the notification service answers (docs/api/statistics.md: the period's series summed from
 * days, ISO weeks, both sides of a referral, wait times as bucket bounds, the breakdown of the children):
 * a provincial regulator (福建省, division 35) lands on the statistics of the last 30 days, chooses
 * November by week, reads the key figures, the five ECharts charts drawn (with the same numbers as text)
 * and the wait times as "≤ bucket", the cities from one breakdown request, exports the page's figures
 * (UTF-8 with a byte-order mark) and the server's CSV of the series, drills down from the province to a
 * city with the period kept; then opens the compliance findings, filters them by rule and opens one,
 * reads, pauses and creates a webhook subscription, and reads the findings and the statistics in
 * English. Each page is checked with axe-core; the statistics and the findings are photographed in both
 * languages.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { REFERRAL_STATUSES } from '@contracts/referral/vocabulary';
import { addDays, chinaDate, daysBetween } from '@kernel/clock';
import type { Breakdown, Figures, Finding, Granularity, Statistics, Views } from '../src/features/oversight/model';
import {
  breakdownAnswer,
  combine,
  figures,
  finding,
  outsideAgreementFinding,
  periodsOf,
  statisticsAnswer,
  views,
} from '../src/features/oversight/testing';
import { accessibilityViolations, json, offlineConsole, problemsOf, screenshot, signedInContext, typeDate } from './harness';

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
/** A share as the page writes it (82.4%). */
const percentOf = (share: number | null) => (share === null ? '—' : `${(Math.round(share * 1000) / 10).toFixed(1)}%`);

/** A division's current totals: the province's, and smaller ones for each city (the sum is not checked here). */
function current(division: string): Statistics {
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

/** The share of the province's referrals each division takes part in (the children's are made up from the same days). */
const SHARE: Record<string, number> = { '35': 1, '3501': 0.5, '3502': 0.25, '3505': 0.1, '350102': 0.2, '350103': 0.15, '350111': 0.1 };
/** The divisions with referrals counted below each (the breakdown lists only those), with the names the service gives. */
const CHILDREN: Record<string, [string, string][]> = {
  '35': [
    ['3501', '福州市'],
    ['3502', '厦门市'],
    ['3505', '泉州市'],
  ],
  '3501': [
    ['350102', '鼓楼区'],
    ['350103', '台江区'],
    ['350111', '晋安区'],
  ],
};

/** The waits of a period with answers: each leg's median and 90th percentile as bucket upper bounds (seconds). */
const waits = (answered: number, arrived: number): Figures['waitTimes'] => ({
  requestToReceipt: { count: answered, median: answered ? 300 : null, p90: answered ? 1800 : null },
  receiptToDecision: { count: answered, median: answered ? 1800 : null, p90: answered ? 7200 : null },
  requestToDecision: { count: answered, median: answered ? 3600 : null, p90: answered ? 14_400 : null },
  decisionToArrival: { count: arrived, median: arrived ? 14_400 : null, p90: arrived ? 86_400 : null },
});

/** One day's referrals of a division, both sides and the internal ones, made up from the date (so periods sum from days). */
function day(date: string, share: number): { sent: Figures; received: Figures; internal: Figures } {
  const d = Number(date.slice(8));
  const n = (v: number) => Math.round(v * share);
  const side = (up: number, down: number, late: number, rejected: number) => {
    const answered = up + down;
    return figures({
      up,
      down,
      received: answered,
      answered,
      answeredWithinDeadline: answered - late,
      accepted: answered - rejected,
      rejected,
      arrived: Math.max(0, answered - rejected - n(1)),
      overdue: late,
      rejectionReasons: rejected ? (d % 2 ? { CAPACITY_FULL: rejected } : { OUT_OF_SCOPE: rejected }) : {},
    });
  };
  const sent = side(n(4 + (d % 5)), n(1 + (d % 3)), n(d % 7 === 0 ? 1 : 0), n(d % 3 === 0 ? 2 : 0));
  const received = side(n(3 + (d % 4)), n(2 + (d % 2)), n(d % 6 === 0 ? 1 : 0), n(d % 4 === 0 ? 1 : 0));
  // referrals between two of its own institutions: sent and received by it, counted once in its total
  return { sent, received, internal: side(n(2), n(1), 0, 0) };
}

/** A range's figures in the three views, summed from its days as the service sums its daily rows. */
function over(from: string, to: string, share: number): Views {
  const days = Array.from({ length: daysBetween(from, to) + 1 }, (_, i) => day(addDays(from, i), share));
  const sum = (pick: (d: ReturnType<typeof day>) => Figures) => combine([figures(), ...days.map(pick)]);
  const sent = sum((d) => d.sent);
  const received = sum((d) => d.received);
  const v = views(
    sent,
    received,
    sum((d) => d.internal),
  );
  return {
    sent: { ...v.sent, waitTimes: waits(sent.answered, sent.arrived) },
    received: { ...v.received, waitTimes: waits(received.answered, received.arrived) },
    total: { ...v.total, waitTimes: waits(v.total.answered, v.total.arrived) },
  };
}

/** The range a query asks for, read as the service reads it (the 30 days to today, China time, when absent). */
function rangeOf(q: URLSearchParams): { from: string; to: string; granularity: Granularity } {
  const today = chinaDate(new Date());
  const to = q.get('to') ?? (q.get('from') ? [addDays(q.get('from')!, 29), today].sort()[0] : today);
  return { from: q.get('from') ?? addDays(to, -29), to, granularity: (q.get('granularity') as Granularity | null) ?? 'day' };
}

/** GET /v1/statistics?division=&from=&to=&granularity= as the service answers it. */
function statistics(q: URLSearchParams): Statistics {
  const division = q.get('division') ?? '35';
  const { from, to, granularity } = rangeOf(q);
  const share = SHARE[division] ?? 0.05;
  return {
    ...current(division),
    period: { from, to, granularity, timeZone: 'Asia/Shanghai' },
    range: over(from, to, share),
    series: periodsOf(from, to, granularity).map((p) => ({ ...p, ...over(p.from, p.to, share) })),
  };
}

/** GET /v1/statistics/breakdown?division=&from=&to= as the service answers it. */
function breakdown(q: URLSearchParams): Breakdown {
  const division = q.get('division') ?? '35';
  const { from, to } = rangeOf(q);
  return breakdownAnswer(
    division,
    from,
    to,
    (CHILDREN[division] ?? []).map(([code, name]) => ({ division: code, name, ...over(from, to, SHARE[code] ?? 0.05) })),
  );
}

/** GET /v1/statistics.csv: the series as the service writes it (UTF-8 with a byte-order mark, an attachment). */
function statisticsCsv(q: URLSearchParams): { headers: Record<string, string>; body: string } {
  const s = statistics(q);
  const lines = [
    'period,from,to,side,requested_up,requested_down,requested_total',
    ...[...s.series.map((p) => [p.period, p.from, p.to, p] as const), ['range', s.period.from, s.period.to, s.range] as const].flatMap(
      ([name, from, to, v]) =>
        (['sent', 'received', 'total'] as const).map((side) =>
          [name, from, to, side, v[side].requested.UP, v[side].requested.DOWN, v[side].requested.total].join(','),
        ),
    ),
  ];
  const name = `statistics-${s.division}-${s.period.from}-${s.period.to}-${s.period.granularity}.csv`;
  return {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"; filename*=UTF-8''${name}`,
    },
    body: `\uFEFF${lines.join('\r\n')}\r\n`,
  };
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
      if (path === '/v1/statistics') return json(route, statistics(url.searchParams));
      if (path === '/v1/statistics/breakdown') return json(route, breakdown(url.searchParams));
      if (path === '/v1/statistics.csv') return route.fulfill({ status: 200, ...statisticsCsv(url.searchParams) });
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

    // signed in, a regulator lands on the statistics of their jurisdiction over the last 30 days, by day
    await page.goto(app.server.url);
    await page.getByRole('heading', { level: 2, name: '统计分析' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/statistics');
    await page.getByText('统计范围：福建省').waitFor();
    const today = chinaDate(new Date());
    await page.getByText(`${addDays(today, -29)} 至 ${today}，共 30 天，按日`).waitFor();
    const statisticsAsked = () => asked.filter((u) => u.pathname.endsWith('/v1/statistics'));
    expect(Object.fromEntries(statisticsAsked()[0].searchParams)).toEqual({
      division: '35',
      from: addDays(today, -29),
      to: today,
      granularity: 'day',
    });

    // November, by week: typed into the date fields, the granularity chosen; kept in the address
    await page.getByText('按周', { exact: true }).click();
    await typeDate(page, '截止日期', '2026-11-30');
    await typeDate(page, '起始日期', '2026-11-01');
    await page.getByText('2026-11-01 至 2026-11-30，共 30 天，按周').waitFor();
    const address = new URL(page.url()).searchParams;
    expect([address.get('from'), address.get('to'), address.get('granularity')]).toEqual(['2026-11-01', '2026-11-30', 'week']);
    await expect
      .poll(() =>
        statisticsAsked().some((u) => u.searchParams.get('from') === '2026-11-01' && u.searchParams.get('granularity') === 'week'),
      )
      .toBe(true);

    // the period's figures (all referrals the province took part in, each once), as the service summed them
    const november = over('2026-11-01', '2026-11-30', 1);
    const kpi = (title: string) => page.locator('.ant-card').filter({ has: page.getByText(title, { exact: true }) });
    await kpi('发起转诊').getByText(String(november.total.requested.total), { exact: true }).waitFor();
    expect(
      await kpi('发起转诊').getByText(`上转 ${november.total.requested.UP} 件，下转 ${november.total.requested.DOWN} 件`).isVisible(),
    ).toBe(true);
    expect(await kpi('按时答复率').getByText(percentOf(november.total.onTimeRate)).isVisible()).toBe(true);
    // the totals since the start are still there, said to be so
    expect(await page.getByText('82.5%').isVisible()).toBe(true); // 99 of 120 nursing homes
    expect(await page.getByText('99 / 120 家养老机构有生效中的合作协议').isVisible()).toBe(true);
    expect(await page.getByText('90.8%').isVisible()).toBe(true); // 109 of 120 answered in time

    // five charts drawn (SVG), each an image with its numbers in words, and the same numbers as tables
    for (const id of ['chart-series', 'chart-waits', 'chart-rejections', 'chart-referrals', 'chart-findings']) {
      const chart = page.getByTestId(id);
      await chart.locator('svg path').first().waitFor({ state: 'attached' });
      expect(await chart.locator('svg').isVisible()).toBe(true);
      expect(await chart.locator('svg path').count()).toBeGreaterThan(5); // axes, and a line or a bar for each figure
      expect(await chart.getAttribute('role')).toBe('img');
    }
    const w48 = over('2026-11-23', '2026-11-29', 1);
    expect(await page.getByTestId('chart-series').getAttribute('aria-label')).toContain(
      `2026-W48（11-23 – 11-29）：转出 ${w48.sent.requested.total}，接收 ${w48.received.requested.total}，全部 ${w48.total.requested.total}`,
    );
    // the first and last weeks are clipped to the range, as the service clips them
    expect(await page.getByTestId('chart-series').getAttribute('aria-label')).toMatch(/^发起转诊数量趋势：2026-W44（11-01 – 11-01）：/);
    const w48row = page.getByRole('row').filter({ hasText: '2026-W48（11-23 – 11-29）' });
    expect(await w48row.getByRole('cell', { name: String(w48.total.requested.total), exact: true }).isVisible()).toBe(true);
    // wait times: the bucket's upper bound, written "≤"
    expect(await page.getByTestId('chart-waits').getAttribute('aria-label')).toContain(
      `发起 → 答复：${november.total.answered} 件，中位数 ≤ 1 小时，第 90 百分位 ≤ 4 小时`,
    );
    const arrival = page.getByRole('row').filter({ hasText: '答复 → 到达' });
    expect(await arrival.getByText('≤ 4 小时').isVisible()).toBe(true);
    expect(await arrival.getByText('≤ 1 天').isVisible()).toBe(true);
    expect(await page.getByTestId('chart-rejections').getAttribute('aria-label')).toContain(
      `床位已满 ${november.total.rejectionReasons.CAPACITY_FULL}`,
    );
    expect(await page.getByTestId('chart-referrals').getAttribute('aria-label')).toContain('已完成：上转 64，下转 31');
    expect(await page.getByRole('row').filter({ hasText: '养老机构无医疗服务保障' }).getByText('21').isVisible()).toBe(true);

    // the cities: the period's figures from one breakdown request, each one's totals since the start from its own
    const fuzhou = page.getByRole('row').filter({ has: page.getByRole('link', { name: '查看福州市的统计' }) });
    await fuzhou.getByText('83.3%').waitFor(); // 50 of 60 (half the province's figures, rounded)
    const fuzhouNovember = over('2026-11-01', '2026-11-30', 0.5);
    expect(await fuzhou.getByRole('cell', { name: String(fuzhouNovember.total.requested.total), exact: true }).isVisible()).toBe(true);
    // 莆田市 counted no referral in the period: the breakdown leaves it out, the page says 0
    const putian = page.getByRole('row').filter({ has: page.getByRole('link', { name: '查看莆田市的统计' }) });
    expect(await putian.getByRole('cell').allInnerTexts()).toEqual(expect.arrayContaining(['莆田市']));
    expect((await putian.getByRole('cell').allInnerTexts()).slice(1, 5)).toEqual(['0', '0', '0', '—']); // sent, received, all, in time
    const breakdowns = asked.filter((u) => u.pathname.endsWith('/v1/statistics/breakdown'));
    expect(breakdowns.map((u) => Object.fromEntries(u.searchParams))).toContainEqual({
      division: '35',
      from: '2026-11-01',
      to: '2026-11-30',
    });
    expect(
      statisticsAsked()
        .filter((u) => u.searchParams.get('division') === '3501')
        .every((u) => u.searchParams.get('from') === '2026-11-01' || u.searchParams.get('from') === addDays(today, -29)),
    ).toBe(true);

    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-regulator-statistics.zh-CN');
    const violations = await accessibilityViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

    // the referrals received, rather than all: the key figures as the province's receivers count them
    await page.getByRole('radio', { name: '接收' }).locator('xpath=..').click(); // the segment's label
    await page.getByRole('heading', { level: 3, name: '所选期间（接收）' }).waitFor();
    expect(new URL(page.url()).searchParams.get('side')).toBe('received');
    await kpi('发起转诊').getByText(String(november.received.requested.total), { exact: true }).waitFor();
    await page.getByRole('radio', { name: '全部' }).locator('xpath=..').click();
    await page.getByRole('heading', { level: 3, name: '所选期间（全部）' }).waitFor();

    // the page's figures as a file: UTF-8 with a byte-order mark, one figure a row, the period in each
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出本页 CSV/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^统计分析-福建省-20261101-20261130-\d{12}\.csv$/);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('区划代码,区划,期间,指标,分项,数值');
    expect(lines).toContain('35,福建省,累计,签约覆盖率,签约覆盖率,82.5%');
    expect(lines).toContain(`35,福建省,2026-11-01 – 2026-11-30,发起转诊,全部 · 合计,${november.total.requested.total}`);
    expect(lines).toContain(`35,福建省,2026-W48（11-23 – 11-29）,发起转诊,转出,${w48.sent.requested.total}`);
    expect(lines).toContain('35,福建省,2026-11-01 – 2026-11-30,等待时长（秒，区间上限）,全部 · 发起 → 答复 · 中位数 ≤,3600');
    expect(lines).toContain('3501,福州市,累计,签约覆盖率,已签约养老机构数,50');
    expect(lines).toContain(`3501,福州市,2026-11-01 – 2026-11-30,发起转诊,全部 · 合计,${fuzhouNovember.total.requested.total}`);

    // the server's CSV of the series, for the same division and period, fetched with the token
    const [serverFile] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出明细 CSV/ }).click()]);
    expect(serverFile.suggestedFilename()).toBe('statistics-35-2026-11-01-2026-11-30-week.csv');
    const csvAsked = asked.filter((u) => u.pathname.endsWith('/v1/statistics.csv'));
    expect(csvAsked.map((u) => Object.fromEntries(u.searchParams))).toEqual([
      { division: '35', from: '2026-11-01', to: '2026-11-30', granularity: 'week' },
    ]);
    const serverLines = readFileSync((await serverFile.path())!)
      .toString('utf8')
      .slice(1)
      .split('\r\n');
    expect(serverLines).toContain(
      `range,2026-11-01,2026-11-30,total,${november.total.requested.UP},${november.total.requested.DOWN},${november.total.requested.total}`,
    );

    // drill down: province → city, by keyboard, the period kept
    await page.getByRole('link', { name: '查看福州市的统计' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/division=3501/);
    await page.getByText('统计范围：福州市').waitFor();
    expect(new URL(page.url()).searchParams.get('granularity')).toBe('week');
    await page.getByText('2026-11-01 至 2026-11-30，共 30 天，按周').waitFor();
    await kpi('发起转诊').getByText(String(fuzhouNovember.total.requested.total), { exact: true }).waitFor();
    const up = page.getByRole('navigation', { name: '区划层级' }).getByRole('link', { name: '福建省' });
    expect(await up.isVisible()).toBe(true);
    expect(await up.getAttribute('href')).toContain('from=2026-11-01');
    await page.getByRole('link', { name: '查看鼓楼区的统计' }).waitFor();
    expect(asked.some((u) => u.pathname.endsWith('/v1/statistics/breakdown') && u.searchParams.get('division') === '3501')).toBe(true);
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

    // in English: the findings, then the statistics of November by week
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('menuitem', { name: 'Compliance findings' }).click();
    await page.getByRole('heading', { level: 2, name: 'Compliance findings' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Sending institution: 福州市鼓楼区乐龄颐养院' }).waitFor();
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-regulator-findings.en');
    const englishFindings = await accessibilityViolations(page);
    expect(englishFindings, JSON.stringify(englishFindings, null, 2)).toEqual([]);

    await page.goto(`${app.server.url}/statistics?from=2026-11-01&to=2026-11-30&granularity=week`);
    await page.getByRole('heading', { level: 2, name: 'Statistics' }).waitFor();
    await page.getByText('2026-11-01 to 2026-11-30, 30 days, by week').waitFor();
    await page.getByTestId('chart-series').locator('svg path').first().waitFor({ state: 'attached' });
    expect(await page.getByRole('row').filter({ hasText: 'Request → answer' }).getByText('≤ 4 h').isVisible()).toBe(true);
    await page
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: 'Figures for 福州市' }) })
      .getByText('83.3%')
      .waitFor();
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-regulator-statistics.en');
    const englishStatistics = await accessibilityViolations(page);
    expect(englishStatistics, JSON.stringify(englishStatistics, null, 2)).toEqual([]);

    expect(problems).toEqual([]);
    await context.close();
  });
});
