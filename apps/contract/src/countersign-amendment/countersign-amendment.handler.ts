import { Inject, Injectable } from '@nestjs/common';
import { AuditedActor } from '@yiyang/platform';
import { AgreementActor, AgreementState } from '../domain/agreement';
import { AgreementStore } from '../shared/agreement-store';
import { CONTRACT_CONFIG, ContractConfig } from '../config';

export interface CountersignAmendment {
  id: string;
  expectedVersion: number;
  visibleTo: string | null;
  actor: AgreementActor;
  eventActor: AuditedActor;
}

/**
 * The party that did not propose the pending amendment countersigns it, against the parties' current
 * facts (locked: no signature while a party's licence has lapsed) and, with AGREEMENT_DOCUMENT_REQUIRED,
 * the amendment's uploaded paper.
 */
@Injectable()
export class CountersignAmendmentHandler {
  constructor(
    private readonly store: AgreementStore,
    @Inject(CONTRACT_CONFIG) private readonly config: ContractConfig,
  ) {}

  async execute(c: CountersignAmendment): Promise<Readonly<AgreementState>> {
    const options = { expectedVersion: c.expectedVersion, visibleTo: c.visibleTo };
    return this.store.changeWithParties(c.id, options, c.eventActor, (a, parties, { at, today }) =>
      a.countersignAmendment(c.actor, parties, today, at, this.config.AGREEMENT_DOCUMENT_REQUIRED),
    );
  }
}
