/**
 * The statistics as figures people read: shares as percentages, the rows of the text tables under each
 * chart, the chart options (Apache ECharts; plain objects, built and tested without a browser) and the
 * rows of the CSV export. One source for the chart, its table and the file, so they cannot disagree.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { Cell } from './csv';
import type { OversightTranslate } from './i18n';
import { labelOf, type OversightLabels } from './messages';
import {
  DIRECTIONS,
  REFERRAL_STATUSES,
  REJECTION_REASONS,
  RULES,
  SIDES,
  WAIT_LEGS,
  openFindingsTotal,
  referralCount,
  type Breakdown,
  type Figures,
  type Rule,
  type Statistics,
  type Views,
  type WaitLeg,
} from './model';
import { boundsOf, bucketRank, durationText, readPercentiles, waitText, type WaitReading } from './waits';

/** 0.8235 → "82.4%"; no share (nothing to divide) → the "—" of the page. */
export const percent = (share: number | null | undefined, none = '—') =>
  share === null || share === undefined || !Number.isFinite(share) ? none : `${(Math.round(share * 1000) / 10).toFixed(1)}%`;

/** Keys in the console's order first, then any the service added since (so nothing counted is dropped). */
function ordered(known: readonly string[], present: Record<string, unknown>): string[] {
  return [...known, ...Object.keys(present).filter((k) => !known.includes(k))];
}

export interface ReferralRow {
  status: string;
  label: string;
  byDirection: Record<string, number>;
  total: number;
}

/** Referrals by status (rows) and direction (columns), statuses with none left out. */
export function referralRows(s: Statistics, L: OversightLabels): { directions: { key: string; label: string }[]; rows: ReferralRow[] } {
  const directions = ordered(DIRECTIONS, s.referrals).map((key) => ({ key, label: labelOf(L.direction, key) }));
  const statuses = ordered(REFERRAL_STATUSES, Object.assign({}, ...Object.values(s.referrals)) as Record<string, number>);
  const rows = statuses
    .map((status) => {
      const byDirection = Object.fromEntries(directions.map((d) => [d.key, referralCount(s, d.key, status)]));
      return {
        status,
        label: labelOf(L.referralStatus, status),
        byDirection,
        total: Object.values(byDirection).reduce((a, b) => a + b, 0),
      };
    })
    .filter((r) => r.total > 0);
  return { directions, rows };
}

export interface CountRow {
  key: string;
  label: string;
  count: number;
}

/** Rejection reasons (of a period's figures), most frequent first (reasons never given left out). */
export function rejectionRows(reasons: Record<string, number>, L: OversightLabels): CountRow[] {
  return ordered(REJECTION_REASONS, reasons)
    .map((key) => ({ key, label: labelOf(L.rejection, key), count: reasons[key] ?? 0 }))
    .filter((r) => r.count > 0)
    .sort((a, b) => b.count - a.count);
}

/** Open findings by rule, most first (rules with none left out). */
export function findingRows(s: Statistics, L: OversightLabels): CountRow[] {
  return ordered(RULES, s.openFindings)
    .map((key) => ({ key, label: labelOf(L.rule, key), count: s.openFindings[key as Rule] ?? 0 }))
    .filter((r) => r.count > 0)
    .sort((a, b) => b.count - a.count);
}

/** What a chart shows, in one sentence (its aria-label). */
export const summaryOf = (rows: { label: string; count: number }[], sep = '；') => rows.map((r) => `${r.label} ${r.count}`).join(sep);

const PALETTE = ['#0f6e56', '#1d6fb8', '#b35c00', '#7b3fa0', '#c0392b', '#2e7d32', '#5d6d7e', '#a0522d', '#00838f'];
const TEXT = { fontFamily: 'system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif', color: '#262626' };

const baseOption = (): EChartsCoreOption => ({
  color: PALETTE,
  textStyle: TEXT,
  animation: false,
  aria: { enabled: false }, // the page's own role="img" and text table speak for the chart
  tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
  grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
});

/** Referrals: one horizontal bar per direction, stacked by status. */
export function referralsOption(s: Statistics, L: OversightLabels): EChartsCoreOption {
  const { directions, rows } = referralRows(s, L);
  return {
    ...baseOption(),
    legend: { top: 0, textStyle: TEXT },
    grid: { left: 8, right: 24, top: 64, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: directions.map((d) => d.label), inverse: true },
    series: rows.map((r) => ({
      type: 'bar',
      name: r.label,
      stack: 'referrals',
      barMaxWidth: 36,
      label: { show: true, formatter: (p: { value: number }) => (p.value ? String(p.value) : '') },
      data: directions.map((d) => r.byDirection[d.key]),
    })),
  };
}

/** Counts by a label (rejection reasons, findings by rule): horizontal bars, the largest on top. */
export function countsOption(rows: CountRow[], colour: string): EChartsCoreOption {
  return {
    ...baseOption(),
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((r) => r.label), inverse: true, axisLabel: { width: 220, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        data: rows.map((r) => r.count),
        itemStyle: { color: colour },
        barMaxWidth: 28,
        label: { show: true, position: 'right' },
      },
    ],
  };
}

// ── figures over a period ──

export interface SeriesRow {
  /** the API's name of the period: 2026-11-23, 2026-W48 or 2026-11 */
  key: string;
  /** on the chart's axis: 11-23, W48 or 2026-11 */
  axis: string;
  /** in the table: the name, and a week's days */
  label: string;
  from: string;
  to: string;
  sent: number;
  received: number;
  total: number;
}

const monthDay = (day: string) => day.slice(5);

/** The referrals requested in each period of the series, in the three views (sent, received, all). */
export function seriesRows(s: Pick<Statistics, 'series' | 'period'>, t: OversightTranslate): SeriesRow[] {
  const granularity = s.period.granularity;
  return s.series.map((p) => ({
    key: p.period,
    axis: granularity === 'day' ? monthDay(p.period) : granularity === 'week' ? p.period.slice(5) : p.period,
    label: granularity === 'week' ? t('weekLabel', { week: p.period, from: monthDay(p.from), to: monthDay(p.to) }) : p.period,
    from: p.from,
    to: p.to,
    sent: p.sent.requested.total,
    received: p.received.requested.total,
    total: p.total.requested.total,
  }));
}

/** What the series chart shows, in one sentence (every period's three numbers). */
export const seriesSummary = (rows: SeriesRow[], t: OversightTranslate): string =>
  rows.map((r) => t('chartSeriesSummary', { period: r.label, sent: r.sent, received: r.received, total: r.total })).join('；');

/** The series as lines: all (the headline, drawn thicker), sent and received, one point per period. */
export function seriesOption(rows: SeriesRow[], t: OversightTranslate): EChartsCoreOption {
  const line = (name: string, data: number[], colour: string, width: number) => ({
    type: 'line',
    name,
    data,
    symbol: 'circle',
    symbolSize: rows.length > 60 ? 0 : 6,
    showSymbol: rows.length <= 60,
    lineStyle: { width, color: colour },
    itemStyle: { color: colour },
  });
  return {
    ...baseOption(),
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: TEXT },
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', boundaryGap: false, data: rows.map((r) => r.axis) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      line(
        t('colTotal'),
        rows.map((r) => r.total),
        PALETTE[0],
        3,
      ),
      line(
        t('colSent'),
        rows.map((r) => r.sent),
        PALETTE[1],
        2,
      ),
      line(
        t('colReceived'),
        rows.map((r) => r.received),
        PALETTE[2],
        2,
      ),
    ],
  };
}

export interface WaitRow {
  leg: WaitLeg;
  label: string;
  count: number;
  median: WaitReading;
  p90: WaitReading;
  medianText: string;
  p90Text: string;
}

/** The four legs' waits of one view over the period, read as "≤ bucket". */
export function waitRows(f: Figures, bounds: readonly number[], t: OversightTranslate): WaitRow[] {
  return WAIT_LEGS.map((leg) => {
    const r = readPercentiles(f.waitTimes[leg], bounds);
    return { leg, label: t(`leg_${leg}`), ...r, medianText: waitText(r.median, t), p90Text: waitText(r.p90, t) };
  });
}

export const waitSummary = (rows: WaitRow[], t: OversightTranslate): string =>
  rows.map((r) => t('waitSummary', { leg: r.label, count: r.count, median: r.medianText, p90: r.p90Text })).join('；');

/** The ranks on the bucket axis that carry a label (1 minute, 5 minutes, an hour, a day, a week, past the last). */
const LABELLED_BOUNDS = [60, 300, 3600, 86_400, 604_800];

/**
 * Wait times as horizontal bars on the ladder of buckets (the axis is the buckets, not seconds: a value
 * is only known to its bucket): for each leg, a bar to its median's bucket and one to its 90th
 * percentile's, each labelled "≤ …" as read.
 */
export function waitsOption(rows: WaitRow[], bounds: readonly number[], t: OversightTranslate): EChartsCoreOption {
  const top = bounds.length + 1;
  const axisText = (rank: number) => {
    if (rank === top) return t('waitOver', { duration: durationText(bounds[bounds.length - 1], t) });
    const bound = bounds[rank - 1];
    return bound !== undefined && LABELLED_BOUNDS.includes(bound) ? durationText(bound, t) : '';
  };
  const bars = (name: string, pick: (r: WaitRow) => WaitReading, text: (r: WaitRow) => string, colour: string) => ({
    type: 'bar',
    name,
    barMaxWidth: 18,
    itemStyle: { color: colour },
    data: rows.map((r) => bucketRank(pick(r), bounds)),
    label: {
      show: true,
      position: 'right',
      formatter: (p: { dataIndex: number; value: number }) => (p.value ? text(rows[p.dataIndex]) : ''),
    },
  });
  return {
    ...baseOption(),
    tooltip: { show: false },
    legend: { top: 0, textStyle: TEXT },
    grid: { left: 8, right: 72, top: 36, bottom: 8, containLabel: true },
    xAxis: {
      type: 'value',
      min: 0,
      max: top,
      interval: 1,
      axisLabel: { formatter: (v: number) => axisText(v), hideOverlap: true },
      splitLine: { show: false },
    },
    yAxis: { type: 'category', data: rows.map((r) => r.label), inverse: true },
    series: [
      bars(
        t('colMedian'),
        (r) => r.median,
        (r) => r.medianText,
        PALETTE[1],
      ),
      bars(
        t('colP90'),
        (r) => r.p90,
        (r) => r.p90Text,
        PALETTE[3],
      ),
    ],
  };
}

// ── the divisions inside the one shown ──

export interface ChildRow {
  code: string;
  name: string;
  /** the period's figures in the three views (zeros when the breakdown lists no referral for it) */
  views?: Views;
  /** the division's own answer (its current totals) */
  stats?: Statistics;
  failed: boolean;
  breakdownFailed: boolean;
}

/**
 * The children of a division: every one the division list knows (in its order), with the breakdown's
 * figures over the period (the breakdown lists only children with referrals counted: the others had
 * none) and any child the breakdown names that the list does not know, so nothing counted is dropped.
 */
export function childRows(
  known: { code: string; name: string }[],
  breakdown: Pick<Breakdown, 'children'> | undefined,
  current: (code: string) => { data?: Statistics; error?: unknown } | undefined,
  breakdownFailed = false,
): ChildRow[] {
  const byCode = new Map((breakdown?.children ?? []).map((c) => [c.division, c]));
  const extra = (breakdown?.children ?? [])
    .filter((c) => !known.some((k) => k.code === c.division))
    .map((c) => ({ code: c.division, name: c.name ?? c.division }));
  return [...known, ...extra].map((c) => {
    const b = byCode.get(c.code);
    const s = current(c.code);
    return {
      code: c.code,
      name: c.name,
      views: breakdown ? (b ? { total: b.total, sent: b.sent, received: b.received } : undefined) : undefined,
      stats: s?.data,
      failed: !!s?.error,
      breakdownFailed,
    };
  });
}

/** A child's period figures: its views, or nothing counted when the breakdown (read) does not list it. */
export const childViews = (row: Pick<ChildRow, 'views'>, breakdownRead: boolean): Views | undefined =>
  row.views ?? (breakdownRead ? NO_VIEWS : undefined);

const NO_FIGURES: Figures = {
  requested: { total: 0 },
  statusChanges: {},
  received: 0,
  answered: 0,
  answeredWithinDeadline: 0,
  onTimeRate: null,
  accepted: 0,
  rejected: 0,
  acceptanceRate: null,
  rejectionReasons: {},
  arrived: 0,
  overdue: 0,
  waitTimes: Object.fromEntries(WAIT_LEGS.map((leg) => [leg, { count: 0, median: null, p90: null }])) as Figures['waitTimes'],
};
const NO_VIEWS: Views = { total: NO_FIGURES, sent: NO_FIGURES, received: NO_FIGURES };

// ── the page as a file ──

/** "2026-11-01 – 2026-11-30": the period in a CSV cell. */
export const periodCell = (p: Pick<Statistics['period'], 'from' | 'to'>) => `${p.from} – ${p.to}`;

/**
 * Every figure of the page as CSV rows: division code and name, period, metric, item, value — one
 * figure a row, so a spreadsheet can pivot it. The totals since the start (the period column says so),
 * the period's figures in the three views, the series, the wait times (seconds: the bucket's upper
 * bound), then each division inside with its period figures and its totals.
 */
export function statisticsCsvRows(
  place: { code: string; name: string; stats: Statistics },
  children: ChildRow[],
  breakdownRead: boolean,
  t: OversightTranslate,
  L: OversightLabels,
): Cell[][] {
  const rows: Cell[][] = [[t('csvDivisionCode'), t('csvDivision'), t('csvPeriod'), t('csvMetric'), t('csvItem'), t('csvValue')]];
  const cumulative = t('csvCumulative');
  const current = (code: string, name: string, s: Statistics) => {
    const add = (metric: string, item: string, value: Cell) => rows.push([code, name, cumulative, metric, item, value]);
    add(t('csvCoverageShare'), t('csvCoverageElderly'), s.agreementCoverage.elderlyCareInstitutions);
    add(t('csvCoverageShare'), t('csvCoverageCovered'), s.agreementCoverage.covered);
    add(t('csvCoverageShare'), t('csvCoverageShare'), percent(s.agreementCoverage.share, ''));
    add(t('csvShareWithin'), t('csvAnswered'), s.responses.answered);
    add(t('csvShareWithin'), t('csvWithin'), s.responses.withinDeadline);
    add(t('csvShareWithin'), t('csvOverdue'), s.responses.overdue);
    add(t('csvShareWithin'), t('csvShareWithin'), percent(s.responses.shareWithinDeadline, ''));
    add(t('csvRefused'), t('csvRefused'), s.refusedOutsideAgreement);
    for (const d of ordered(DIRECTIONS, s.referrals))
      for (const status of ordered(REFERRAL_STATUSES, s.referrals[d] ?? {}))
        add(t('csvReferrals'), `${labelOf(L.direction, d)} · ${labelOf(L.referralStatus, status)}`, referralCount(s, d, status));
    for (const r of ordered(RULES, s.openFindings)) add(t('csvFindings'), labelOf(L.rule, r), s.openFindings[r as Rule] ?? 0);
    add(t('csvFindings'), t('colDirectionTotal'), openFindingsTotal(s));
  };
  const overPeriod = (code: string, name: string, period: string, views: Views, bounds?: readonly number[]) => {
    for (const side of SIDES) {
      const f = views[side];
      const add = (metric: string, item: string, value: Cell) =>
        rows.push([code, name, period, metric, `${t(`side_${side}`)} · ${item}`, value]);
      for (const d of DIRECTIONS) add(t('csvRequested'), labelOf(L.direction, d), f.requested[d] ?? 0);
      add(t('csvRequested'), t('colDirectionTotal'), f.requested.total);
      add(t('csvOnTime'), t('csvAnswered'), f.answered);
      add(t('csvOnTime'), t('csvWithin'), f.answeredWithinDeadline);
      add(t('csvOnTime'), t('csvOverdue'), f.overdue);
      add(t('csvOnTime'), t('csvRate'), percent(f.onTimeRate, ''));
      add(t('csvAcceptance'), t('csvAccepted'), f.accepted);
      add(t('csvAcceptance'), t('csvRejected'), f.rejected);
      add(t('csvAcceptance'), t('csvRate'), percent(f.acceptanceRate, ''));
      add(t('csvArrived'), t('csvArrived'), f.arrived);
      add(t('csvArrived'), t('csvReceipts'), f.received);
      if (!bounds) continue;
      for (const r of rejectionRows(f.rejectionReasons, L)) add(t('csvRejections'), r.label, r.count);
      for (const w of waitRows(f, bounds, t)) {
        add(t('csvWait'), t('csvWaitCount', { leg: w.label }), w.count);
        add(t('csvWait'), t('csvWaitMedian', { leg: w.label }), waitCell(w.median));
        add(t('csvWait'), t('csvWaitP90', { leg: w.label }), waitCell(w.p90));
      }
    }
  };
  const s = place.stats;
  current(place.code, place.name, s);
  overPeriod(place.code, place.name, periodCell(s.period), s.range, boundsOf(s.waitTimes as { bucketUpperBounds?: readonly number[] }));
  for (const r of seriesRows(s, t))
    for (const side of SIDES) rows.push([place.code, place.name, r.label, t('csvRequested'), t(`side_${side}`), r[side]]);
  for (const c of children) {
    const views = childViews(c, breakdownRead);
    if (views) overPeriod(c.code, c.name, periodCell(s.period), views);
    if (c.stats) current(c.code, c.name, c.stats);
  }
  return rows;
}

/** A wait in a CSV cell: the bucket's upper bound in seconds, "> 2592000" past the last, empty with none. */
const waitCell = (w: WaitReading): Cell => (w.kind === 'atMost' ? w.seconds : w.kind === 'over' ? `> ${w.seconds}` : '');
