import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { uuidParam } from '@yiyang/http';
import { NotFoundError } from '@yiyang/kernel';
import { ErrorCodes } from '../domain/error-codes';
import { readableBy } from '../shared/readable';
import { AgreementRepository } from '../persistence/agreement.repository';
import { toRevisionsResponse } from '../shared/agreement.response';

@ApiTags('agreements')
@Controller('v1/agreements/:id/revisions')
export class AgreementRevisionsController {
  constructor(private readonly repository: AgreementRepository) {}

  /**
   * Every revision of the content, oldest first (0: as first countersigned; n: amendment n), each with
   * who proposed and who countersigned it and when; then what awaits countersignature. Readers as for GET.
   */
  @Get()
  async list(@Param('id', uuidParam()) id: string, @CurrentPrincipal() p: Principal) {
    const s = await this.repository.find(id);
    if (!s || !readableBy(s, p)) throw new NotFoundError('agreement', ErrorCodes.AGREEMENT_NOT_FOUND);
    return toRevisionsResponse(s);
  }
}
