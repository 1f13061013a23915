import { Controller, Body, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { caller } from '../shared/actor';
import { AgreementApi } from '../shared/agreement-api';
import { AgreementView } from '../shared/agreement-view';
import { RenewAgreementDto } from './renew-agreement.dto';
import { RenewAgreementHandler } from './renew-agreement.handler';

@AgreementApi()
@Controller('v1/agreements/:id')
export class RenewAgreementController {
  constructor(
    private readonly handler: RenewAgreementHandler,
    private readonly view: AgreementView,
  ) {}

  /**
   * Either party of an ACTIVE agreement proposes its successor (same content, a new term after the
   * current one). The successor is SUBMITTED, linked by predecessorId; the other party countersigns it.
   */
  @Post('renew')
  @Roles('elderly-admin', 'medical-admin')
  async renew(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: RenewAgreementDto,
    @CurrentPrincipal() p: Principal,
  ) {
    const { effectiveFrom, effectiveTo } = body.term;
    return this.view.one(
      await this.handler.execute({ predecessorId: id, expectedVersion: version, effectiveFrom, effectiveTo, ...caller(p) }),
    );
  }
}
