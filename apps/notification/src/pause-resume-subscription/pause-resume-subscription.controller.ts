import { Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { uuidParam } from '@yiyang/http';
import { Clock } from '@yiyang/kernel';
import { CLOCK } from '@yiyang/platform';
import { SubscriptionsRepository } from '../persistence/subscriptions.repository';
import { SubscriptionsApi } from '../shared/http';
import { subscriptionOwner, subscriptionView } from '../shared/subscription';

/** Pausing holds a subscription's deliveries (they keep queueing); resuming sends them. */
@SubscriptionsApi()
@Controller('v1/subscriptions')
export class PauseResumeSubscriptionController {
  constructor(
    private readonly subscriptions: SubscriptionsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post(':id/pause')
  @HttpCode(200)
  pause(@Param('id', uuidParam()) id: string, @CurrentPrincipal() p: Principal) {
    return this.setStatus(p, id, 'PAUSED');
  }

  /** Deliveries queued while paused are sent after resuming. */
  @Post(':id/resume')
  @HttpCode(200)
  resume(@Param('id', uuidParam()) id: string, @CurrentPrincipal() p: Principal) {
    return this.setStatus(p, id, 'ACTIVE');
  }

  private async setStatus(p: Principal, id: string, status: 'PAUSED' | 'ACTIVE') {
    return subscriptionView(await this.subscriptions.setStatus(subscriptionOwner(p), id, status, this.clock.now()));
  }
}
