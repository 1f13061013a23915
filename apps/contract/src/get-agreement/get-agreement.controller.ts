import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { NotFoundError, withinJurisdiction } from '@yiyang/kernel';
import { agreementIdPipe } from '../agreement-transitions/agreement-transitions.controller';
import { AgreementRepository } from '../persistence/agreement.repository';
import { toAgreementResponse } from '../shared/agreement.response';

@ApiTags('agreements')
@Controller('v1/agreements')
export class GetAgreementController {
  constructor(private readonly repository: AgreementRepository) {}

  /** Staff of either party read it with its full history and renewals; regulators read those in their jurisdiction; others get 404. */
  @Get(':id')
  async get(@Param('id', agreementIdPipe) id: string, @CurrentPrincipal() p: Principal) {
    const s = await this.repository.find(id);
    const party = s && (p.institutionId === s.elderlyParty.institutionId || p.institutionId === s.medicalParty.institutionId);
    const regulator =
      s && p.roles.includes('regulator') && !!p.division &&
      (withinJurisdiction(s.elderlyParty.divisionCode, p.division) || withinJurisdiction(s.medicalParty.divisionCode, p.division));
    if (!s || !(party || regulator)) throw new NotFoundError('agreement', 'AGREEMENT_NOT_FOUND');
    return toAgreementResponse(s, true, await this.repository.successors(id));
  }
}
