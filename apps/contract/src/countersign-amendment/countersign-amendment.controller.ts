import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { agreementActor, eventActor, visibleTo } from '../shared/actor';
import { AgreementStore } from '../shared/agreement-store';
import { AgreementView } from '../shared/agreement-view';

@ApiTags('agreements')
@ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read, e.g. "5"' })
@Controller('v1/agreements/:id')
export class CountersignAmendmentController {
  constructor(
    private readonly store: AgreementStore,
    private readonly view: AgreementView,
  ) {}

  /** The party that did not propose the pending amendment countersigns it: the content changes and `revision` goes up. */
  @Post('amendment/countersign')
  @HttpCode(200)
  @Roles('elderly-admin', 'medical-admin')
  async countersign(@Param('id', uuidParam()) id: string, @IfMatchVersion() version: number, @CurrentPrincipal() p: Principal) {
    const state = await this.store.change(id, { expectedVersion: version, visibleTo: visibleTo(p) }, eventActor(p), (a, { at }) =>
      a.countersignAmendment(agreementActor(p), at),
    );
    return this.view.one(state);
  }
}
