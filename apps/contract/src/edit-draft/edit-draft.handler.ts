import { Injectable } from '@nestjs/common';
import { DirectoryRepository } from '@yiyang/directory';
import { Actor } from '@yiyang/messaging';
import { AgreementActor, AgreementState, AgreementTerms } from '../domain/agreement';
import { AgreementStore } from '../shared/agreement-store';

export interface EditDraft {
  id: string;
  expectedVersion: number;
  visibleTo: string | null;
  terms: AgreementTerms;
  actor: AgreementActor;
  eventActor: Actor;
}

/** The filer replaces a DRAFT's content, held to every rule of a filing against the parties' current facts (locked). */
@Injectable()
export class EditDraftHandler {
  constructor(
    private readonly store: AgreementStore,
    private readonly directory: DirectoryRepository,
  ) {}

  async execute(c: EditDraft): Promise<Readonly<AgreementState>> {
    return this.store.change(c.id, { expectedVersion: c.expectedVersion, visibleTo: c.visibleTo }, c.eventActor, async (a, { tx, at }) => {
      const s = a.snapshot;
      const parties = await this.directory.pairForUpdate(tx.em, s.elderlyParty.institutionId, s.medicalParty.institutionId);
      a.edit(c.actor, c.terms, parties, at);
    });
  }
}
