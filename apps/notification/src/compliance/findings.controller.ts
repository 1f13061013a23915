import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { COMPLIANCE_RULES } from '@yiyang/contracts';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { PageQuery, uuidParam } from '@yiyang/http';
import { FindingsRepository } from '../persistence/findings.repository';
import { regulatorScope } from '../shared/owner';

export class FindingsQuery extends PageQuery {
  @IsOptional() @Matches(/^(\d{2}|\d{4}|\d{6})$/, { message: 'division must be 2, 4 or 6 digits' }) division?: string;
  @IsOptional() @IsIn(COMPLIANCE_RULES) rule?: string;
  @IsOptional() @IsIn(['OPEN', 'RESOLVED']) status?: string;
}

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
