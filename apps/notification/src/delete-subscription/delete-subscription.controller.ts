import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { uuidParam } from '@yiyang/http';
import { SubscriptionsRepository } from '../persistence/subscriptions.repository';
import { SUBSCRIBER_ROLES, subscriptionOwner } from '../shared/subscription';

/** Deletes a subscription with its queued deliveries and their log. */
@ApiTags('subscriptions')
@Roles(...SUBSCRIBER_ROLES)
@Controller('v1/subscriptions')
export class DeleteSubscriptionController {
  constructor(private readonly subscriptions: SubscriptionsRepository) {}

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', uuidParam()) id: string, @CurrentPrincipal() p: Principal) {
    await this.subscriptions.delete(subscriptionOwner(p), id);
  }
}
