import { Inject, Injectable } from '@nestjs/common';
import { Principal } from '@yiyang/auth';
import {
  Clock,
  DomainError,
  FieldError,
  NotFoundError,
  ValidationError,
  chinaDate,
  residentIdProblems,
  withinJurisdiction,
} from '@yiyang/kernel';
import { CLOCK } from '@yiyang/platform';
import { ErrorCodes } from '../domain/error-codes';
import { STAFF_ROLES } from '../domain/referral';
import { ListFilters, ReferralListsRepository, ReferralPage } from '../persistence/referral-lists.repository';
import { Audience } from '../shared/referral.response';
import { ReferralView } from '../shared/referral-view';
import { RESIDENT_INDEX, ResidentIndex } from '../shared/resident-index';
import { ExportReferralsQuery, ListReferralsQuery } from './list-referrals.dto';

const STAFF_ONLY = ['side', 'counterparty', 'resident'] as const;
const REGULATOR_ONLY = ['division', 'institution'] as const;
const DAY_MS = 24 * 3600_000;

/** At most this many rows in an export (`GET /v1/referrals.csv`); more is a 422 asking for narrower filters. */
export const EXPORT_MAX_ROWS = 10_000;

/** A China-time day's first instant (UTC+8, no DST), or null when the text names no real day. */
function chinaDayStart(date: string): Date | null {
  const start = new Date(`${date}T00:00:00+08:00`);
  return Number.isNaN(start.getTime()) || new Date(start.getTime() + 8 * 3600_000).toISOString().slice(0, 10) !== date ? null : start;
}

/**
 * `GET /v1/referrals`: a regulator lists the referrals where either party lies in their jurisdiction
 * (or a division inside it), masked; institution staff list their institution's, sent and received,
 * in full, and may follow one resident by ID number through its keyed blind index: only ever within
 * their own institution's referrals.
 */
@Injectable()
export class ListReferralsHandler {
  constructor(
    private readonly lists: ReferralListsRepository,
    private readonly view: ReferralView,
    @Inject(RESIDENT_INDEX) private readonly residentIndex: ResidentIndex,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(q: ListReferralsQuery, p: Principal) {
    const { audience, page } = await this.read(q, p, q.limit ?? 20, q.cursor);
    return audience === 'regulator' ? this.view.regulatorPage(page) : this.view.staffPage(page, p);
  }

  /**
   * Every matching referral for an export (`GET /v1/referrals.csv`), as the list answers them: the same
   * query and access, one page of EXPORT_MAX_ROWS; a further row means too many: 422 EXPORT_TOO_LARGE.
   * `day` is today in China (the file's name).
   */
  async export(q: ExportReferralsQuery, p: Principal) {
    const { audience, page } = await this.read(q, p, EXPORT_MAX_ROWS);
    if (page.nextCursor !== null)
      throw new DomainError(
        ErrorCodes.EXPORT_TOO_LARGE,
        'rule',
        `the export would hold more than ${EXPORT_MAX_ROWS} referrals; narrow the filters (status, direction, priority, from/to, side, counterparty, division, institution)`,
      );
    const { items } = audience === 'regulator' ? await this.view.regulatorPage(page) : await this.view.staffPage(page, p);
    return { audience, items, day: chinaDate(this.clock.now()) };
  }

  /** One page of the caller's list and how much of it they read: a regulator's jurisdiction or a staff member's institution. */
  private async read(
    q: ExportReferralsQuery,
    p: Principal,
    limit: number,
    cursor?: string,
  ): Promise<{ audience: Audience; page: ReferralPage }> {
    if (p.roles.includes('regulator') && p.division) {
      refuseFilters(q, STAFF_ONLY, 'is for institution staff, not regulators');
      const page = await this.lists.forJurisdiction(
        { ...common(q), jurisdiction: jurisdictionOf(p.division, q.division), institution: q.institution },
        limit,
        cursor,
      );
      return { audience: 'regulator', page };
    }
    if (p.institutionId && p.roles.some((r) => (STAFF_ROLES as readonly string[]).includes(r))) {
      refuseFilters(q, REGULATOR_ONLY, 'is for regulators, not institution staff');
      const page = await this.lists.forInstitution(
        {
          ...common(q),
          institutionId: p.institutionId,
          side: q.side ?? 'both',
          counterparty: q.counterparty,
          residentIndexes: q.resident === undefined ? undefined : this.residentIndexes(q.resident),
        },
        limit,
        cursor,
      );
      return { audience: 'staff', page };
    }
    throw new DomainError(
      ErrorCodes.ROLE_NOT_ALLOWED,
      'forbidden',
      'referrals are listed for a regulator’s jurisdiction or a staff member’s institution',
    );
  }

  /** The resident's index under every key of the ring (rows indexed before a rotation stay findable). */
  private residentIndexes(resident: string): string[] {
    const idNumber = resident.trim().toUpperCase();
    const problems = residentIdProblems(idNumber);
    if (problems.length) throw new ValidationError(problems.map((x) => ({ field: 'resident', message: x.message })));
    return this.residentIndex.candidates(idNumber).map((c) => c.index);
  }
}

/** A regulator's requested division must lie inside their jurisdiction (anything else is a 404, as elsewhere). */
function jurisdictionOf(own: string, wanted?: string): string {
  const division = wanted ?? own;
  if (!withinJurisdiction(division, own)) throw new NotFoundError('jurisdiction', ErrorCodes.OUTSIDE_JURISDICTION);
  return division;
}

function refuseFilters(q: ExportReferralsQuery, names: readonly (keyof ExportReferralsQuery)[], message: string): void {
  const errors: FieldError[] = names.filter((n) => q[n] !== undefined).map((field) => ({ field, message }));
  if (errors.length) throw new ValidationError(errors);
}

/** The filters both lists take; the day range in China time, both ends inclusive. */
function common(q: ExportReferralsQuery): ListFilters {
  const errors: FieldError[] = [];
  const since = q.from === undefined ? undefined : chinaDayStart(q.from);
  const last = q.to === undefined ? undefined : chinaDayStart(q.to);
  if (since === null) errors.push({ field: 'from', message: 'is not a calendar date' });
  if (last === null) errors.push({ field: 'to', message: 'is not a calendar date' });
  if (since && last && since.getTime() > last.getTime()) errors.push({ field: 'to', message: 'is before from' });
  if (errors.length) throw new ValidationError(errors);
  return {
    statuses: q.status,
    direction: q.direction,
    priority: q.priority,
    since: since ?? undefined,
    before: last ? new Date(last.getTime() + DAY_MS) : undefined,
  };
}
