import { Body, Controller, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { actorOf } from '../shared/http';
import { InstitutionResponse, toResponse } from '../shared/institution.response';
import { toDetails } from '../shared/to-details';
import { RegisterInstitutionDto } from './register-institution.dto';
import { RegisterInstitutionHandler } from './register-institution.handler';

@ApiTags('institutions')
@Controller('v1/institutions')
export class RegisterInstitutionController {
  constructor(private readonly handler: RegisterInstitutionHandler) {}

  /** Registers an institution (registrar). Publishes institution.registered. */
  @Post()
  @Roles('registrar')
  async register(@Body() body: RegisterInstitutionDto, @CurrentPrincipal() principal: Principal): Promise<InstitutionResponse> {
    const state = await this.handler.execute({ uscc: body.uscc, category: body.category, details: toDetails(body) }, actorOf(principal));
    return toResponse(state);
  }
}
