import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Topics } from '@yiyang/contracts';
import { OutboxWriter, SYSTEM_ACTOR } from '@yiyang/messaging';
import { AgreementRepository } from '../persistence/agreement.repository';
import { DirectoryRepository } from '@yiyang/directory';
import { agreementEventDrafts } from '../shared/agreement-events';

/**
 * After the directory learns an institution's new state: its agreements in force are flagged while it
 * is SUSPENDED or REVOKED and unflagged when it is ACTIVE again, with an event for each change, all in
 * the consumer's transaction (so a redelivered institution event changes nothing twice).
 */
@Injectable()
export class SanctionWatch {
  constructor(
    private readonly directory: DirectoryRepository,
    private readonly agreements: AgreementRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async institutionChanged(em: EntityManager, institutionId: string, at: Date): Promise<number> {
    const facts = await this.directory.facts(em, institutionId);
    if (!facts) return 0;
    let flagged = 0;
    for (const loaded of await this.agreements.inForceForUpdate(em, institutionId)) {
      const changed = loaded.agreement.observePartyStatus(facts, at);
      await this.agreements.save(em, loaded);
      if (!changed) continue;
      await this.outbox.append(em, Topics.agreement, agreementEventDrafts(loaded.agreement, SYSTEM_ACTOR, at));
      flagged++;
    }
    return flagged;
  }
}
