import { Controller, Get, Param, Query } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { PageQuery, uuidParam } from '@yiyang/http';
import { SubscriptionsRepository } from '../persistence/subscriptions.repository';
import { SubscriptionsApi } from '../shared/http';
import { subscriptionOwner } from '../shared/subscription';

@SubscriptionsApi()
@Controller('v1/subscriptions')
export class SubscriptionDeliveriesController {
  constructor(private readonly subscriptions: SubscriptionsRepository) {}

  /** The delivery log, newest first: each delivery's status and every attempt (status code or error, duration). */
  @Get(':id/deliveries')
  async deliveries(@Param('id', uuidParam()) id: string, @Query() q: PageQuery, @CurrentPrincipal() p: Principal) {
    return this.subscriptions.deliveries(subscriptionOwner(p), id, q.limit ?? 20, q.cursor);
  }
}
