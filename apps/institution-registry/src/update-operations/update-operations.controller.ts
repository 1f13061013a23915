import { Body, Controller, Param, Patch } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles, assertActsFor, hasRole, primaryRole } from '@yiyang/auth';
import { FreeBedType } from '@yiyang/contracts';
import { IfMatchVersion } from '@yiyang/http';
import { ValidationError } from '@yiyang/kernel';
import { institutionIdPipe } from '../get-institution/get-institution.controller';
import { InstitutionStore } from '../shared/institution-store';
import { toResponse } from '../shared/institution.response';
import { UpdateOperationsDto } from './update-operations.dto';

@ApiTags('institutions')
@Controller('v1/institutions')
export class UpdateOperationsController {
  constructor(private readonly store: InstitutionStore) {}

  /**
   * The institution's own administrators (or a registrar) report free beds by type and the phone for
   * referrals (If-Match: version). Another institution's administrator gets 404. Publishes
   * institution.operations-updated listing the changed fields.
   */
  @Patch(':id/operations')
  @Roles('elderly-admin', 'medical-admin', 'registrar')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read, e.g. "3"' })
  async update(
    @Param('id', institutionIdPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() body: UpdateOperationsDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    if (!hasRole(principal, 'registrar')) assertActsFor(principal, id);
    const has = (k: keyof UpdateOperationsDto) => Object.prototype.hasOwnProperty.call(body, k) && body[k] !== undefined;
    const patch: { freeBeds?: Partial<Record<FreeBedType, number>>; referralPhone?: string | null } = {};
    if (has('freeBeds')) {
      patch.freeBeds = Object.fromEntries(Object.entries({ ...body.freeBeds }).filter(([, v]) => v !== undefined));
      if (Object.keys(patch.freeBeds).length === 0) throw new ValidationError([{ field: 'freeBeds', message: 'names no bed type' }]);
    }
    if (has('referralPhone')) patch.referralPhone = body.referralPhone ?? null;
    if (Object.keys(patch).length === 0)
      throw new ValidationError([{ field: 'body', message: 'names no field to change (freeBeds, referralPhone)' }]);
    const state = await this.store.change(id, version, { userId: principal.sub, role: primaryRole(principal) }, (institution, at) =>
      institution.updateOperations(patch, at),
    );
    return toResponse(state);
  }
}
