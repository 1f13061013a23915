import { Inject, Injectable } from '@nestjs/common';
import { EventTypes, InstitutionFacts, ReferralDirection, ReferralPriority, Topics } from '@yiyang/contracts';
import { DirectoryRepository } from '@yiyang/directory';
import { Clock, DomainError, NotFoundError, chinaDate } from '@yiyang/kernel';
import { Actor } from '@yiyang/messaging';
import { CLOCK, Transaction, UnitOfWork } from '@yiyang/platform';
import { randomUUID } from 'node:crypto';
import { Referral, ReferralState } from '../domain/referral';
import { CoverageRepository } from '../persistence/coverage.repository';
import { ReferralRepository } from '../persistence/referral.repository';
import { referralEventDrafts } from './referral-events';

export interface ChangeContext {
  tx: Transaction;
  at: Date;
  today: string;
  directory: DirectoryRepository;
  coverage: CoverageRepository;
  repository: ReferralRepository;
}

const party = (p: InstitutionFacts) => ({
  institutionId: p.institutionId,
  category: p.category,
  kind: p.kind,
  divisionCode: p.divisionCode,
});

/** Every write to referrals: rows, history and events in one transaction, under a row lock and version check. */
@Injectable()
export class ReferralStore {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: ReferralRepository,
    private readonly directory: DirectoryRepository,
    private readonly coverage: CoverageRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Creates referrals (a request; a completion's return referral creates one while changing another).
   * A request refused for want of an agreement is refused (422) and, in its own transaction, published
   * as `referral.refused`: never silent.
   */
  async create(
    build: (ctx: ChangeContext) => Promise<Referral>,
    actor: Actor,
    attempt: { direction: ReferralDirection; priority: ReferralPriority; fromId: string; toId: string },
  ): Promise<ReferralState> {
    try {
      return await this.uow.run(async (tx) => {
        const ctx = this.context(tx);
        const referral = await build(ctx);
        await this.repository.insert(tx.em, referral);
        await tx.publish(Topics.referral, referralEventDrafts(referral, actor, ctx.at));
        return referral.snapshot;
      });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'AGREEMENT_REQUIRED') await this.publishRefusal(attempt, actor);
      throw err;
    }
  }

  /** `visibleTo`: the caller's institution; a referral it is neither sender nor receiver of answers 404 before anything else. */
  async change(
    id: string,
    expectedVersion: number,
    visibleTo: string | null,
    actor: Actor,
    apply: (referral: Referral, ctx: ChangeContext) => Promise<Referral | void> | void,
  ): Promise<ReferralState> {
    return this.uow.run(async (tx) => {
      const ctx = this.context(tx);
      const loaded = await this.repository.getForUpdate(tx.em, id);
      if (!loaded.referral.involves(visibleTo)) throw new NotFoundError('referral', 'REFERRAL_NOT_FOUND');
      loaded.referral.checkVersion(expectedVersion);
      const created = await apply(loaded.referral, ctx);
      if (created) {
        await this.repository.insert(tx.em, created);
        await tx.publish(Topics.referral, referralEventDrafts(created, actor, ctx.at));
      }
      await this.repository.save(tx.em, loaded);
      await tx.publish(Topics.referral, referralEventDrafts(loaded.referral, actor, ctx.at));
      return loaded.referral.snapshot;
    });
  }

  private async publishRefusal(
    attempt: { direction: ReferralDirection; priority: ReferralPriority; fromId: string; toId: string },
    actor: Actor,
  ): Promise<void> {
    await this.uow.run(async (tx) => {
      const at = this.clock.now();
      const from = await this.directory.facts(tx.em, attempt.fromId);
      const to = await this.directory.facts(tx.em, attempt.toId);
      if (!from || !to) return; // the refusal was for agreement, so both were known: nothing else to say
      const attemptId = randomUUID();
      await tx.publish(Topics.referral, [
        {
          type: EventTypes.referral.refused,
          aggregateType: 'referral-attempt',
          aggregateId: attemptId,
          sequence: 1,
          division: from.divisionCode,
          subject: attemptId,
          actor,
          time: at,
          data: {
            attemptId,
            reason: 'NO_AGREEMENT',
            direction: attempt.direction,
            priority: attempt.priority,
            from: party(from),
            to: party(to),
            at: at.toISOString(),
          },
        },
      ]);
    });
  }

  private context(tx: Transaction): ChangeContext {
    const at = this.clock.now();
    return { tx, at, today: chinaDate(at), directory: this.directory, coverage: this.coverage, repository: this.repository };
  }
}
