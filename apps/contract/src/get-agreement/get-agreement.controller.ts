import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { uuidParam } from '@yiyang/http';
import { NotFoundError } from '@yiyang/kernel';
import { ErrorCodes } from '../domain/error-codes';
import { AgreementRepository } from '../persistence/agreement.repository';
import { AgreementView } from '../shared/agreement-view';
import { readableBy } from '../shared/readable';

@ApiTags('agreements')
@Controller('v1/agreements')
export class GetAgreementController {
  constructor(
    private readonly repository: AgreementRepository,
    private readonly view: AgreementView,
  ) {}

  /** Staff of either party read it with its full history and renewals; regulators read those in their jurisdiction; others get 404. */
  @Get(':id')
  async get(@Param('id', uuidParam()) id: string, @CurrentPrincipal() p: Principal) {
    const s = await this.repository.find(id);
    if (!s || !readableBy(s, p)) throw new NotFoundError('agreement', ErrorCodes.AGREEMENT_NOT_FOUND);
    return this.view.one(s, await this.repository.successors(id));
  }
}
