import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { uuidParam } from '@yiyang/http';
import { ValidationError } from '@yiyang/kernel';
import { SubscriptionsApi } from '../shared/http';
import { subscriptionOwner } from '../shared/subscription';
import { ReplayDeliveriesHandler } from './replay-deliveries.handler';

const deliveryIdParam = (id: string) => {
  if (!/^\d{1,19}$/.test(id)) throw new ValidationError([{ field: 'deliveryId', message: 'must be a delivery id' }]);
  return id;
};

/**
 * The subscription's owner sends dead deliveries again: one (409 DELIVERY_NOT_DEAD unless it is dead), or
 * every dead one of the subscription. Another owner's subscription is a 404.
 */
@SubscriptionsApi()
@Controller('v1/subscriptions')
export class ReplayDeliveriesController {
  constructor(private readonly handler: ReplayDeliveriesHandler) {}

  /** Re-queues one dead delivery: the worker sends it again (same event id and payload, a fresh budget of attempts). */
  @Post(':id/deliveries/:deliveryId/replay')
  @HttpCode(200)
  replayOne(@Param('id', uuidParam()) id: string, @Param('deliveryId') deliveryId: string, @CurrentPrincipal() p: Principal) {
    return this.handler.one(subscriptionOwner(p), id, deliveryIdParam(deliveryId));
  }

  /** Re-queues every dead delivery of the subscription; answers how many. */
  @Post(':id/deliveries/replay')
  @HttpCode(200)
  replayAll(@Param('id', uuidParam()) id: string, @CurrentPrincipal() p: Principal) {
    return this.handler.allDead(subscriptionOwner(p), id);
  }
}
