import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InstitutionCategory } from '@yiyang/contracts';
import { Actor } from '@yiyang/messaging';
import { Institution, InstitutionDetails, InstitutionState } from '../domain/institution';
import { InstitutionStore } from '../shared/institution-store';

export interface RegisterInstitution {
  uscc: string;
  category: InstitutionCategory;
  details: InstitutionDetails;
}

/** Registers an institution under a new id; institution.registered is published with it. */
@Injectable()
export class RegisterInstitutionHandler {
  constructor(private readonly store: InstitutionStore) {}

  execute(command: RegisterInstitution, actor: Actor): Promise<Readonly<InstitutionState>> {
    return this.store.create(actor, ({ at }) =>
      Institution.register({ id: randomUUID(), uscc: command.uscc, category: command.category, ...command.details }, at),
    );
  }
}
