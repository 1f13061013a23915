import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { uuidParam } from '@yiyang/http';
import { InstitutionRepository } from '../persistence/institution.repository';
import { toResponse } from '../shared/institution.response';

@ApiTags('institutions')
@Controller('v1/institutions')
export class GetInstitutionController {
  constructor(private readonly repository: InstitutionRepository) {}

  /** Any authenticated user reads the registry's public facts; the response carries ETag: "<version>". */
  @Get(':id')
  async get(@Param('id', uuidParam()) id: string) {
    return toResponse(await this.repository.get(id));
  }
}
