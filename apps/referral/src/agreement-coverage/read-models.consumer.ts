import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { EntityManager } from 'typeorm';
import { AgreementSnapshot, EventTypes, Topics, topicName } from '@yiyang/contracts';
import { DirectoryRepository, directoryHandlers } from '@yiyang/directory';
import { IdempotentConsumer, PlatformEvent } from '@yiyang/messaging';
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
    const apply = (event: PlatformEvent<{ agreement: AgreementSnapshot }>, em: EntityManager) =>
      coverage.apply(em, event.data.agreement, event.sequence);
    this.agreements = factory.create(Object.fromEntries(Object.values(EventTypes.agreement).map((type) => [type, apply])));
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
