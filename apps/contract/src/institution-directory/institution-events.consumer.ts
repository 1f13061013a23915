import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { EventTypes, InstitutionSnapshot, Topics, topicName } from '@yiyang/contracts';
import { IdempotentConsumer, PlatformEvent } from '@yiyang/messaging';
import { ConsumerFactory } from '@yiyang/platform';
import { DirectoryRepository } from '../persistence/directory.repository';

/** Keeps the institution directory (this service's read model of the registry) from institution.events. */
@Controller()
export class InstitutionEventsConsumer {
  private readonly consumer: IdempotentConsumer;

  constructor(factory: ConsumerFactory, directory: DirectoryRepository) {
    const apply = (event: PlatformEvent<{ institution: InstitutionSnapshot }>, em: Parameters<DirectoryRepository['apply']>[0]) =>
      directory.apply(em, event.data.institution);
    this.consumer = factory.create(Object.fromEntries(Object.values(EventTypes.institution).map((type) => [type, apply])));
  }

  @EventPattern(topicName(Topics.institution))
  handle(@Ctx() context: KafkaContext) {
    return ConsumerFactory.handle(this.consumer, context);
  }
}
