import { Injectable } from '@nestjs/common';
import { Principal } from '@yiyang/auth';
import { WriteContext } from '@yiyang/platform';
import { Agreement, AgreementActor } from '../domain/agreement';
import { caller } from './actor';
import { AgreementStore } from './agreement-store';
import { AgreementView } from './agreement-view';

/** A change a use case makes to one agreement: the aggregate's method called for the caller. */
export type AgreementCommand = (agreement: Agreement, actor: AgreementActor, ctx: WriteContext) => Promise<void> | void;

/**
 * What every change of one agreement over HTTP does around its command: the store's change for the
 * caller (404 to non-parties, If-Match checked), then the agreement as its response.
 */
@Injectable()
export class AgreementChanges {
  constructor(
    private readonly store: AgreementStore,
    private readonly view: AgreementView,
  ) {}

  async apply(id: string, expectedVersion: number, p: Principal, command: AgreementCommand) {
    const { visibleTo, actor, eventActor } = caller(p);
    const state = await this.store.change(id, { expectedVersion, visibleTo }, eventActor, (a, ctx) => command(a, actor, ctx));
    return this.view.one(state);
  }
}
