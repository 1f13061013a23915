import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DirectoryRepository } from '@yiyang/directory';
import { Actor } from '@yiyang/messaging';
import { Agreement, AgreementActor, AgreementState } from '../domain/agreement';
import { AgreementStore } from '../shared/agreement-store';

export interface RenewAgreement {
  predecessorId: string;
  expectedVersion: number;
  visibleTo: string | null;
  effectiveFrom?: string;
  effectiveTo: string;
  actor: AgreementActor;
  eventActor: Actor;
}

/**
 * The successor of an ACTIVE agreement (same content, a new term after the current one), SUBMITTED and
 * linked by predecessorId: the predecessor is locked and must be at the version read, the parties'
 * current facts are checked, and a renewal is proposed once.
 */
@Injectable()
export class RenewAgreementHandler {
  constructor(
    private readonly store: AgreementStore,
    private readonly directory: DirectoryRepository,
  ) {}

  async execute(c: RenewAgreement): Promise<Readonly<AgreementState>> {
    const repository = this.store.repository;
    return this.store.create(c.eventActor, async ({ tx, at }) => {
      const predecessor = await repository.getForUpdate(tx.em, c.predecessorId);
      if (!predecessor.involves(c.visibleTo)) throw repository.notFoundError();
      predecessor.checkVersion(c.expectedVersion);
      const old = predecessor.snapshot;
      return Agreement.renew(
        {
          id: randomUUID(),
          predecessor,
          parties: await this.directory.pairForUpdate(tx.em, old.elderlyParty.institutionId, old.medicalParty.institutionId),
          effectiveFrom: c.effectiveFrom,
          effectiveTo: c.effectiveTo,
          alreadyRenewed: await repository.hasLiveSuccessor(tx.em, old.id),
          actor: c.actor,
        },
        at,
      );
    });
  }
}
