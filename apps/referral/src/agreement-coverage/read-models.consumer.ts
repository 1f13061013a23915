import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { EventTypes, Topics, topicName } from '@yiyang/contracts';
import { DirectoryRepository, directoryHandlers } from '@yiyang/directory';
import { IdempotentConsumer, handleEach } from '@yiyang/messaging';
import { ConsumerFactory } from '@yiyang/platform';
import { CoverageRepository } from '../persistence/coverage.repository';

/**
 * This service's read models, from events only (no call to the registry or the contract service):
 * the institution directory from institution.events, agreement coverage from agreement.events.
 */
@Controller()
export class ReadModelsConsumer {
  private readonly institutions: IdempotentConsumer;
  private readonly agreements: IdempotentConsumer;

  constructor(factory: ConsumerFactory, directory: DirectoryRepository, coverage: CoverageRepository) {
    this.institutions = factory.create(directoryHandlers(directory));
    // every agreement event carries the agreement as it now is: applied if newer than what is stored
    this.agreements = factory.create(
      handleEach(EventTypes.agreement, (event, em) => coverage.apply(em, event.data.agreement, event.sequence)),
    );
  }

  @EventPattern(topicName(Topics.institution))
  institutionEvent(@Ctx() context: KafkaContext) {
    return ConsumerFactory.handle(this.institutions, context);
  }

  @EventPattern(topicName(Topics.agreement))
  agreementEvent(@Ctx() context: KafkaContext) {
    return ConsumerFactory.handle(this.agreements, context);
  }
}
