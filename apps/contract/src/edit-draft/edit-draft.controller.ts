import { Controller, Body, Param, Patch } from '@nestjs/common';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { caller } from '../shared/actor';
import { EditDraftDto, toTerms } from '../shared/agreement.dto';
import { AgreementApi } from '../shared/agreement-api';
import { AgreementView } from '../shared/agreement-view';
import { EditDraftHandler } from './edit-draft.handler';

@AgreementApi()
@Controller('v1/agreements/:id')
export class EditDraftController {
  constructor(
    private readonly handler: EditDraftHandler,
    private readonly view: AgreementView,
  ) {}

  /** The first party's admin (the filer's side) replaces a DRAFT's content; every rule of a filing is checked again. */
  @Patch()
  @Roles('elderly-admin', 'medical-admin')
  async edit(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: EditDraftDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.view.one(await this.handler.execute({ id, expectedVersion: version, terms: toTerms(body), ...caller(p) }));
  }
}
