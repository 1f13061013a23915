import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { uuidParam } from '@yiyang/http';
import { SubscriptionsRepository } from '../persistence/subscriptions.repository';
import { SubscriptionsApi } from '../shared/http';
import { subscriptionOwner } from '../shared/subscription';

/** Deletes a subscription with its queued deliveries and their log. */
@SubscriptionsApi()
@Controller('v1/subscriptions')
export class DeleteSubscriptionController {
  constructor(private readonly subscriptions: SubscriptionsRepository) {}

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', uuidParam()) id: string, @CurrentPrincipal() p: Principal) {
    await this.subscriptions.delete(subscriptionOwner(p), id);
  }
}
