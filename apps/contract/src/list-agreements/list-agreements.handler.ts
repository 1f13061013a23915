import { Inject, Injectable } from '@nestjs/common';
import { Principal } from '@yiyang/auth';
import { AgreementMode, AgreementStatus } from '@yiyang/contracts';
import {
  Clock,
  DAY_MS,
  DomainError,
  NotFoundError,
  ValidationError,
  addDays,
  chinaDate,
  isValidJurisdiction,
  withinJurisdiction,
} from '@yiyang/kernel';
import { CLOCK } from '@yiyang/platform';
import { ErrorCodes } from '../domain/error-codes';

import { AgreementRepository, ListScope } from '../persistence/agreement.repository';
import { AgreementView } from '../shared/agreement-view';

export interface ListAgreements {
  principal: Principal;
  status?: AgreementStatus;
  mode?: AgreementMode;
  counterparty?: string;
  institution?: string;
  division?: string;
  from?: string;
  to?: string;
  effectiveOn?: string;
  expiringWithinDays?: number;
  limit: number;
  cursor?: string;
}

/** At most this many rows in an export (`GET /v1/agreements.csv`); more is a 422 asking for narrower filters. */
export const EXPORT_MAX_ROWS = 10_000;

/** The list's filters without paging: what an export takes. */
export type ExportAgreements = Omit<ListAgreements, 'limit' | 'cursor'>;

/** The first instant of a China Standard Time day. */
const chinaMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`);

/**
 * Whose agreements the caller lists: a regulator those with either party inside their jurisdiction
 * (`division` narrows it; outside it: 404 OUTSIDE_JURISDICTION), institution staff their institution's.
 */
function scopeOf(p: Principal, division: string | undefined): { scope: ListScope; division?: string } {
  if (p.roles.includes('regulator') && p.division && isValidJurisdiction(p.division)) {
    if (division && !withinJurisdiction(division, p.division)) throw new NotFoundError('jurisdiction', ErrorCodes.OUTSIDE_JURISDICTION);
    return { scope: { jurisdiction: division ?? p.division } };
  }
  if (p.institutionId) return { scope: { institutionId: p.institutionId }, division };
  throw new DomainError(ErrorCodes.ROLE_NOT_ALLOWED, 'forbidden', 'agreements are listed for institution staff and regulators');
}

/** Agreements for a desk or a regulator, newest first, with both parties' names, cursor-paginated (ADR 0004). */
@Injectable()
export class ListAgreementsHandler {
  constructor(
    private readonly repository: AgreementRepository,
    private readonly view: AgreementView,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(q: ListAgreements) {
    if (q.from && q.to && q.from > q.to) throw new ValidationError([{ field: 'to', message: 'must not be before from' }]);
    const { scope, division } = scopeOf(q.principal, q.division);
    const expiringBefore =
      q.expiringWithinDays === undefined ? undefined : chinaDate(new Date(this.clock.now().getTime() + q.expiringWithinDays * DAY_MS));
    const page = await this.repository.list(
      {
        scope,
        status: q.status,
        mode: q.mode,
        counterpartyId: q.counterparty,
        institutionId: q.institution,
        division,
        createdFrom: q.from ? chinaMidnight(q.from) : undefined,
        createdBefore: q.to ? chinaMidnight(addDays(q.to, 1)) : undefined,
        effectiveOn: q.effectiveOn,
        expiringBefore,
      },
      q.limit,
      q.cursor,
    );
    return { items: await this.view.many(page.items), nextCursor: page.nextCursor };
  }

  /**
   * Every matching agreement for an export, as the list answers them (the same query, one page of
   * EXPORT_MAX_ROWS); a further row means too many: 422 EXPORT_TOO_LARGE. `day` is today in China (the file's name).
   */
  async export(q: ExportAgreements) {
    const page = await this.execute({ ...q, limit: EXPORT_MAX_ROWS });
    if (page.nextCursor !== null)
      throw new DomainError(
        ErrorCodes.EXPORT_TOO_LARGE,
        'rule',
        `the export would hold more than ${EXPORT_MAX_ROWS} agreements; narrow the filters (status, mode, institution, division, from/to)`,
      );
    return { items: page.items, day: chinaDate(this.clock.now()) };
  }
}
