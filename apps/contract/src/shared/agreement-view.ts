import { Injectable } from '@nestjs/common';
import { AgreementState } from '../domain/agreement';
import { AgreementRepository } from '../persistence/agreement.repository';
import { toAgreementResponse } from './agreement.response';

/** Agreement responses with both parties' names from the service's directory. */
@Injectable()
export class AgreementView {
  constructor(private readonly repository: AgreementRepository) {}

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
