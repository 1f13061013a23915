import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { agreementActor, eventActor, visibleTo } from '../shared/actor';
import { AgreementView } from '../shared/agreement-view';
import { CountersignAgreementHandler } from './countersign-agreement.handler';

@ApiTags('agreements')
@ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read, e.g. "2"' })
@Controller('v1/agreements/:id')
export class CountersignAgreementController {
  constructor(
    private readonly handler: CountersignAgreementHandler,
    private readonly view: AgreementView,
  ) {}

  /** The party that did not propose it (the medical party, or the elderly party for a renewal the medical party proposed) countersigns. */
  @Post('countersign')
  @HttpCode(200)
  @Roles('elderly-admin', 'medical-admin')
  async countersign(@Param('id', uuidParam()) id: string, @IfMatchVersion() version: number, @CurrentPrincipal() p: Principal) {
    const state = await this.handler.execute({
      id,
      expectedVersion: version,
      visibleTo: visibleTo(p),
      actor: agreementActor(p),
      eventActor: eventActor(p),
    });
    return this.view.one(state);
  }
}
