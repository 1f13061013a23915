import { Inject, Injectable } from '@nestjs/common';
import { Topics } from '@yiyang/contracts';
import { Clock } from '@yiyang/kernel';
import { Actor } from '@yiyang/messaging';
import { CLOCK, UnitOfWork } from '@yiyang/platform';
import { Institution, InstitutionState } from '../domain/institution';
import { InstitutionRepository } from '../persistence/institution.repository';
import { institutionEventDrafts } from './institution-events';

/**
 * Every write to the registry goes through here: the aggregate's change, its row and its events
 * commit in one transaction (the outbox), under a row lock and a version check.
 */
@Injectable()
export class InstitutionStore {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: InstitutionRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  async create(build: (at: Date) => Institution, actor: Actor): Promise<InstitutionState> {
    return this.uow.run(async (tx) => {
      const at = this.clock.now();
      const institution = build(at);
      await this.repository.insert(tx.em, institution);
      await tx.publish(Topics.institution, institutionEventDrafts(institution, actor, at));
      return institution.snapshot;
    });
  }

  /** Loads with a lock, checks the version the caller read (when given), applies the change, saves and publishes. */
  async change(
    id: string,
    expectedVersion: number | null,
    actor: Actor,
    apply: (institution: Institution, at: Date) => void,
  ): Promise<InstitutionState> {
    return this.uow.run(async (tx) => {
      const at = this.clock.now();
      const institution = await this.repository.getForUpdate(tx.em, id);
      if (expectedVersion !== null) institution.checkVersion(expectedVersion);
      const previous = institution.snapshot.version;
      apply(institution, at);
      await this.repository.save(tx.em, institution, previous);
      await tx.publish(Topics.institution, institutionEventDrafts(institution, actor, at));
      return institution.snapshot;
    });
  }
}
