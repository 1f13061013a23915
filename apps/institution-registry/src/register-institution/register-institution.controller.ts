import { Body, Controller, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { CurrentPrincipal, Principal, Roles, primaryRole } from '@yiyang/auth';
import { Institution } from '../domain/institution';
import { InstitutionStore } from '../shared/institution-store';
import { toResponse } from '../shared/institution.response';
import { toDetails } from '../shared/to-details';
import { RegisterInstitutionDto } from './register-institution.dto';

@ApiTags('institutions')
@Controller('v1/institutions')
export class RegisterInstitutionController {
  constructor(private readonly store: InstitutionStore) {}

  /** Registers an institution (registrar). Publishes institution.registered. */
  @Post()
  @Roles('registrar')
  async register(@Body() body: RegisterInstitutionDto, @CurrentPrincipal() principal: Principal) {
    const state = await this.store.create(
      (at) => Institution.register({ id: randomUUID(), uscc: body.uscc, category: body.category, ...toDetails(body) }, at),
      { userId: principal.sub, role: primaryRole(principal) },
    );
    return toResponse(state);
  }
}
