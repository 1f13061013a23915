import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { uuidParam } from '@yiyang/http';
import { FindingsRepository } from '../persistence/findings.repository';
import { regulatorScope } from '../shared/owner';
import { FindingsQuery } from './findings.dto';

@ApiTags('compliance')
@Roles('regulator')
@Controller('v1/compliance/findings')
export class FindingsController {
  constructor(private readonly findings: FindingsRepository) {}

  /** Findings in the regulator's jurisdiction (or a division inside it), newest first. */
  @Get()
  async list(@Query() q: FindingsQuery, @CurrentPrincipal() p: Principal) {
    return this.findings.list({ jurisdiction: regulatorScope(p, q.division), rule: q.rule, status: q.status }, q.limit ?? 20, q.cursor);
  }

  @Get(':id')
  async get(@Param('id', uuidParam()) id: string, @CurrentPrincipal() p: Principal) {
    return this.findings.get(regulatorScope(p), id);
  }
}
