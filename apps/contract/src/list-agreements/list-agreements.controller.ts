import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { csvFile, toCsv } from '@yiyang/http';
import { AgreementApi } from '../shared/agreement-api';
import { AGREEMENT_CSV_HEADER, agreementRow } from './list-agreements.csv';
import { ExportAgreementsQuery, ListAgreementsQuery } from './list-agreements.dto';
import { ListAgreementsHandler } from './list-agreements.handler';

/** `v1` rather than `v1/agreements`: the export's path is `agreements.csv`, a sibling of the list, never an `{id}`. */
@AgreementApi({ ifMatch: false })
@Roles('elderly-admin', 'medical-admin', 'regulator')
@Controller('v1')
export class ListAgreementsController {
  constructor(private readonly handler: ListAgreementsHandler) {}

  /**
   * Institution staff: their institution's agreements; regulators: those with either party inside their
   * jurisdiction (no DRAFTs). Filters: status, mode, counterparty, institution (either party), division,
   * from/to (filing day), effectiveOn, expiringWithinDays; newest first, cursor-paginated.
   */
  @Get('agreements')
  async list(@Query() q: ListAgreementsQuery, @CurrentPrincipal() principal: Principal) {
    const { limit, ...filters } = q;
    return this.handler.execute({ ...filters, limit: limit ?? 20, principal });
  }

  /** The same list, same filters and access, every matching agreement (at most 10,000) as a CSV download. */
  @Get('agreements.csv')
  @ApiOperation({ summary: 'the agreements list as CSV (UTF-8 with BOM), same filters; more than 10,000 agreements is a 422' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'text/csv; charset=utf-8, an attachment', schema: { type: 'string' } })
  async export(@Query() q: ExportAgreementsQuery, @CurrentPrincipal() principal: Principal): Promise<StreamableFile> {
    const { items, day } = await this.handler.export({ ...q, principal });
    return csvFile(`合作协议-${day}.csv`, toCsv(AGREEMENT_CSV_HEADER, items.map(agreementRow)));
  }
}
