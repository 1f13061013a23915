import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { REFERRAL_DIRECTIONS, REFERRAL_STATUSES, REJECTION_REASONS } from '@yiyang/contracts';
import { Principal } from '@yiyang/auth';
import { Clock, DomainError, NotFoundError, ValidationError, addDays, divisionName, withinJurisdiction } from '@yiyang/kernel';
import { CLOCK } from '@yiyang/platform';
import { ErrorCodes } from '../domain/error-codes';
import { Counters } from '../persistence/counters';
import { DailyCounters, Sums } from '../persistence/daily-counters';
import { FindingsRepository } from '../persistence/findings.repository';
import { ReadModels } from '../persistence/read-models';
import { regulatorScope } from '../shared/owner';
import { Figures, View, addInto, viewsOf } from './figures';
import { WAIT_BUCKET_BOUNDS_SECONDS } from './histogram';
import { DEFAULT_RANGE_DAYS, Granularity, chinaDay, isCalendarDate, periodsOf, rangeProblem } from './periods';

/** What a caller asked for, as the controller read it. */
export interface StatisticsCommand {
  principal: Principal;
  division?: string;
  institution?: string;
  from?: string;
  to?: string;
  granularity?: Granularity;
}

export interface Range {
  from: string;
  to: string;
  granularity: Granularity;
  timeZone: 'Asia/Shanghai';
}

/** How the wait times are approximated, told in every answer that carries them. */
export const WAIT_TIME_METHOD = {
  approximate: true,
  unit: 'second',
  bucketUpperBounds: WAIT_BUCKET_BOUNDS_SECONDS,
  percentile:
    'the upper bound of the histogram bucket in which the cumulative count first reaches ceil(q × count); null when nothing was counted or past the last bound',
} as const;

const ADMIN_ROLES = ['elderly-admin', 'medical-admin'] as const;

/**
 * The statistics a regulator (their jurisdiction) or an institution admin (their own institution)
 * reads: the current totals kept as events arrive, and series over a range of China-time days from
 * the daily counters (a range of primary keys, never a scan of referrals).
 */
@Injectable()
export class StatisticsReader {
  constructor(
    private readonly counters: Counters,
    private readonly daily: DailyCounters,
    private readonly models: ReadModels,
    private readonly findings: FindingsRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async statistics(c: StatisticsCommand) {
    const range = this.range(c);
    const em = this.dataSource.manager;
    const scope = await this.scope(c);
    const sums =
      scope.kind === 'division'
        ? await this.daily.divisionSeries(em, scope.division, range.from, range.to, range.granularity)
        : await this.daily.institutionSeries(em, scope.institution, range.from, range.to, range.granularity);
    const whole = new Map<string, number>();
    for (const counters of sums.values()) for (const [metric, value] of counters) addInto(whole, metric, value);
    // a division's current totals (the answer's original fields); an institution has none (counters are kept by county)
    const current: Partial<CurrentFigures> = scope.kind === 'division' ? await this.current(scope.division) : {};
    return {
      division: scope.kind === 'division' ? scope.division : null,
      institution: scope.kind === 'institution' ? scope.institution : null,
      ...current,
      period: range,
      range: viewsOf(whole),
      series: periodsOf(range.from, range.to, range.granularity).map((p) => ({
        period: p.label,
        from: p.from,
        to: p.to,
        ...viewsOf(sums.get(p.start) ?? new Map()),
      })),
      waitTimes: WAIT_TIME_METHOD,
    };
  }

  /** The next level's children of a division in the regulator's jurisdiction, each with its figures over the range. */
  async breakdown(c: StatisticsCommand) {
    if (c.institution !== undefined) throw new ValidationError([{ field: 'institution', message: 'the breakdown is by division only' }]);
    if (!c.principal.roles.includes('regulator')) throw forbidden('the breakdown is for regulators');
    const range = this.range({ ...c, granularity: 'day' });
    const division = regulatorScope(c.principal, c.division);
    const sums: Sums = await this.daily.children(this.dataSource.manager, division, range.from, range.to);
    return {
      division,
      period: { from: range.from, to: range.to, timeZone: range.timeZone },
      children: [...sums.keys()].sort().map((child) => ({
        division: child,
        name: divisionName(child.padEnd(6, '0')) ?? null,
        ...viewsOf(sums.get(child)!),
      })),
      waitTimes: WAIT_TIME_METHOD,
    };
  }

  private range(c: StatisticsCommand): Range {
    const granularity = c.granularity ?? 'day';
    for (const field of ['from', 'to'] as const)
      if (c[field] !== undefined && !isCalendarDate(c[field]))
        throw new ValidationError([{ field, message: `${field} must be a calendar date, YYYY-MM-DD` }]);
    const to = c.to ?? (c.from ? minDay(addDays(c.from, DEFAULT_RANGE_DAYS - 1), chinaDay(this.clock.now())) : chinaDay(this.clock.now()));
    const from = c.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
    const problem = rangeProblem(from, to, granularity);
    if (problem) throw new ValidationError([{ field: 'to', message: problem }]);
    return { from, to, granularity, timeZone: 'Asia/Shanghai' };
  }

  /**
   * Whose figures: a regulator's division (their jurisdiction when none is named) or an institution
   * inside it; an institution admin's own institution only. Anything outside is a 404, as if absent.
   */
  private async scope(
    c: StatisticsCommand,
  ): Promise<{ kind: 'division'; division: string } | { kind: 'institution'; institution: string }> {
    const p = c.principal;
    if (c.institution !== undefined && c.division !== undefined)
      throw new ValidationError([{ field: 'institution', message: 'name a division or an institution, not both' }]);
    if (p.roles.includes('regulator')) {
      if (c.institution === undefined) return { kind: 'division', division: regulatorScope(p, c.division) };
      const inst = await this.models.institution(this.dataSource.manager, c.institution);
      if (!inst || !p.division || !withinJurisdiction(inst.division, p.division))
        throw new NotFoundError('institution', ErrorCodes.OUTSIDE_JURISDICTION);
      return { kind: 'institution', institution: inst.id };
    }
    if (ADMIN_ROLES.some((r) => p.roles.includes(r)) && p.institutionId) {
      if (c.division !== undefined) throw forbidden('a division’s statistics are for regulators');
      if (c.institution !== undefined && c.institution.toLowerCase() !== p.institutionId.toLowerCase())
        throw new NotFoundError('institution', ErrorCodes.OUTSIDE_JURISDICTION);
      return { kind: 'institution', institution: p.institutionId };
    }
    throw forbidden('statistics are for regulators and institution admins');
  }

  /** The figures kept as current totals (the answer's original fields): a sum over the division's counties. */
  private async current(division: string) {
    const c = await this.counters.read(this.dataSource.manager, division);
    const v = (metric: string) => c.get(metric) ?? 0;
    const total = v('elderly.total');
    const answered = v('referrals.answered');
    return {
      agreementCoverage: {
        elderlyCareInstitutions: total,
        covered: v('elderly.covered'),
        share: total ? v('elderly.covered') / total : null,
      },
      referrals: Object.fromEntries(
        REFERRAL_DIRECTIONS.map((d) => [d, Object.fromEntries(REFERRAL_STATUSES.map((s) => [s, v(`referrals.${d}.${s}`)]))]),
      ),
      responses: {
        answered,
        withinDeadline: v('referrals.answeredWithinDeadline'),
        shareWithinDeadline: answered ? v('referrals.answeredWithinDeadline') / answered : null,
        overdue: v('referrals.overdue'),
      },
      refusedOutsideAgreement: v('referrals.refused'),
      rejectionReasons: Object.fromEntries(REJECTION_REASONS.map((r) => [r, v(`rejections.${r}`)])),
      // each open finding once, for either party's division (rule 5): read from the open findings themselves
      openFindings: await this.findings.openCounts(division),
    };
  }
}

/** A division's figures kept as current totals (`GET /v1/statistics` by division). */
type CurrentFigures = Awaited<ReturnType<StatisticsReader['current']>>;

const forbidden = (message: string) => new DomainError(ErrorCodes.ROLE_NOT_ALLOWED, 'forbidden', message);
const minDay = (a: string, b: string) => (a < b ? a : b);

export type SideFigures = Record<View, Figures>;
