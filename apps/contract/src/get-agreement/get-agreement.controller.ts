import { Controller, Get, Param } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { uuidParam } from '@yiyang/http';
import { AgreementRepository } from '../persistence/agreement.repository';
import { AgreementApi } from '../shared/agreement-api';
import { AgreementView } from '../shared/agreement-view';

@AgreementApi({ ifMatch: false })
@Controller('v1/agreements')
export class GetAgreementController {
  constructor(
    private readonly repository: AgreementRepository,
    private readonly view: AgreementView,
  ) {}

  /** Staff of either party read it with its full history and renewals; regulators read those in their jurisdiction; others get 404. */
  @Get(':id')
  async get(@Param('id', uuidParam()) id: string, @CurrentPrincipal() p: Principal) {
    return this.view.one(await this.view.readable(id, p), await this.repository.successors(id));
  }
}
