import { REFERRAL_STATUSES, REJECTION_REASONS } from '@yiyang/contracts';
import { CsvCell } from '@yiyang/http';
import { Figures, VIEWS, View } from './figures';
import { WAIT_LEGS } from './histogram';

/** The figures' columns of an exported table, after the columns naming the row. */
export const FIGURE_COLUMNS: readonly string[] = [
  'side',
  'requested_up',
  'requested_down',
  'requested_total',
  'received',
  'answered',
  'answered_within_deadline',
  'on_time_rate',
  'accepted',
  'acceptance_rate',
  'rejected',
  'arrived',
  'overdue',
  ...REJECTION_REASONS.map((r) => `rejection_${r.toLowerCase()}`),
  ...REFERRAL_STATUSES.map((s) => `status_${s.toLowerCase()}`),
  ...WAIT_LEGS.flatMap((leg) => [`wait_${leg}_count`, `wait_${leg}_median_s`, `wait_${leg}_p90_s`]),
];

function figureCells(view: View, f: Figures): CsvCell[] {
  return [
    view,
    f.requested.UP,
    f.requested.DOWN,
    f.requested.total,
    f.received,
    f.answered,
    f.answeredWithinDeadline,
    f.onTimeRate,
    f.accepted,
    f.acceptanceRate,
    f.rejected,
    f.arrived,
    f.overdue,
    ...REJECTION_REASONS.map((r) => f.rejectionReasons[r]),
    ...REFERRAL_STATUSES.map((s) => f.statusChanges[s]),
    ...WAIT_LEGS.flatMap((leg) => [f.waitTimes[leg].count, f.waitTimes[leg].median, f.waitTimes[leg].p90]),
  ];
}

/** One row per view (sent, received, total) of a named set of figures. */
export const viewRows = (lead: CsvCell[], views: Record<View, Figures>): CsvCell[][] =>
  VIEWS.map((view) => [...lead, ...figureCells(view, views[view])]);

export const SERIES_HEADER: readonly string[] = ['period', 'from', 'to', ...FIGURE_COLUMNS];
export const BREAKDOWN_HEADER: readonly string[] = ['division', 'name', 'from', 'to', ...FIGURE_COLUMNS];
