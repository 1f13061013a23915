import { Injectable } from '@nestjs/common';
import { Principal } from '@yiyang/auth';
import { NotFoundError } from '@yiyang/kernel';
import { AgreementState } from '../domain/agreement';
import { ErrorCodes } from '../domain/error-codes';
import { AgreementRepository } from '../persistence/agreement.repository';
import { toAgreementResponse } from './agreement.response';
import { readableBy } from './readable';

/** Agreement responses with both parties' names from the service's directory. */
@Injectable()
export class AgreementView {
  constructor(private readonly repository: AgreementRepository) {}

  /** The agreement if the caller may read it (either party's staff, a regulator over either party's division); 404 otherwise. */
  async readable(id: string, p: Principal): Promise<Readonly<AgreementState>> {
    const s = await this.repository.find(id);
    if (!s || !readableBy(s, p)) throw new NotFoundError('agreement', ErrorCodes.AGREEMENT_NOT_FOUND);
    return s;
  }

  async one(s: Readonly<AgreementState>, renewals?: { id: string; status: string }[]) {
    const names = await this.repository.names([s.elderlyParty.institutionId, s.medicalParty.institutionId]);
    return toAgreementResponse(s, names, true, renewals);
  }

  /** For lists: one look-up for the page, no history. */
  async many(items: readonly AgreementState[]) {
    const names = await this.repository.names(items.flatMap((s) => [s.elderlyParty.institutionId, s.medicalParty.institutionId]));
    return items.map((s) => toAgreementResponse(s, names, false));
  }
}
