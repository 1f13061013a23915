import { Injectable } from '@nestjs/common';
import { SubscriptionOwner, SubscriptionsRepository } from '../persistence/subscriptions.repository';

/** Replays dead deliveries of the owner's subscription: they go back in the delivery worker's queue. */
@Injectable()
export class ReplayDeliveriesHandler {
  constructor(private readonly subscriptions: SubscriptionsRepository) {}

  /** The replayed delivery as the log shows it (PENDING, due now). */
  async one(owner: SubscriptionOwner, subscriptionId: string, deliveryId: string) {
    await this.subscriptions.replay(owner, subscriptionId, deliveryId);
    return this.subscriptions.delivery(owner, subscriptionId, deliveryId);
  }

  async allDead(owner: SubscriptionOwner, subscriptionId: string) {
    return { replayed: await this.subscriptions.replay(owner, subscriptionId) };
  }
}
