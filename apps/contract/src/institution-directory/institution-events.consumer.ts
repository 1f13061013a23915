import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { EventTypes, Topics, topicName } from '@yiyang/contracts';
import { DirectoryRepository, directoryHandlers } from '@yiyang/directory';
import { IdempotentConsumer } from '@yiyang/messaging';
import { ConsumerFactory } from '@yiyang/platform';
import { InstitutionNames } from './institution-names';
import { SanctionWatch } from './sanction-watch';

const STATUS_CHANGES = new Set<string>([
  EventTypes.institution.suspended,
  EventTypes.institution.reinstated,
  EventTypes.institution.revoked,
]);

/**
 * Keeps the institution directory (this service's read model of the registry, with the names) from institution.events,
 * and flags or unflags the agreements in force of an institution whose status changed.
 */
@Controller()
export class InstitutionEventsConsumer {
  private readonly consumer: IdempotentConsumer;

  constructor(factory: ConsumerFactory, directory: DirectoryRepository, names: InstitutionNames, sanctions: SanctionWatch) {
    this.consumer = factory.create(
      directoryHandlers(directory, async (event, em) => {
        await names.apply(em, event.data.institution);
        if (STATUS_CHANGES.has(event.type)) await sanctions.institutionChanged(em, event.data.institution.id);
      }),
    );
  }

  @EventPattern(topicName(Topics.institution))
  handle(@Ctx() context: KafkaContext) {
    return ConsumerFactory.handle(this.consumer, context);
  }
}
