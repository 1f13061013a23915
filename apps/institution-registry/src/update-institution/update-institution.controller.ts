import { Body, Controller, Param, Patch } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles, primaryRole } from '@yiyang/auth';
import { IfMatchVersion } from '@yiyang/http';
import { ValidationError } from '@yiyang/kernel';
import { institutionIdPipe } from '../get-institution/get-institution.controller';
import { InstitutionStore } from '../shared/institution-store';
import { toResponse } from '../shared/institution.response';
import { toDetailsPatch } from '../shared/to-details';
import { UpdateInstitutionDto } from './update-institution.dto';

@ApiTags('institutions')
@Controller('v1/institutions')
export class UpdateInstitutionController {
  constructor(private readonly store: InstitutionStore) {}

  /** Changes details (registrar, If-Match: version). Publishes institution.updated listing the changed fields. */
  @Patch(':id')
  @Roles('registrar')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read, e.g. "3"' })
  async update(
    @Param('id', institutionIdPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() body: UpdateInstitutionDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    const patch = toDetailsPatch(body);
    if (Object.keys(patch).length === 0) throw new ValidationError([{ field: 'body', message: 'names no field to change' }]);
    const state = await this.store.change(id, version, { userId: principal.sub, role: primaryRole(principal) }, (institution, at) =>
      institution.update(patch, at),
    );
    return toResponse(state);
  }
}
