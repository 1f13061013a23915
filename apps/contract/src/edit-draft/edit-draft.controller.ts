import { Body, Controller, Param, Patch } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { agreementActor, eventActor, visibleTo } from '../shared/actor';
import { EditDraftDto, toTerms } from '../shared/agreement.dto';
import { AgreementView } from '../shared/agreement-view';
import { EditDraftHandler } from './edit-draft.handler';

@ApiTags('agreements')
@Controller('v1/agreements/:id')
export class EditDraftController {
  constructor(
    private readonly handler: EditDraftHandler,
    private readonly view: AgreementView,
  ) {}

  /** The elderly-care party's admin replaces a DRAFT's content; every rule of a filing is checked again. */
  @Patch()
  @Roles('elderly-admin')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read, e.g. "1"' })
  async edit(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: EditDraftDto,
    @CurrentPrincipal() p: Principal,
  ) {
    const state = await this.handler.execute({
      id,
      expectedVersion: version,
      visibleTo: visibleTo(p),
      terms: toTerms(body),
      actor: agreementActor(p),
      eventActor: eventActor(p),
    });
    return this.view.one(state);
  }
}
