import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { agreementActor, eventActor, visibleTo } from '../shared/actor';
import { AgreementStore } from '../shared/agreement-store';
import { AgreementView } from '../shared/agreement-view';

@ApiTags('agreements')
@ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read, e.g. "2"' })
@Controller('v1/agreements/:id')
export class SubmitAgreementController {
  constructor(
    private readonly store: AgreementStore,
    private readonly view: AgreementView,
  ) {}

  /** The elderly-care party's admin submits a DRAFT (→ SUBMITTED, `agreement.submitted`); the medical party countersigns it next. */
  @Post('submit')
  @HttpCode(200)
  @Roles('elderly-admin')
  async submit(@Param('id', uuidParam()) id: string, @IfMatchVersion() version: number, @CurrentPrincipal() p: Principal) {
    const state = await this.store.change(id, { expectedVersion: version, visibleTo: visibleTo(p) }, eventActor(p), (a, { at }) =>
      a.submit(agreementActor(p), at),
    );
    return this.view.one(state);
  }
}
