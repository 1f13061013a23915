import { Inject, Injectable } from '@nestjs/common';
import { ReferralEventType, Topics } from '@yiyang/contracts';
import { Principal } from '@yiyang/auth';
import { Clock } from '@yiyang/kernel';
import { AggregateDefinition, AggregateStore, CLOCK, UnitOfWork, WriteContext } from '@yiyang/platform';
import { Referral, ReferralActor, ReferralChange, ReferralState } from '../domain/referral';
import { ReferralRow } from '../persistence/referral.entity';
import { ReferralRepository } from '../persistence/referral.repository';
import { eventActor, referralActor } from './actor';
import { referralEvent } from './referral-events';

/**
 * How a referral is published and audited: on referral.events, keyed by its id, filtered by the
 * sender's division; its audit entries concern the sender and the receiver. The audit keeps a
 * rejection's reason code only: free text (a cancellation's reason, comments) may describe the
 * resident and stays sealed in the referral.
 */
export const referralDefinition: AggregateDefinition<Referral, ReferralState, ReferralChange, ReferralEventType> = {
  name: 'referral',
  topic: Topics.referral,
  resourcePath: (id) => `/v1/referrals/${id}`,
  event: referralEvent,
  division: (s) => s.from.divisionCode,
  involves: (referral, institutionId) => referral.involves(institutionId),
  parties: (s) => [
    { institutionId: s.from.institutionId, division: s.from.divisionCode },
    { institutionId: s.to.institutionId, division: s.to.divisionCode },
  ],
  reason: (change) => (change.kind === 'rejected' ? change.reasonCode : null),
};

/** A staff step: the referral, the caller as the aggregate judges them, and the write's context. */
export type ReferralStep = (referral: Referral, actor: ReferralActor, ctx: WriteContext) => Promise<Referral[] | void> | Referral[] | void;

/** Every write to referrals: row, history lines and events in one transaction (the platform's aggregate store). */
@Injectable()
export class ReferralStore extends AggregateStore<Referral, ReferralState, ReferralChange, ReferralEventType, ReferralRow> {
  constructor(uow: UnitOfWork, @Inject(CLOCK) clock: Clock, repository: ReferralRepository) {
    super(uow, clock, repository, referralDefinition);
  }

  /**
   * A step by the caller on one referral, If-Match checked: a referral their institution neither sent
   * nor received answers 404 before anything else. `step` may return referrals it created (a completion's return).
   */
  step(id: string, expectedVersion: number, p: Principal, step: ReferralStep): Promise<Readonly<ReferralState>> {
    const actor = referralActor(p);
    return this.change(id, { expectedVersion, visibleTo: p.institutionId ?? null }, eventActor(p), (referral, ctx) =>
      step(referral, actor, ctx),
    );
  }
}
