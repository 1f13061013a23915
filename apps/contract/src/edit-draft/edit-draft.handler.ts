import { Injectable } from '@nestjs/common';
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
  constructor(private readonly store: AgreementStore) {}

  async execute(c: EditDraft): Promise<Readonly<AgreementState>> {
    const options = { expectedVersion: c.expectedVersion, visibleTo: c.visibleTo };
    return this.store.changeWithParties(c.id, options, c.eventActor, (a, parties, { at }) => a.edit(c.actor, c.terms, parties, at));
  }
}
