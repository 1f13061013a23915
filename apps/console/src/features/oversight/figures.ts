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
  openFindingsTotal,
  referralCount,
  type Rule,
  type Statistics,
} from './model';

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

/** Rejection reasons, most frequent first (reasons never given left out). */
export function rejectionRows(s: Statistics, L: OversightLabels): CountRow[] {
  return ordered(REJECTION_REASONS, s.rejectionReasons)
    .map((key) => ({ key, label: labelOf(L.rejection, key), count: s.rejectionReasons[key] ?? 0 }))
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

export interface ChildFigures {
  code: string;
  name: string;
  stats?: Statistics;
}

/**
 * Every figure of the page as CSV rows: division code and name, metric, item, value — one figure a
 * row, so a spreadsheet can pivot it; the sub-divisions' figures follow the jurisdiction's own.
 */
export function statisticsCsvRows(
  place: { code: string; name: string; stats: Statistics },
  children: ChildFigures[],
  t: OversightTranslate,
  L: OversightLabels,
): Cell[][] {
  const rows: Cell[][] = [[t('csvDivisionCode'), t('csvDivision'), t('csvMetric'), t('csvItem'), t('csvValue')]];
  const figures = (code: string, name: string, s: Statistics) => {
    const add = (metric: string, item: string, value: Cell) => rows.push([code, name, metric, item, value]);
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
    for (const r of ordered(REJECTION_REASONS, s.rejectionReasons))
      add(t('csvRejections'), labelOf(L.rejection, r), s.rejectionReasons[r] ?? 0);
    for (const r of ordered(RULES, s.openFindings)) add(t('csvFindings'), labelOf(L.rule, r), s.openFindings[r as Rule] ?? 0);
    add(t('csvFindings'), t('colDirectionTotal'), openFindingsTotal(s));
  };
  figures(place.code, place.name, place.stats);
  for (const c of children) if (c.stats) figures(c.code, c.name, c.stats);
  return rows;
}
