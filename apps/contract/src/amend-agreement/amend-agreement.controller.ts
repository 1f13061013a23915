import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { IfMatchVersion } from '@yiyang/http';
import { RejectAgreementDto, agreementIdPipe } from '../agreement-transitions/agreement-transitions.controller';
import { AgreementContentDto, toContent } from '../file-agreement/file-agreement.dto';
import { agreementActor, eventActor } from '../shared/actor';
import { AgreementStore } from '../shared/agreement-store';
import { AgreementView } from '../shared/agreement-view';

/**
 * Amendments (If-Match: the agreement's version): one party proposes new content for an agreement in
 * force; the other countersigns it (the content changes, `revision` goes up) or rejects it; the
 * proposer may withdraw it the same way.
 */
@ApiTags('agreements')
@ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read, e.g. "5"' })
@Controller('v1/agreements/:id')
export class AmendAgreementController {
  constructor(
    private readonly store: AgreementStore,
    private readonly view: AgreementView,
  ) {}

  @Post('amend')
  @HttpCode(200)
  @Roles('elderly-admin', 'medical-admin')
  async propose(
    @Param('id', agreementIdPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() body: AgreementContentDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.view.one(
      await this.store.change(id, version, p.institutionId ?? null, eventActor(p), (a, { at }) =>
        a.proposeAmendment(agreementActor(p), toContent(body), at),
      ),
    );
  }

  @Post('amendment/countersign')
  @HttpCode(200)
  @Roles('elderly-admin', 'medical-admin')
  async countersign(@Param('id', agreementIdPipe) id: string, @IfMatchVersion() version: number, @CurrentPrincipal() p: Principal) {
    return this.view.one(
      await this.store.change(id, version, p.institutionId ?? null, eventActor(p), (a, { at }) =>
        a.countersignAmendment(agreementActor(p), at),
      ),
    );
  }

  @Post('amendment/reject')
  @HttpCode(200)
  @Roles('elderly-admin', 'medical-admin')
  async reject(
    @Param('id', agreementIdPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() body: RejectAgreementDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.view.one(
      await this.store.change(id, version, p.institutionId ?? null, eventActor(p), (a, { at }) =>
        a.rejectAmendment(agreementActor(p), body.reason.trim(), at),
      ),
    );
  }
}
