import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DirectoryRepository } from '@yiyang/directory';
import { Actor } from '@yiyang/messaging';
import { Agreement, AgreementActor, AgreementState, AgreementTerms } from '../domain/agreement';
import { AgreementStore } from '../shared/agreement-store';

export interface FileAgreement {
  elderlyInstitutionId: string;
  medicalInstitutionId: string;
  terms: AgreementTerms;
  actor: AgreementActor;
  eventActor: Actor;
}

/** A DRAFT between two institutions the directory knows (their facts locked while the rules are checked). */
@Injectable()
export class FileAgreementHandler {
  constructor(
    private readonly store: AgreementStore,
    private readonly directory: DirectoryRepository,
  ) {}

  async execute(c: FileAgreement): Promise<Readonly<AgreementState>> {
    return this.store.create(c.eventActor, async ({ tx, at }) => {
      const parties = await this.directory.pairForUpdate(tx.em, c.elderlyInstitutionId, c.medicalInstitutionId);
      return Agreement.draft(
        { id: randomUUID(), elderlyParty: parties.elderly, medicalParty: parties.medical, actor: c.actor, terms: c.terms },
        at,
      );
    });
  }
}
