import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { csvFile, toCsv } from '@yiyang/http';
import { referralCsvHeader, referralRows } from './list-referrals.csv';
import { ExportReferralsQuery, ListReferralsQuery } from './list-referrals.dto';
import { ListReferralsHandler } from './list-referrals.handler';

/** `v1` rather than `v1/referrals`: the export's path is `referrals.csv`, a sibling of the list, never an `{id}`. */
@ApiTags('referrals')
@Roles('regulator', 'referral-desk', 'elderly-admin', 'medical-admin')
@Controller('v1')
export class ListReferralsController {
  constructor(private readonly handler: ListReferralsHandler) {}

  /**
   * Referrals newest first: a regulator's jurisdiction (either party's division; masked residents) or
   * the caller's institution (sent, received or both; by resident ID number through its blind index).
   */
  @Get('referrals')
  list(@Query() q: ListReferralsQuery, @CurrentPrincipal() p: Principal) {
    return this.handler.execute(q, p);
  }

  /** The same list, same filters and access, every matching referral (at most 10,000) as a CSV download. */
  @Get('referrals.csv')
  @ApiOperation({ summary: 'the referrals list as CSV (UTF-8 with BOM), same filters; more than 10,000 referrals is a 422' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'text/csv; charset=utf-8, an attachment', schema: { type: 'string' } })
  async export(@Query() q: ExportReferralsQuery, @CurrentPrincipal() p: Principal): Promise<StreamableFile> {
    const { audience, items, day } = await this.handler.export(q, p);
    return csvFile(`转诊-${day}.csv`, toCsv(referralCsvHeader(audience), referralRows(audience, items)));
  }
}
