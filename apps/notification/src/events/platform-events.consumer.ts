import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { EventTypes, Topics, topicName } from '@yiyang/contracts';
import { IdempotentConsumer, handleEach } from '@yiyang/messaging';
import { ConsumerFactory } from '@yiyang/platform';
import { ReferralChangeEventType } from '../domain/notices';
import { AgreementEventsHandler } from './agreement-events.handler';
import { InstitutionEventsHandler } from './institution-events.handler';
import { ReferralEventsHandler } from './referral-events.handler';
import { ReferralRefusedHandler } from './referral-refused.handler';

const REFERRAL_CHANGES = Object.values(EventTypes.referral).filter((t): t is ReferralChangeEventType => t !== EventTypes.referral.refused);

/** institution.events, agreement.events and referral.events, each through the idempotent consumer. */
@Controller()
export class PlatformEventsConsumer {
  private readonly consumer: IdempotentConsumer;

  constructor(
    factory: ConsumerFactory,
    institutions: InstitutionEventsHandler,
    agreements: AgreementEventsHandler,
    referrals: ReferralEventsHandler,
    refusals: ReferralRefusedHandler,
  ) {
    this.consumer = factory.create({
      ...handleEach(EventTypes.institution, (event, em) => institutions.handle(event, em)),
      ...handleEach(EventTypes.agreement, (event, em) => agreements.handle(event, em)),
      ...handleEach(REFERRAL_CHANGES, (event, em) => referrals.handle(event, em)),
      [EventTypes.referral.refused]: (event, em) => refusals.handle(event, em),
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
