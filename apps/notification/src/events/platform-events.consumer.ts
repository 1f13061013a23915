import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { EventTypes, Topics, topicName } from '@yiyang/contracts';
import { Clock } from '@yiyang/kernel';
import { IdempotentConsumer, handleEach } from '@yiyang/messaging';
import { CLOCK, ConsumerFactory } from '@yiyang/platform';
import { ReferralChangeEventType } from '../domain/notices';
import { AgreementEventsHandler } from './agreement-events.handler';
import { InstitutionEventsHandler } from './institution-events.handler';
import { ReferralEventsHandler } from './referral-events.handler';
import { ReferralRefusedHandler } from './referral-refused.handler';

const REFERRAL_CHANGES = Object.values(EventTypes.referral).filter((t): t is ReferralChangeEventType => t !== EventTypes.referral.refused);

/** institution.events, agreement.events and referral.events, each through the idempotent consumer; every handler is given the time it applies at. */
@Controller()
export class PlatformEventsConsumer {
  private readonly consumer: IdempotentConsumer;

  constructor(
    factory: ConsumerFactory,
    institutions: InstitutionEventsHandler,
    agreements: AgreementEventsHandler,
    referrals: ReferralEventsHandler,
    refusals: ReferralRefusedHandler,
    @Inject(CLOCK) clock: Clock,
  ) {
    this.consumer = factory.create({
      ...handleEach(EventTypes.institution, (event, em) => institutions.handle(event, em, clock.now())),
      ...handleEach(EventTypes.agreement, (event, em) => agreements.handle(event, em, clock.now())),
      ...handleEach(REFERRAL_CHANGES, (event, em) => referrals.handle(event, em, clock.now())),
      [EventTypes.referral.refused]: (event, em) => refusals.handle(event, em, clock.now()),
    });
  }

  @EventPattern(topicName(Topics.institution))
  institutionEvent(@Ctx() context: KafkaContext) {
    return ConsumerFactory.handle(this.consumer, context);
  }

  @EventPattern(topicName(Topics.agreement))
  agreementEvent(@Ctx() context: KafkaContext) {
    return ConsumerFactory.handle(this.consumer, context);
  }

  @EventPattern(topicName(Topics.referral))
  referralEvent(@Ctx() context: KafkaContext) {
    return ConsumerFactory.handle(this.consumer, context);
  }
}
