import { Controller, Get, Inject, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { CsvCell, Page, csvFile, toCsv } from '@yiyang/http';
import { chinaDate, chinaSecond } from '@yiyang/kernel';
import { AuditEntry, AuditReader } from './audit-reader';
import { AuditFilter, AuditScope, auditPosition, auditScopeOf, dateRange } from './audit-query';
import { AuditEntryResponse, AuditExportQuery, AuditPageResponse, AuditQuery } from './audit.dto';
import { AUDIT_OPTIONS, AuditOptions } from './audit-options';

const toResponse = (e: AuditEntry): AuditEntryResponse => ({ ...e, at: e.at.toISOString() });

const CSV_HEADER = [
  'time (UTC+8)',
  'type',
  'resource',
  'version',
  'action',
  'fields',
  'reason',
  'actor',
  'actor role',
  'actor institution',
  'actor name',
  'institutions',
  'divisions',
] as const;

const csvRow = (e: AuditEntry): CsvCell[] => [
  chinaSecond(e.at),
  e.type,
  e.resourceId,
  e.version,
  e.action,
  e.fields.join(' '),
  e.reason,
  e.actor.id,
  e.actor.role,
  e.actor.institutionId,
  e.actor.name,
  e.parties.map((p) => p.institutionId).join(' '),
  e.parties.map((p) => p.division).join(' '),
];

/**
 * The audit trail of the service's aggregates (ADR 0012): every recorded change with who, when, which
 * fields and why. A regulator reads the entries with either party inside their division, institution
 * staff those concerning their institution, a role the service names (the registry's registrar) all.
 */
@ApiTags('audit')
@Controller('v1')
export class AuditController {
  constructor(
    private readonly reader: AuditReader,
    @Inject(AUDIT_OPTIONS) private readonly options: AuditOptions,
  ) {}

  @Get('audit')
  @ApiOperation({ summary: 'the audit trail, newest first, filtered and cursor-paginated' })
  @ApiOkResponse({ type: AuditPageResponse })
  async list(@CurrentPrincipal() p: Principal, @Query() q: AuditQuery): Promise<Page<AuditEntryResponse>> {
    const { scope, filter } = this.command(p, q);
    const after = q.cursor === undefined ? undefined : auditPosition(q.cursor);
    const page = await this.reader.page(scope, filter, q.limit ?? 20, after);
    return { items: page.items.map(toResponse), nextCursor: page.nextCursor };
  }

  @Get('audit.csv')
  @ApiOperation({ summary: 'the audit trail as CSV (UTF-8 with BOM), same filters; more than 10,000 entries is a 422' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'text/csv; charset=utf-8, an attachment', schema: { type: 'string' } })
  async export(@CurrentPrincipal() p: Principal, @Query() q: AuditExportQuery): Promise<StreamableFile> {
    const { scope, filter } = this.command(p, q);
    const entries = await this.reader.all(scope, filter);
    return csvFile(`audit-${chinaDate(new Date())}.csv`, toCsv(CSV_HEADER, entries.map(csvRow)));
  }

  private command(p: Principal, q: AuditExportQuery): { scope: AuditScope; filter: AuditFilter } {
    const scope = auditScopeOf(p, this.options.readAll ?? []);
    const filter: AuditFilter = {
      ...dateRange(q.from, q.to),
      actor: q.actor,
      institution: q.institution?.toLowerCase(),
      type: q.type,
      action: q.action,
      resource: q.resource,
    };
    return { scope, filter };
  }
}
