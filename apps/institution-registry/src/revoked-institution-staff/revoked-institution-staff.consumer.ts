import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { EventTypes, Topics, topicName } from '@yiyang/contracts';
import { IdempotentConsumer, IncomingEvent } from '@yiyang/messaging';
import { ConsumerFactory, LOGGER } from '@yiyang/platform';
import { Accounts } from '../shared/accounts';

/**
 * When an institution is revoked, its staff's sign-in is disabled and their sessions end, within seconds
 * of `institution.revoked` (the registry consumes its own topic, so the revocation is committed first
 * and the provider is retried until it answers; disabling twice changes nothing). Suspension leaves
 * sign-in alone: the domain rules stop a suspended institution's staff from acting.
 */
@Controller()
export class RevokedInstitutionStaffConsumer {
  private readonly consumer: IdempotentConsumer;

  constructor(
    factory: ConsumerFactory,
    private readonly accounts: Accounts,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.consumer = factory.create(
      { [EventTypes.institution.revoked]: (event) => this.disableStaff(event) },
      'institution-registry-accounts',
    );
  }

  private async disableStaff(event: IncomingEvent<typeof EventTypes.institution.revoked>): Promise<void> {
    const institutionId = event.data.institution.id;
    if (!this.accounts.configured) {
      this.logger.warn(
        { institutionId },
        'institution revoked, but account management is not configured: its staff accounts were not disabled',
      );
      return;
    }
    const disabled = await this.accounts.disableInstitutionStaff(institutionId);
    this.logger.info({ institutionId, disabled }, "revoked institution's staff accounts disabled and signed out");
  }

  @EventPattern(topicName(Topics.institution))
  handle(@Ctx() context: KafkaContext) {
    return ConsumerFactory.handle(this.consumer, context);
  }
}
