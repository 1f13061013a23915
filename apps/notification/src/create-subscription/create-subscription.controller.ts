import { Body, Controller, Post } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { SubscriptionsApi } from '../shared/http';
import { CreateSubscriptionDto } from './create-subscription.dto';
import { CreateSubscriptionHandler } from './create-subscription.handler';

/** Webhooks of an institution or a regulator: signed, retried, dead-lettered, logged per attempt. */
@SubscriptionsApi()
@Controller('v1/subscriptions')
export class CreateSubscriptionController {
  constructor(private readonly handler: CreateSubscriptionHandler) {}

  /** → 201 with the secret, shown this once (it is stored encrypted and needed to sign). */
  @Post()
  async create(@Body() body: CreateSubscriptionDto, @CurrentPrincipal() p: Principal) {
    return this.handler.handle(body, p);
  }
}
