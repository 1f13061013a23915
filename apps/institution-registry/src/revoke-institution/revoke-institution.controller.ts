import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { actorOf, IfMatchHeader } from '../shared/http';
import { InstitutionStore } from '../shared/institution-store';
import { InstitutionResponse, toResponse } from '../shared/institution.response';
import { ReasonDto } from '../shared/reason.dto';

@ApiTags('institutions')
@IfMatchHeader()
@Controller('v1/institutions/:id')
export class RevokeInstitutionController {
  constructor(private readonly store: InstitutionStore) {}

  /** ACTIVE | SUSPENDED → REVOKED, final, with a reason (registrar, If-Match). Publishes institution.revoked; the institution's staff accounts are then disabled. */
  @Post('revoke')
  @HttpCode(200)
  @Roles('registrar')
  async revoke(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: ReasonDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<InstitutionResponse> {
    return toResponse(
      await this.store.change(id, { expectedVersion: version }, actorOf(principal), (i, { at }) => i.revoke(body.reason.trim(), at)),
    );
  }
}
