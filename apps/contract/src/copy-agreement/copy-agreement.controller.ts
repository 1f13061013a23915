import { Controller, Body, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { uuidParam } from '@yiyang/http';
import { ValidationError } from '@yiyang/kernel';
import { caller } from '../shared/actor';
import { AgreementApi } from '../shared/agreement-api';
import { AgreementView } from '../shared/agreement-view';
import { CopyAgreementHandler } from './copy-agreement.handler';

@AgreementApi({ ifMatch: false })
@Controller('v1/agreements/:id')
export class CopyAgreementController {
  constructor(
    private readonly handler: CopyAgreementHandler,
    private readonly view: AgreementView,
  ) {}

  /** The first party's admin starts a new DRAFT with the content of a REJECTED or WITHDRAWN agreement (`copiedFrom`). */
  @Post('copy')
  @Roles('elderly-admin', 'medical-admin')
  async copy(@Param('id', uuidParam()) id: string, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    // no body: the copy takes everything from the source (the JSON-only middleware already refused non-objects)
    const fields = body && typeof body === 'object' ? Object.keys(body) : [];
    if (fields.length)
      throw new ValidationError(
        fields.map((field) => ({ field, message: 'is not accepted: a copy takes its content from the agreement copied' })),
      );
    return this.view.one(await this.handler.execute({ sourceId: id, ...caller(p) }));
  }
}
