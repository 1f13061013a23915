import { Body, Controller, Param, Patch } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { IfMatchHeader } from '../shared/http';
import { InstitutionResponse } from '../shared/institution.response';
import { UpdateOperationsDto } from './update-operations.dto';
import { UpdateOperationsHandler } from './update-operations.handler';

@ApiTags('institutions')
@Controller('v1/institutions')
export class UpdateOperationsController {
  constructor(private readonly handler: UpdateOperationsHandler) {}

  /**
   * The institution's own administrators (or a registrar) report free beds by type and the phone for
   * referrals (If-Match: version). Another institution's administrator gets 404. Publishes
   * institution.operations-updated listing the changed fields.
   */
  @Patch(':id/operations')
  @Roles('elderly-admin', 'medical-admin', 'registrar')
  @IfMatchHeader()
  update(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: UpdateOperationsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<InstitutionResponse> {
    return this.handler.execute({ id, expectedVersion: version, report: body }, principal);
  }
}
