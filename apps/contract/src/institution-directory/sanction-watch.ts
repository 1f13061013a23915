import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DirectoryRepository } from '@yiyang/directory';
import { SYSTEM_ACTOR } from '@yiyang/messaging';
import { AgreementStore } from '../shared/agreement-store';

/**
 * After the directory learns an institution's new state: its agreements in force are flagged while it
 * is SUSPENDED or REVOKED and unflagged when it is ACTIVE again, with an event for each change, all in
 * the consumer's transaction (so a redelivered institution event changes nothing twice).
 */
@Injectable()
export class SanctionWatch {
  constructor(
    private readonly directory: DirectoryRepository,
    private readonly store: AgreementStore,
  ) {}

  /** How many agreements were flagged or unflagged. */
  async institutionChanged(em: EntityManager, institutionId: string): Promise<number> {
    const facts = await this.directory.facts(em, institutionId);
    if (!facts) return 0;
    return this.store.changeWithin(
      em,
      (tx) => this.store.repository.inForceForUpdate(tx, institutionId),
      (agreement, { at }) => agreement.observePartyStatus(facts, at),
      SYSTEM_ACTOR,
    );
  }
}
