import { Body, Controller, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { SUBSCRIBER_ROLES } from '../shared/subscription';
import { CreateSubscriptionDto } from './create-subscription.dto';
import { CreateSubscriptionHandler } from './create-subscription.handler';

/** Webhooks of an institution or a regulator: signed, retried, dead-lettered, logged per attempt. */
@ApiTags('subscriptions')
@Roles(...SUBSCRIBER_ROLES)
@Controller('v1/subscriptions')
export class CreateSubscriptionController {
  constructor(private readonly handler: CreateSubscriptionHandler) {}

  /** → 201 with the secret, shown this once (it is stored encrypted and needed to sign). */
  @Post()
  async create(@Body() body: CreateSubscriptionDto, @CurrentPrincipal() p: Principal) {
    return this.handler.handle(body, p);
  }
}
