import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { agreementActor, eventActor, visibleTo } from '../shared/actor';
import { AgreementStore } from '../shared/agreement-store';
import { AgreementView } from '../shared/agreement-view';
import { TerminateAgreementDto } from './terminate-agreement.dto';

@ApiTags('agreements')
@ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read, e.g. "2"' })
@Controller('v1/agreements/:id')
export class TerminateAgreementController {
  constructor(
    private readonly store: AgreementStore,
    private readonly view: AgreementView,
  ) {}

  /** Either party ends a SIGNED or ACTIVE agreement: today at once, or a later day within the term as notice. */
  @Post('terminate')
  @HttpCode(200)
  @Roles('elderly-admin', 'medical-admin')
  async terminate(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: TerminateAgreementDto,
    @CurrentPrincipal() p: Principal,
  ) {
    const state = await this.store.change(id, { expectedVersion: version, visibleTo: visibleTo(p) }, eventActor(p), (a, { at, today }) =>
      a.terminate(agreementActor(p), body.reason.trim(), body.effectiveOn, today, at),
    );
    return this.view.one(state);
  }
}
