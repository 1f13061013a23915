import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { actorOf, IfMatchHeader } from '../shared/http';
import { InstitutionStore } from '../shared/institution-store';
import { InstitutionResponse, toResponse } from '../shared/institution.response';
import { OptionalReasonDto } from './reinstate-institution.dto';

@ApiTags('institutions')
@IfMatchHeader()
@Controller('v1/institutions/:id')
export class ReinstateInstitutionController {
  constructor(private readonly store: InstitutionStore) {}

  /** SUSPENDED → ACTIVE, with an optional reason (registrar, If-Match). Publishes institution.reinstated. */
  @Post('reinstate')
  @HttpCode(200)
  @Roles('registrar')
  async reinstate(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: OptionalReasonDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<InstitutionResponse> {
    return toResponse(
      await this.store.change(id, { expectedVersion: version }, actorOf(principal), (i, { at }) =>
        i.reinstate(body.reason?.trim() ?? null, at),
      ),
    );
  }
}
