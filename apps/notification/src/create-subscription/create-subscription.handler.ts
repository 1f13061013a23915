import { Inject, Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { Principal } from '@yiyang/auth';
import { Clock, FieldError, ValidationError, isValidJurisdiction, withinJurisdiction } from '@yiyang/kernel';
import { CLOCK } from '@yiyang/platform';
import { isKnownTypeFilter, webhookUrlProblem } from '../domain/webhook';
import { SubscriptionsRepository } from '../persistence/subscriptions.repository';
import { subscriptionOwner, subscriptionView } from '../shared/subscription';
import { NOTIFICATION_CONFIG, NotificationConfig } from '../config';
import { CreateSubscriptionDto } from './create-subscription.dto';

/** Checks the URL, the type filters and the division, then stores the subscription with its secret sealed. */
@Injectable()
export class CreateSubscriptionHandler {
  constructor(
    private readonly subscriptions: SubscriptionsRepository,
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle(body: CreateSubscriptionDto, p: Principal) {
    const owner = subscriptionOwner(p);
    const errors: FieldError[] = [];
    const urlProblem = webhookUrlProblem(body.url, this.config.WEBHOOK_ALLOW_PRIVATE);
    if (urlProblem) errors.push({ field: 'url', message: urlProblem });
    body.eventTypes.forEach(
      (t, i) =>
        isKnownTypeFilter(t) || errors.push({ field: `eventTypes.${i}`, message: 'is not a known event type, family (referral.*) or *' }),
    );
    if (body.division !== undefined) {
      if (owner.kind !== 'regulator') errors.push({ field: 'division', message: 'only regulators filter by division' });
      else if (!isValidJurisdiction(body.division) || !withinJurisdiction(body.division, owner.jurisdiction))
        errors.push({ field: 'division', message: 'must be a division inside your jurisdiction' });
    }
    if (errors.length) throw new ValidationError(errors);
    const secret = body.secret ?? `whsec_${randomBytes(24).toString('base64url')}`;
    const created = await this.subscriptions.create(
      {
        id: randomUUID(),
        owner,
        createdBy: p.sub,
        url: body.url,
        secret,
        eventTypes: [...new Set(body.eventTypes)],
        divisionPrefix: body.division ?? null,
      },
      this.clock.now(),
    );
    return { ...subscriptionView(created), secret };
  }
}
