import { Controller, Get, Headers, Param, Query } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { COMPLIANCE_RULE_LABEL, FindingSnapshot } from '@yiyang/contracts';
import { uuidParam } from '@yiyang/http';
import { findingDivisions, findingInstitutions, findingSubject } from '../domain/notices';
import { FindingsRepository } from '../persistence/findings.repository';
import { prefersEnglish, regulatorScope } from '../shared/owner';
import { FindingsQuery } from './findings.dto';
import { LANGUAGE_HEADER } from '../shared/http';

/**
 * A finding as the API shows it: the stored finding, plus every division it concerns, its rule and its
 * subject in words (Chinese, or English with Accept-Language: en) and the institutions it names by name.
 */
function findingView(f: FindingSnapshot, names: Map<string, string>, english: boolean) {
  const rule = COMPLIANCE_RULE_LABEL[f.rule];
  const subject = findingSubject(f, (id) => names.get(id));
  return {
    ...f,
    divisions: findingDivisions(f),
    ruleName: english ? rule.en : rule.zh,
    subjectName: english ? subject.en : subject.zh,
    institutions: findingInstitutions(f).map((id) => ({ id, name: names.get(id) ?? null })),
  };
}

@ApiTags('compliance')
@Roles('regulator')
@Controller('v1/compliance/findings')
export class FindingsController {
  constructor(private readonly findings: FindingsRepository) {}

  /** Findings concerning either party's division inside the regulator's jurisdiction (or a division inside it), newest first. */
  @ApiHeader(LANGUAGE_HEADER)
  @Get()
  async list(@Query() q: FindingsQuery, @CurrentPrincipal() p: Principal, @Headers('accept-language') lang?: string) {
    const page = await this.findings.list(
      { jurisdiction: regulatorScope(p, q.division), rule: q.rule, status: q.status },
      q.limit ?? 20,
      q.cursor,
    );
    const names = await this.findings.names(page.items.flatMap(findingInstitutions));
    return { items: page.items.map((f) => findingView(f, names, prefersEnglish(lang))), nextCursor: page.nextCursor };
  }

  @ApiHeader(LANGUAGE_HEADER)
  @Get(':id')
  async get(@Param('id', uuidParam()) id: string, @CurrentPrincipal() p: Principal, @Headers('accept-language') lang?: string) {
    const f = await this.findings.get(regulatorScope(p), id);
    return findingView(f, await this.findings.names(findingInstitutions(f)), prefersEnglish(lang));
  }
}
