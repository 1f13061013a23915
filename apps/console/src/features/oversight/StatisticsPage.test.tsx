/** The statistics page against a fake notification service (fetch stubbed): the period asked for, the breakdown, wait times, the side. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { location, renderWithProviders } from '../../test/render';
import { REFERRAL_STATUSES, REJECTION_REASONS, RULES, type Statistics } from './model';
import { StatisticsPage } from './StatisticsPage';
import { breakdownAnswer, figures, periodsOf, statisticsAnswer, views } from './testing';

const zero = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** A division's answer for November by week: 6 sent and 4 received a week (1 of them internal), waits as bucket bounds. */
function answer(division: string, from: string, to: string): Statistics {
  const week = views(figures({ up: 6, answered: 6, answeredWithinDeadline: 5 }), figures({ down: 4 }), figures({ up: 1 }));
  const waitTimes = {
    ...week.total.waitTimes,
    requestToDecision: { count: 9, median: 3600, p90: null },
  };
  return statisticsAnswer({
    division,
    agreementCoverage: { elderlyCareInstitutions: 12, covered: 9, share: 0.75 },
    referrals: { UP: zero(REFERRAL_STATUSES), DOWN: zero(REFERRAL_STATUSES) },
    responses: { answered: 0, withinDeadline: 0, shareWithinDeadline: null, overdue: 0 },
    refusedOutsideAgreement: 0,
    rejectionReasons: zero(REJECTION_REASONS),
    openFindings: { ...zero(RULES), DISTANT_AGREEMENT: 2 },
    period: { from, to, granularity: 'week', timeZone: 'Asia/Shanghai' },
    range: { ...week, total: { ...week.total, waitTimes } },
    series: periodsOf(from, to, 'week').map((p) => ({ ...p, ...week })),
  });
}

const json = (body: unknown, status = 200, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
let calls: URL[];
let breakdownFails: boolean;

beforeEach(() => {
  calls = [];
  breakdownFails = false;
  vi.stubGlobal('fetch', async (input: Request) => {
    const url = new URL(input.url);
    calls.push(url);
    const q = url.searchParams;
    if (url.pathname === '/api/notification/v1/statistics') return json(answer(q.get('division')!, q.get('from')!, q.get('to')!));
    if (url.pathname === '/api/notification/v1/statistics/breakdown')
      return breakdownFails
        ? json({ type: 'about:blank', title: 'Unavailable', status: 503, code: 'UNAVAILABLE', detail: '' }, 503, 'application/problem+json')
        : json(
            breakdownAnswer(q.get('division')!, q.get('from')!, q.get('to')!, [
              { division: '350102', name: '鼓楼区', ...views(figures({ up: 7 }), figures({ down: 2 })) },
            ]),
          );
    return json({ type: 'about:blank', title: 'x', status: 404, code: 'X', detail: '' }, 404, 'application/problem+json');
  });
});

afterEach(() => vi.unstubAllGlobals());

// jsdom lays nothing out, so ECharts would draw into a 0 × 0 box: the chart here is its image and words (the browser test draws it)
vi.mock('./EChart', () => ({
  EChart: ({ label, testId }: { label: string; testId?: string }) => <div role="img" aria-label={label} data-testid={testId} />,
}));

const PRINCIPAL = { sub: 'u1', name: '林监管', roles: ['regulator' as const], division: '35' };
const NOVEMBER = '/statistics?division=3501&from=2026-11-01&to=2026-11-30&granularity=week';

describe('the statistics page', { timeout: 30_000 }, () => {
  it('asks for the period in the address, and for the counties in one breakdown request', async () => {
    renderWithProviders(<StatisticsPage />, { path: NOVEMBER, principal: PRINCIPAL });
    await screen.findByText('2026-11-01 至 2026-11-30，共 30 天，按周', undefined, { timeout: 10_000 });
    const first = calls.find((u) => u.pathname.endsWith('/v1/statistics'))!;
    expect(Object.fromEntries(first.searchParams)).toEqual({ division: '3501', from: '2026-11-01', to: '2026-11-30', granularity: 'week' });
    const gulou = (await screen.findByRole('link', { name: '查看鼓楼区的统计' }, { timeout: 10_000 })).closest('tr')!;
    await within(gulou).findByText('75.0%', undefined, { timeout: 10_000 });
    // sent 7, received 2, all 9 over the period; the county's own totals beside them
    expect(
      within(gulou)
        .getAllByRole('cell')
        .slice(1, 4)
        .map((c) => c.textContent),
    ).toEqual(['7', '2', '9']);
    const breakdowns = calls.filter((u) => u.pathname.endsWith('/v1/statistics/breakdown'));
    expect(breakdowns.map((u) => Object.fromEntries(u.searchParams))).toEqual([{ division: '3501', from: '2026-11-01', to: '2026-11-30' }]);
    // a county without referrals in the period (not in the breakdown) reads 0, not "…"
    const taijiang = screen.getByRole('link', { name: '查看台江区的统计' }).closest('tr')!;
    expect(
      within(taijiang)
        .getAllByRole('cell')
        .slice(1, 4)
        .map((c) => c.textContent),
    ).toEqual(['0', '0', '0']);
    // the drill-down keeps the period
    expect(screen.getByRole('link', { name: '查看鼓楼区的统计' }).getAttribute('href')).toBe(
      '/statistics?division=350102&from=2026-11-01&to=2026-11-30&granularity=week',
    );
  });

  it('writes wait times as the bucket they fall in, and the weeks with their days', async () => {
    renderWithProviders(<StatisticsPage />, { path: NOVEMBER, principal: PRINCIPAL });
    const leg = (await screen.findByText('发起 → 答复', { selector: 'td' }, { timeout: 10_000 })).closest('tr')!;
    expect(within(leg).getByText('≤ 1 小时')).toBeTruthy();
    expect(within(leg).getByText('> 30 天')).toBeTruthy();
    expect(within(screen.getByText('答复 → 到达', { selector: 'td' }).closest('tr')!).getAllByText('—')).toHaveLength(2);
    expect(screen.getByText('2026-W48（11-23 – 11-29）', { selector: 'td' })).toBeTruthy();
    expect(screen.getByTestId('chart-waits').getAttribute('aria-label')).toContain(
      '发起 → 答复：9 件，中位数 ≤ 1 小时，第 90 百分位 > 30 天',
    );
    // all: 6 + 4 − 1 internal
    const requested = screen.getAllByText('发起转诊')[0].closest('.ant-card')!;
    expect(within(requested as HTMLElement).getByText('9')).toBeTruthy();
  });

  it('changes the side and the granularity in the address, and asks again', async () => {
    const user = userEvent.setup();
    renderWithProviders(<StatisticsPage />, { path: NOVEMBER, principal: PRINCIPAL });
    await screen.findByRole('heading', { level: 3, name: '所选期间（全部）' }, { timeout: 10_000 });
    await user.click(screen.getByText('转出', { selector: '.ant-segmented-item-label' }));
    await screen.findByRole('heading', { level: 3, name: '所选期间（转出）' });
    expect(new URLSearchParams(location.current.split('?')[1]).get('side')).toBe('sent');
    await user.click(screen.getByText('按月', { selector: '.ant-segmented-item-label' }));
    await waitFor(() => expect(location.current).toContain('granularity=month'));
    await waitFor(() =>
      expect(calls.some((u) => u.pathname.endsWith('/v1/statistics') && u.searchParams.get('granularity') === 'month')).toBe(true),
    );
    await user.click(screen.getByRole('button', { name: /最近 30 天/ }));
    await waitFor(() => expect(location.current).not.toContain('from='));
    expect(location.current).toContain('division=3501');
  });

  it('says so when the breakdown cannot be read, and still shows each county’s own totals', async () => {
    breakdownFails = true;
    renderWithProviders(<StatisticsPage />, { path: NOVEMBER, principal: PRINCIPAL });
    const gulou = (await screen.findByRole('link', { name: '查看鼓楼区的统计' }, { timeout: 10_000 })).closest('tr')!;
    await within(gulou).findByText('75.0%', undefined, { timeout: 10_000 });
    await waitFor(() => expect(within(gulou).getAllByText('读取失败')).toHaveLength(4));
  });
});
