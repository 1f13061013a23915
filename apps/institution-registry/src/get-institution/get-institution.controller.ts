import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { NotFoundError, ValidationError } from '@yiyang/kernel';
import { InstitutionRepository } from '../persistence/institution.repository';
import { toResponse } from '../shared/institution.response';

export const institutionIdPipe = new ParseUUIDPipe({
  exceptionFactory: () => new ValidationError([{ field: 'id', message: 'must be a UUID' }]),
});

@ApiTags('institutions')
@Controller('v1/institutions')
export class GetInstitutionController {
  constructor(private readonly repository: InstitutionRepository) {}

  /** Any authenticated user reads the registry's public facts; the response carries ETag: "<version>". */
  @Get(':id')
  async get(@Param('id', institutionIdPipe) id: string) {
    const state = await this.repository.find(id);
    if (!state) throw new NotFoundError('institution', 'INSTITUTION_NOT_FOUND');
    return toResponse(state);
  }
}
