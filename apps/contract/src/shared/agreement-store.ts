import { Inject, Injectable } from '@nestjs/common';
import { Topics } from '@yiyang/contracts';
import { Clock, NotFoundError, chinaDate } from '@yiyang/kernel';
import { Actor } from '@yiyang/messaging';
import { CLOCK, Transaction, UnitOfWork } from '@yiyang/platform';
import { Agreement, AgreementState } from '../domain/agreement';
import { AgreementRepository, Loaded } from '../persistence/agreement.repository';
import { DirectoryRepository } from '@yiyang/directory';
import { agreementEventDrafts } from './agreement-events';

export interface ChangeContext {
  tx: Transaction;
  at: Date;
  today: string;
  directory: DirectoryRepository;
  repository: AgreementRepository;
}

/** Every write to agreements: row, history and events in one transaction, under a row lock and version check. */
@Injectable()
export class AgreementStore {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: AgreementRepository,
    private readonly directory: DirectoryRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(build: (ctx: ChangeContext) => Promise<Agreement>, actor: Actor): Promise<AgreementState> {
    return this.uow.run(async (tx) => {
      const ctx = this.context(tx);
      const agreement = await build(ctx);
      await this.repository.insert(tx.em, agreement);
      await tx.publish(Topics.agreement, agreementEventDrafts(agreement, actor, ctx.at));
      return agreement.snapshot;
    });
  }

  /** `visibleTo`: the caller's institution; an agreement it is not party to answers 404 before anything else. */
  async change(
    id: string,
    expectedVersion: number,
    visibleTo: string | null,
    actor: Actor,
    apply: (agreement: Agreement, ctx: ChangeContext) => Promise<void> | void,
  ): Promise<AgreementState> {
    return this.uow.run(async (tx) => {
      const ctx = this.context(tx);
      const loaded: Loaded = await this.repository.getForUpdate(tx.em, id);
      if (!loaded.agreement.involves(visibleTo)) throw new NotFoundError('agreement', 'AGREEMENT_NOT_FOUND');
      loaded.agreement.checkVersion(expectedVersion);
      await apply(loaded.agreement, ctx);
      await this.repository.save(tx.em, loaded);
      await tx.publish(Topics.agreement, agreementEventDrafts(loaded.agreement, actor, ctx.at));
      return loaded.agreement.snapshot;
    });
  }

  private context(tx: Transaction): ChangeContext {
    const at = this.clock.now();
    return { tx, at, today: chinaDate(at), directory: this.directory, repository: this.repository };
  }
}
