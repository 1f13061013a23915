import { Controller, Get, Param } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { uuidParam } from '@yiyang/http';
import { toRevisionsResponse } from '../shared/agreement.response';
import { AgreementApi } from '../shared/agreement-api';
import { AgreementView } from '../shared/agreement-view';

@AgreementApi({ ifMatch: false })
@Controller('v1/agreements/:id/revisions')
export class AgreementRevisionsController {
  constructor(private readonly view: AgreementView) {}

  /**
   * Every revision of the content, oldest first (0: as first countersigned; n: amendment n), each with
   * who proposed and who countersigned it and when; then what awaits countersignature. Readers as for GET.
   */
  @Get()
  async list(@Param('id', uuidParam()) id: string, @CurrentPrincipal() p: Principal) {
    return toRevisionsResponse(await this.view.readable(id, p));
  }
}
