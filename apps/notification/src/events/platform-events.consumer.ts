import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { EventTypes, Topics, topicName } from '@yiyang/contracts';
import { IdempotentConsumer } from '@yiyang/messaging';
import { ConsumerFactory } from '@yiyang/platform';
import { EventProcessor } from './event-processor';

const handlersFor = (processor: EventProcessor, types: Record<string, string>) =>
  Object.fromEntries(Object.values(types).map((type) => [type, processor.handle.bind(processor)]));

/** institution.events, agreement.events and referral.events, each through the idempotent consumer. */
@Controller()
export class PlatformEventsConsumer {
  private readonly consumer: IdempotentConsumer;

  constructor(factory: ConsumerFactory, processor: EventProcessor) {
    this.consumer = factory.create({
      ...handlersFor(processor, EventTypes.institution),
      ...handlersFor(processor, EventTypes.agreement),
      ...handlersFor(processor, EventTypes.referral),
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
