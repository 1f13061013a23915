import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { agreementActor, eventActor, visibleTo } from '../shared/actor';
import { AgreementView } from '../shared/agreement-view';
import { RenewAgreementDto } from './renew-agreement.dto';
import { RenewAgreementHandler } from './renew-agreement.handler';

@ApiTags('agreements')
@ApiHeader({ name: 'If-Match', required: true, description: 'the version of the agreement being renewed' })
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
    const state = await this.handler.execute({
      predecessorId: id,
      expectedVersion: version,
      visibleTo: visibleTo(p),
      effectiveFrom: body.term.effectiveFrom,
      effectiveTo: body.term.effectiveTo,
      actor: agreementActor(p),
      eventActor: eventActor(p),
    });
    return this.view.one(state);
  }
}
