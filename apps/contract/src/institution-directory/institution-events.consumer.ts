import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { EntityManager } from 'typeorm';
import { EventTypes, InstitutionSnapshot, Topics, topicName } from '@yiyang/contracts';
import { Clock } from '@yiyang/kernel';
import { IdempotentConsumer, PlatformEvent } from '@yiyang/messaging';
import { CLOCK, ConsumerFactory } from '@yiyang/platform';
import { DirectoryRepository } from '@yiyang/directory';
import { SanctionWatch } from './sanction-watch';

/**
 * Keeps the institution directory (this service's read model of the registry) from institution.events,
 * and flags or unflags the agreements in force of an institution whose status changed.
 */
@Controller()
export class InstitutionEventsConsumer {
  private readonly consumer: IdempotentConsumer;

  constructor(factory: ConsumerFactory, directory: DirectoryRepository, sanctions: SanctionWatch, @Inject(CLOCK) clock: Clock) {
    const T = EventTypes.institution;
    const statusChanges = new Set<string>([T.suspended, T.reinstated, T.revoked]);
    const apply = async (event: PlatformEvent<{ institution: InstitutionSnapshot }>, em: EntityManager) => {
      await directory.apply(em, event.data.institution);
      if (statusChanges.has(event.type)) await sanctions.institutionChanged(em, event.data.institution.id, clock.now());
    };
    this.consumer = factory.create(Object.fromEntries(Object.values(T).map((type) => [type, apply])));
  }

  @EventPattern(topicName(Topics.institution))
  handle(@Ctx() context: KafkaContext) {
    return ConsumerFactory.handle(this.consumer, context);
  }
}
