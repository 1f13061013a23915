import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles, primaryRole } from '@yiyang/auth';
import { IfMatchVersion } from '@yiyang/http';
import { institutionIdPipe } from '../get-institution/get-institution.controller';
import { InstitutionStore } from '../shared/institution-store';
import { toResponse } from '../shared/institution.response';
import { OptionalReasonDto, ReasonDto } from './change-status.dto';

/** Status transitions (registrar, If-Match): ACTIVE → SUSPENDED → ACTIVE; ACTIVE | SUSPENDED → REVOKED (final). */
@ApiTags('institutions')
@ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read, e.g. "3"' })
@Controller('v1/institutions/:id')
export class ChangeStatusController {
  constructor(private readonly store: InstitutionStore) {}

  @Post('suspend')
  @HttpCode(200)
  @Roles('registrar')
  async suspend(
    @Param('id', institutionIdPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() body: ReasonDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return toResponse(
      await this.store.change(id, version, { userId: p.sub, role: primaryRole(p) }, (i, at) => i.suspend(body.reason.trim(), at)),
    );
  }

  @Post('reinstate')
  @HttpCode(200)
  @Roles('registrar')
  async reinstate(
    @Param('id', institutionIdPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() body: OptionalReasonDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return toResponse(
      await this.store.change(id, version, { userId: p.sub, role: primaryRole(p) }, (i, at) =>
        i.reinstate(body.reason?.trim() ?? null, at),
      ),
    );
  }

  @Post('revoke')
  @HttpCode(200)
  @Roles('registrar')
  async revoke(
    @Param('id', institutionIdPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() body: ReasonDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return toResponse(
      await this.store.change(id, version, { userId: p.sub, role: primaryRole(p) }, (i, at) => i.revoke(body.reason.trim(), at)),
    );
  }
}
