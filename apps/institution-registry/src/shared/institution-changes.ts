import { Injectable } from '@nestjs/common';
import { Principal } from '@yiyang/auth';
import { Institution } from '../domain/institution';
import { actorOf } from './http';
import { InstitutionStore } from './institution-store';
import { InstitutionResponse, toResponse } from './institution.response';

/**
 * Runs one change of an institution for a caller, at the version they last read (If-Match), through the
 * store (row lock, version check, outbox), and answers the institution as it now stands.
 */
@Injectable()
export class InstitutionChanges {
  constructor(private readonly store: InstitutionStore) {}

  async apply(
    id: string,
    expectedVersion: number,
    principal: Principal,
    change: (institution: Institution, at: Date) => void,
  ): Promise<InstitutionResponse> {
    return toResponse(await this.store.change(id, { expectedVersion }, actorOf(principal), (i, { at }) => change(i, at)));
  }
}
