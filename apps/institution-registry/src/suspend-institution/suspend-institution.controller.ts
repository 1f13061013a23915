import { Body, Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { StatusChange } from '../shared/http';
import { InstitutionChanges } from '../shared/institution-changes';
import { InstitutionResponse } from '../shared/institution.response';
import { ReasonDto } from '../shared/reason.dto';

@ApiTags('institutions')
@Controller('v1/institutions')
export class SuspendInstitutionController {
  constructor(private readonly changes: InstitutionChanges) {}

  /** ACTIVE → SUSPENDED, with a reason (registrar, If-Match). Publishes institution.suspended. */
  @StatusChange('suspend')
  suspend(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: ReasonDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<InstitutionResponse> {
    return this.changes.apply(id, version, principal, (i, at) => i.suspend(body.reason.trim(), at));
  }
}
