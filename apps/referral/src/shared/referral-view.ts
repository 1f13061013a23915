import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '@yiyang/auth';
import { DirectoryRepository, InstitutionName } from '@yiyang/directory';
import { Clock, NotFoundError, withinJurisdiction } from '@yiyang/kernel';
import { CLOCK } from '@yiyang/platform';
import { ErrorCodes } from '../domain/error-codes';
import { ReferralState } from '../domain/referral';
import { ReferralRepository } from '../persistence/referral.repository';
import { Audience, PartyNames, toReferralResponse, toStaffResponse } from './referral.response';

/**
 * Who may read a referral and how much of it (GET /v1/referrals/{id}, its printed form): the sending or
 * receiving institution's people everything; a regulator whose jurisdiction holds either institution
 * the masked view; anyone else nothing (null: a 404, no existence leak).
 */
export function audienceOf(s: Readonly<ReferralState>, p: Principal): Audience | null {
  if (p.institutionId === s.from.institutionId || p.institutionId === s.to.institutionId) return 'staff';
  const regulator =
    p.roles.includes('regulator') &&
    !!p.division &&
    (withinJurisdiction(s.from.divisionCode, p.division) || withinJurisdiction(s.to.divisionCode, p.division));
  return regulator ? 'regulator' : null;
}

/** Referral responses with both institutions' names from the service's directory: one look-up per answer or page. */
@Injectable()
export class ReferralView {
  constructor(
    private readonly repository: ReferralRepository,
    private readonly directory: DirectoryRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The referral and how much of it the caller may read; 404 when it is unknown or not theirs to read. */
  async readable(id: string, p: Principal): Promise<{ state: ReferralState; audience: Audience }> {
    const state = await this.repository.find(id);
    const audience = state ? audienceOf(state, p) : null;
    if (!state || !audience) throw new NotFoundError('referral', ErrorCodes.REFERRAL_NOT_FOUND);
    return { state, audience };
  }

  /** The names (and USCCs) of the institutions of these referrals, in one query. */
  names(states: readonly Readonly<ReferralState>[]): Promise<Map<string, InstitutionName>> {
    return this.directory.names(
      this.dataSource.manager,
      states.flatMap((s) => [s.from.institutionId, s.to.institutionId]),
    );
  }

  /** One referral as this audience reads it (staff: with the steps open to the caller), history included. */
  async one(s: Readonly<ReferralState>, audience: Audience, p: Principal) {
    const names = partyNames(await this.names([s]));
    const now = this.clock.now();
    return audience === 'staff' ? toStaffResponse(s, p, now, names) : toReferralResponse(s, 'regulator', now, names);
  }

  /** The staff view of a referral a step left (or a request created). */
  async staff(s: Readonly<ReferralState>, p: Principal) {
    return this.one(s, 'staff', p);
  }

  /** A page of a staff list (the desk's queue, the sent list): one name look-up for the page, no history. */
  async staffPage(page: { items: readonly ReferralState[]; nextCursor: string | null }, p: Principal) {
    const names = partyNames(await this.names(page.items));
    const now = this.clock.now();
    return { items: page.items.map((s) => toStaffResponse(s, p, now, names, false)), nextCursor: page.nextCursor };
  }

  /** A page of a regulator's list: the masked view (no clinical text, no actions), one name look-up, no history. */
  async regulatorPage(page: { items: readonly ReferralState[]; nextCursor: string | null }) {
    const names = partyNames(await this.names(page.items));
    const now = this.clock.now();
    return {
      items: page.items.map((s) => toReferralResponse(s, 'regulator', now, names, [], false)),
      nextCursor: page.nextCursor,
    };
  }
}

/** The names a response shows, by institution id (absent: the directory has not heard of it yet). */
const partyNames =
  (names: Map<string, InstitutionName>): PartyNames =>
  (institutionId) =>
    names.get(institutionId)?.name ?? null;
