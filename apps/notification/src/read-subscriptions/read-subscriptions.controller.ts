import { Controller, Get, Param } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { uuidParam } from '@yiyang/http';
import { SubscriptionsRepository } from '../persistence/subscriptions.repository';
import { SubscriptionsApi } from '../shared/http';
import { subscriptionOwner, subscriptionView } from '../shared/subscription';

/** The caller's subscriptions, without their secrets; another owner's is a 404. */
@SubscriptionsApi()
@Controller('v1/subscriptions')
export class ReadSubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsRepository) {}

  @Get()
  async list(@CurrentPrincipal() p: Principal) {
    return { items: (await this.subscriptions.list(subscriptionOwner(p))).map(subscriptionView), nextCursor: null };
  }

  @Get(':id')
  async get(@Param('id', uuidParam()) id: string, @CurrentPrincipal() p: Principal) {
    return subscriptionView(await this.subscriptions.get(subscriptionOwner(p), id));
  }
}
