import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, SelectQueryBuilder } from 'typeorm';
import { REFERRAL_PRIORITIES, ReferralDirection, ReferralPriority, ReferralStatus } from '@yiyang/contracts';
import { ValidationError, decodeCursor, encodeCursor } from '@yiyang/kernel';
import { ReferralState } from '../domain/referral';
import { ReferralRow } from './referral.entity';
import { ReferralMapper } from './referral.mapper';

/** Filters both lists take: requested between `since` (inclusive) and `before` (exclusive). */
export interface ListFilters {
  statuses?: ReferralStatus[];
  direction?: ReferralDirection;
  priority?: ReferralPriority;
  since?: Date;
  before?: Date;
}

/** An institution's referrals: what it sent, what it received, or both. */
export interface InstitutionListFilters extends ListFilters {
  institutionId: string;
  side: 'sent' | 'received' | 'both';
  /** the other institution of the referral */
  counterparty?: string;
  /** one resident's referrals: their ID number's blind index under every key of the ring */
  residentIndexes?: string[];
}

/** A jurisdiction's referrals: those where either party's division lies inside `jurisdiction`. */
export interface JurisdictionListFilters extends ListFilters {
  jurisdiction: string;
  /** referrals where this institution is either party */
  institution?: string;
}

export interface ReferralPage {
  items: ReferralState[];
  nextCursor: string | null;
}

type Cursor = { c: string; id: string };

/**
 * The column holding a party's division at a jurisdiction's level: the county code itself, or the
 * city or province prefix the migration keeps beside it (generated, stored; each indexed with created_at, id).
 */
const JURISDICTION_COLUMN: Record<number, 'division' | 'city' | 'province'> = { 6: 'division', 4: 'city', 2: 'province' };

/**
 * The lists of referrals, newest first (a referral's created_at is the moment it was requested), keyset
 * paginated on (created_at, id). A list over two parties (sent and received; the sender's or the
 * receiver's division) is two index ranges, each read up to a page and merged: never an OR across
 * two columns, so each side reads its own index (`ix_referrals_sent`/`ix_referrals_received`;
 * `ix_referrals_{from,to}_{division,city,province}` by the jurisdiction's level): a page is at most two
 * index ranges of a page and one more row each, whatever the size of history.
 */
@Injectable()
export class ReferralListsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mapper: ReferralMapper,
  ) {}

  /** An institution's referrals (staff). */
  forInstitution(f: InstitutionListFilters, limit: number, cursor?: string): Promise<ReferralPage> {
    const sides: SelectQueryBuilder<ReferralRow>[] = [];
    if (f.side !== 'received') {
      const qb = this.base(f, cursor).andWhere('r.from_id = :me', { me: f.institutionId });
      if (f.counterparty) qb.andWhere('r.to_id = :cp', { cp: f.counterparty });
      sides.push(qb);
    }
    if (f.side !== 'sent') {
      const qb = this.base(f, cursor).andWhere('r.to_id = :me', { me: f.institutionId });
      if (f.counterparty) qb.andWhere('r.from_id = :cp', { cp: f.counterparty });
      sides.push(qb);
    }
    if (f.residentIndexes) for (const qb of sides) qb.andWhere('r.resident_index IN (:...resident)', { resident: f.residentIndexes });
    return this.merged(sides, limit);
  }

  /** A jurisdiction's referrals (regulators): the sender's division inside, or else the receiver's. */
  forJurisdiction(f: JurisdictionListFilters, limit: number, cursor?: string): Promise<ReferralPage> {
    const level = JURISDICTION_COLUMN[f.jurisdiction.length];
    if (!level) throw new Error(`a jurisdiction has 2, 4 or 6 digits, not ${f.jurisdiction.length}`);
    const params = { j: f.jurisdiction };
    const sent = this.base(f, cursor).andWhere(`r.from_${level} = :j`, params);
    // received from outside: a referral inside on both sides is listed once, on the sending side
    const received = this.base(f, cursor).andWhere(`r.to_${level} = :j`, params).andWhere(`r.from_${level} <> :j`, params);
    if (f.institution)
      for (const qb of [sent, received])
        qb.andWhere(new Brackets((w) => w.where('r.from_id = :inst', { inst: f.institution }).orWhere('r.to_id = :inst')));
    return this.merged([sent, received], limit);
  }

  /** A side's query: the common filters and the cursor, newest first. */
  private base(f: ListFilters, cursor?: string): SelectQueryBuilder<ReferralRow> {
    const qb = this.dataSource.getRepository(ReferralRow).createQueryBuilder('r');
    if (f.statuses?.length) qb.andWhere('r.status IN (:...statuses)', { statuses: f.statuses });
    if (f.direction) qb.andWhere('r.direction = :direction', { direction: f.direction });
    if (f.priority) qb.andWhere('r.priority_rank = :rank', { rank: REFERRAL_PRIORITIES.indexOf(f.priority) });
    if (f.since) qb.andWhere('r.created_at >= :since', { since: f.since });
    if (f.before) qb.andWhere('r.created_at < :before', { before: f.before });
    if (cursor) {
      const c = decodeCursor<Cursor>(cursor, ['c', 'id']);
      const at = new Date(String(c.c));
      if (Number.isNaN(at.getTime())) throw new ValidationError([{ field: 'cursor', message: 'is not a cursor this list returned' }]);
      qb.andWhere('(r.created_at, r.id) < (:cc, :cid)', { cc: at, cid: String(c.id) });
    }
    return qb.orderBy('r.created_at', 'DESC').addOrderBy('r.id', 'DESC');
  }

  /** Each side read up to a page and one more, merged newest first: the page and whether more follow. */
  private async merged(sides: SelectQueryBuilder<ReferralRow>[], limit: number): Promise<ReferralPage> {
    const rows = (await Promise.all(sides.map((qb) => qb.limit(limit + 1).getMany())))
      .flat()
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => this.mapper.toState(r, [])),
      nextCursor: rows.length > limit ? encodeCursor({ c: last.createdAt.toISOString(), id: last.id }) : null,
    };
  }
}
