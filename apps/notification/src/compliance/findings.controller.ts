import { Controller, Get, Headers, Inject, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { COMPLIANCE_RULE_LABEL, FindingSnapshot } from '@yiyang/contracts';
import { csvFile, toCsv, uuidParam } from '@yiyang/http';
import { Clock, DomainError, chinaDate } from '@yiyang/kernel';
import { CLOCK } from '@yiyang/platform';
import { findingDivisions, findingInstitutions, findingSubject } from '../domain/notices';
import { FindingsRepository } from '../persistence/findings.repository';
import { prefersEnglish, regulatorScope } from '../shared/owner';
import { EXPORT_MAX_ROWS, FINDING_CSV_HEADER, findingRow } from './findings.csv';
import { FindingsExportQuery, FindingsQuery } from './findings.dto';
import { ErrorCodes } from '../domain/error-codes';
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
// `v1/compliance` rather than `v1/compliance/findings`: the export `findings.csv` is a sibling of the list, never an `{id}`
@Controller('v1/compliance')
export class FindingsController {
  constructor(
    private readonly findings: FindingsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Findings concerning either party's division inside the regulator's jurisdiction (or a division inside it), newest first. */
  @ApiHeader(LANGUAGE_HEADER)
  @Get('findings')
  async list(@Query() q: FindingsQuery, @CurrentPrincipal() p: Principal, @Headers('accept-language') lang?: string) {
    const page = await this.findings.list(
      { jurisdiction: regulatorScope(p, q.division), rule: q.rule, status: q.status },
      q.limit ?? 20,
      q.cursor,
    );
    const names = await this.findings.names(page.items.flatMap(findingInstitutions));
    return { items: page.items.map((f) => findingView(f, names, prefersEnglish(lang))), nextCursor: page.nextCursor };
  }

  /**
   * The same list, same filters and access, every matching finding (at most EXPORT_MAX_ROWS, one query of the
   * list's) as a CSV download in Chinese; a further finding means too many: 422 EXPORT_TOO_LARGE.
   */
  @Get('findings.csv')
  @ApiOperation({ summary: 'the findings list as CSV (UTF-8 with BOM), same filters; more than 10,000 findings is a 422' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'text/csv; charset=utf-8, an attachment', schema: { type: 'string' } })
  async export(@Query() q: FindingsExportQuery, @CurrentPrincipal() p: Principal): Promise<StreamableFile> {
    const page = await this.findings.list({ jurisdiction: regulatorScope(p, q.division), rule: q.rule, status: q.status }, EXPORT_MAX_ROWS);
    if (page.nextCursor !== null)
      throw new DomainError(
        ErrorCodes.EXPORT_TOO_LARGE,
        'rule',
        `the export would hold more than ${EXPORT_MAX_ROWS} findings; narrow the filters (division, rule, status)`,
      );
    const names = await this.findings.names(page.items.flatMap(findingInstitutions));
    const rows = page.items.map((f) => findingRow(f, names));
    return csvFile(`合规问题-${chinaDate(this.clock.now())}.csv`, toCsv(FINDING_CSV_HEADER, rows));
  }

  @ApiHeader(LANGUAGE_HEADER)
  @Get('findings/:id')
  async get(@Param('id', uuidParam()) id: string, @CurrentPrincipal() p: Principal, @Headers('accept-language') lang?: string) {
    const f = await this.findings.get(regulatorScope(p), id);
    return findingView(f, await this.findings.names(findingInstitutions(f)), prefersEnglish(lang));
  }
}
