import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AgreementEventType, EventTypes } from '@yiyang/contracts';
import { IncomingEvent } from '@yiyang/messaging';
import { agreementNotices } from '../domain/notices';
import { ReadModels } from '../persistence/read-models';
import { ComplianceState } from '../shared/compliance-state';
import { EventOutcome } from './event-outcome';

/** agreement.events: the agreement's read model, the findings its state bears on, notices to its parties. */
@Injectable()
export class AgreementEventsHandler {
  constructor(
    private readonly models: ReadModels,
    private readonly state: ComplianceState,
    private readonly outcome: EventOutcome,
  ) {}

  async handle(event: IncomingEvent<AgreementEventType>, em: EntityManager, now: Date): Promise<void> {
    const a = event.data.agreement;
    const parties = [a.elderlyParty.institutionId, a.medicalParty.institutionId];
    const { applied } = await this.models.applyAgreement(em, a, event.sequence);
    const desired = applied ? await this.state.agreement(em, a, now) : [];
    // a sanction's notice names the sanctioned party
    const named =
      event.type === EventTypes.agreement.partySanctioned || event.type === EventTypes.agreement.partyReinstated
        ? [...parties, event.data.institutionId]
        : parties;
    await this.outcome.settle(em, event, { concerned: parties, desired, named, notices: (name) => agreementNotices(event, name) }, now);
  }
}
