import { PartialType } from '@nestjs/swagger';
import { InstitutionDetailsDto } from '../shared/institution-details.dto';

/** Any subset of the details; identity (id, USCC) and category cannot change. */
export class UpdateInstitutionDto extends PartialType(InstitutionDetailsDto) {}
