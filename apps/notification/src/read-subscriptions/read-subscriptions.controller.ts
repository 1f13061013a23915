import { Controller, Get, Param, Query } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { PageQuery, uuidParam } from '@yiyang/http';
import { SubscriptionsRepository } from '../persistence/subscriptions.repository';
import { SubscriptionsApi } from '../shared/http';
import { subscriptionOwner, subscriptionView } from '../shared/subscription';

/** The caller's subscriptions, without their secrets; another owner's is a 404. */
@SubscriptionsApi()
@Controller('v1/subscriptions')
export class ReadSubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsRepository) {}

  /** Oldest first, cursor-paginated like every list (ADR 0004). */
  @Get()
  async list(@Query() q: PageQuery, @CurrentPrincipal() p: Principal) {
    const page = await this.subscriptions.list(subscriptionOwner(p), q.limit ?? 20, q.cursor);
    return { items: page.items.map(subscriptionView), nextCursor: page.nextCursor };
  }

  @Get(':id')
  async get(@Param('id', uuidParam()) id: string, @CurrentPrincipal() p: Principal) {
    return subscriptionView(await this.subscriptions.get(subscriptionOwner(p), id));
  }
}
