import { Body, Controller, Param, Patch } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { ValidationError } from '@yiyang/kernel';
import { IfMatchHeader } from '../shared/http';
import { InstitutionChanges } from '../shared/institution-changes';
import { InstitutionResponse } from '../shared/institution.response';
import { toDetailsPatch } from '../shared/to-details';
import { UpdateInstitutionDto } from './update-institution.dto';

@ApiTags('institutions')
@Controller('v1/institutions')
export class UpdateInstitutionController {
  constructor(private readonly changes: InstitutionChanges) {}

  /** Changes details (registrar, If-Match: version). Publishes institution.updated listing the changed fields. */
  @Patch(':id')
  @Roles('registrar')
  @IfMatchHeader()
  update(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: UpdateInstitutionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<InstitutionResponse> {
    const patch = toDetailsPatch(body);
    if (Object.keys(patch).length === 0) throw new ValidationError([{ field: 'body', message: 'names no field to change' }]);
    return this.changes.apply(id, version, principal, (i, at) => i.update(patch, at));
  }
}
