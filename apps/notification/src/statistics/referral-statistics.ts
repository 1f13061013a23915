import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ReferralSnapshot } from '@yiyang/contracts';
import { DailyCounters } from '../persistence/daily-counters';
import { chinaDay } from './periods';
import { referralMoves, rowsOf } from './referral-metrics';

/** Moves the daily statistics for a referral state just applied, in the consumer's transaction (so a redelivery, skipped by the inbox, moves nothing). */
@Injectable()
export class ReferralStatistics {
  constructor(private readonly daily: DailyCounters) {}

  async record(em: EntityManager, r: ReferralSnapshot, beforeStatus: string | null, eventTime: string): Promise<void> {
    const marks = await this.daily.marks(em, r.id);
    const next = referralMoves(r, beforeStatus, marks, chinaDay(eventTime));
    if (next.marks.size !== marks.size) await this.daily.setMarks(em, r.id, next.marks);
    await this.daily.add(em, rowsOf(r, next.moves));
  }
}
