import { Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { uuidParam } from '@yiyang/http';
import { Clock } from '@yiyang/kernel';
import { CLOCK } from '@yiyang/platform';
import { SubscriptionsRepository } from '../persistence/subscriptions.repository';
import { SUBSCRIBER_ROLES, subscriptionOwner, subscriptionView } from '../shared/subscription';

/** Pausing holds a subscription's deliveries (they keep queueing); resuming sends them. */
@ApiTags('subscriptions')
@Roles(...SUBSCRIBER_ROLES)
@Controller('v1/subscriptions')
export class PauseResumeSubscriptionController {
  constructor(
    private readonly subscriptions: SubscriptionsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post(':id/pause')
  @HttpCode(200)
  async pause(@Param('id', uuidParam()) id: string, @CurrentPrincipal() p: Principal) {
    return subscriptionView(await this.subscriptions.setStatus(subscriptionOwner(p), id, 'PAUSED', this.clock.now()));
  }

  /** Deliveries queued while paused are sent after resuming. */
  @Post(':id/resume')
  @HttpCode(200)
  async resume(@Param('id', uuidParam()) id: string, @CurrentPrincipal() p: Principal) {
    return subscriptionView(await this.subscriptions.setStatus(subscriptionOwner(p), id, 'ACTIVE', this.clock.now()));
  }
}
