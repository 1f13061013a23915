import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DirectoryRepository } from '@yiyang/directory';
import { Actor } from '@yiyang/messaging';
import { Agreement, AgreementActor, AgreementState } from '../domain/agreement';
import { AgreementStore } from '../shared/agreement-store';

export interface CopyAgreement {
  sourceId: string;
  visibleTo: string | null;
  actor: AgreementActor;
  eventActor: Actor;
}

/** A new DRAFT with the content of a REJECTED or WITHDRAWN agreement, checked against the parties' current facts. */
@Injectable()
export class CopyAgreementHandler {
  constructor(
    private readonly store: AgreementStore,
    private readonly directory: DirectoryRepository,
  ) {}

  async execute(c: CopyAgreement): Promise<Readonly<AgreementState>> {
    return this.store.create(c.eventActor, async ({ tx, at }) => {
      const source = await this.store.repository.getForUpdate(tx.em, c.sourceId);
      if (!source.involves(c.visibleTo)) throw this.store.repository.notFoundError();
      const s = source.snapshot;
      const parties = await this.directory.pairForUpdate(tx.em, s.elderlyParty.institutionId, s.medicalParty.institutionId);
      return Agreement.copy({ id: randomUUID(), source, parties, actor: c.actor }, at);
    });
  }
}
