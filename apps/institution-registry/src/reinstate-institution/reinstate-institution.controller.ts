import { Body, Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { StatusChange } from '../shared/http';
import { InstitutionChanges } from '../shared/institution-changes';
import { InstitutionResponse } from '../shared/institution.response';
import { OptionalReasonDto } from './reinstate-institution.dto';

@ApiTags('institutions')
@Controller('v1/institutions')
export class ReinstateInstitutionController {
  constructor(private readonly changes: InstitutionChanges) {}

  /** SUSPENDED → ACTIVE, with an optional reason (registrar, If-Match). Publishes institution.reinstated. */
  @StatusChange('reinstate')
  reinstate(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: OptionalReasonDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<InstitutionResponse> {
    return this.changes.apply(id, version, principal, (i, at) => i.reinstate(body.reason?.trim() ?? null, at));
  }
}
