import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { PageQuery, uuidParam } from '@yiyang/http';
import { SubscriptionsRepository } from '../persistence/subscriptions.repository';
import { SUBSCRIBER_ROLES, subscriptionOwner } from '../shared/subscription';

@ApiTags('subscriptions')
@Roles(...SUBSCRIBER_ROLES)
@Controller('v1/subscriptions')
export class SubscriptionDeliveriesController {
  constructor(private readonly subscriptions: SubscriptionsRepository) {}

  /** The delivery log, newest first: each delivery's status and every attempt (status code or error, duration). */
  @Get(':id/deliveries')
  async deliveries(@Param('id', uuidParam()) id: string, @Query() q: PageQuery, @CurrentPrincipal() p: Principal) {
    return this.subscriptions.deliveries(subscriptionOwner(p), id, q.limit ?? 20, q.cursor);
  }
}
