import { Inject, Injectable } from '@nestjs/common';
import { Actor } from '@yiyang/messaging';
import { AgreementActor, AgreementState } from '../domain/agreement';
import { AgreementStore } from '../shared/agreement-store';
import { CONTRACT_CONFIG, ContractConfig } from '../config';

export interface CountersignAgreement {
  id: string;
  expectedVersion: number;
  visibleTo: string | null;
  actor: AgreementActor;
  eventActor: Actor;
}

/**
 * The party that did not propose it countersigns, against the parties' current facts (locked) and the
 * pair's other agreements in force (no overlapping term), and the signed document when AGREEMENT_DOCUMENT_REQUIRED;
 * ACTIVE at once when the term has begun.
 */
@Injectable()
export class CountersignAgreementHandler {
  constructor(
    private readonly store: AgreementStore,
    @Inject(CONTRACT_CONFIG) private readonly config: ContractConfig,
  ) {}

  async execute(c: CountersignAgreement): Promise<Readonly<AgreementState>> {
    const options = { expectedVersion: c.expectedVersion, visibleTo: c.visibleTo };
    return this.store.changeWithParties(c.id, options, c.eventActor, async (a, parties, { tx, at, today }) => {
      const overlapping = await this.store.repository.overlapping(tx.em, a.snapshot);
      a.countersign(c.actor, parties, overlapping, today, at, this.config.AGREEMENT_DOCUMENT_REQUIRED);
    });
  }
}
