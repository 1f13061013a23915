import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { InstitutionEventType } from '@yiyang/contracts';
import { IncomingEvent } from '@yiyang/messaging';
import { institutionNotices } from '../domain/notices';
import { ReadModels } from '../persistence/read-models';
import { ComplianceState } from '../shared/compliance-state';
import { EventOutcome } from './event-outcome';

/** institution.events: the institution's read model, its cover, and a notice of a sanction or a lapsed licence. */
@Injectable()
export class InstitutionEventsHandler {
  constructor(
    private readonly models: ReadModels,
    private readonly state: ComplianceState,
    private readonly outcome: EventOutcome,
  ) {}

  async handle(event: IncomingEvent<InstitutionEventType>, em: EntityManager, now: Date): Promise<void> {
    const s = event.data.institution;
    const { applied } = await this.models.applyInstitution(em, s, now);
    // a medical institution's licence or status bears on the cover of the elderly-care institutions it serves
    const desired = applied
      ? [
          ...(await this.state.institution(em, s.id, now)),
          ...(s.category === 'ELDERLY_CARE' ? [] : await this.state.partnersOf(em, s.id, now)),
        ]
      : [];
    await this.outcome.settle(em, event, { concerned: [s.id], desired, named: [s.id], notices: () => institutionNotices(event) }, now);
  }
}
