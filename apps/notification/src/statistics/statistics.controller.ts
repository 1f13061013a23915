import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { csvFile, toCsv } from '@yiyang/http';
import { BreakdownQuery, StatisticsQuery } from './statistics.dto';
import { StatisticsCommand, StatisticsReader } from './statistics.handler';
import { BREAKDOWN_HEADER, SERIES_HEADER, viewRows } from './statistics-csv';

const command = (p: Principal, q: StatisticsQuery | BreakdownQuery): StatisticsCommand => ({ principal: p, ...q });

/** Statistics (docs/api/statistics.md): regulators for their jurisdiction, institution admins for their own institution. */
@ApiTags('statistics')
@Roles('regulator', 'elderly-admin', 'medical-admin')
@Controller('v1')
export class StatisticsController {
  constructor(private readonly reader: StatisticsReader) {}

  /**
   * A jurisdiction's (or an institution's) figures: the current totals kept as events arrive, and a
   * series by day, week or month over a range of China-time days, each for both sides of a referral.
   */
  @Get('statistics')
  @ApiOperation({ summary: 'current totals, and series by period with wait times, for a division or an institution' })
  get(@Query() q: StatisticsQuery, @CurrentPrincipal() p: Principal) {
    return this.reader.statistics(command(p, q));
  }

  @Get('statistics.csv')
  @ApiOperation({ summary: 'the series as CSV (UTF-8 with BOM), one row per period and side, then the whole range' })
  @ApiProduces('text/csv')
  async csv(@Query() q: StatisticsQuery, @CurrentPrincipal() p: Principal): Promise<StreamableFile> {
    const s = await this.reader.statistics(command(p, q));
    const rows = [
      ...s.series.flatMap((period) => viewRows([period.period, period.from, period.to], period)),
      ...viewRows(['range', s.period.from, s.period.to], s.range),
    ];
    const name = `statistics-${s.division ?? s.institution}-${s.period.from}-${s.period.to}-${s.period.granularity}.csv`;
    return csvFile(name, toCsv(SERIES_HEADER, rows));
  }

  /** One row per child of a division (the next level down), with its figures over the range: a dashboard's drill-down in one call. */
  @Get('statistics/breakdown')
  @ApiOperation({ summary: 'the figures of each child division over a range (regulators)' })
  breakdown(@Query() q: BreakdownQuery, @CurrentPrincipal() p: Principal) {
    return this.reader.breakdown(command(p, q));
  }

  @Get('statistics/breakdown.csv')
  @ApiOperation({ summary: 'the breakdown as CSV (UTF-8 with BOM), one row per child and side' })
  @ApiProduces('text/csv')
  async breakdownCsv(@Query() q: BreakdownQuery, @CurrentPrincipal() p: Principal): Promise<StreamableFile> {
    const b = await this.reader.breakdown(command(p, q));
    const rows = b.children.flatMap((c) => viewRows([c.division, c.name, b.period.from, b.period.to], c));
    return csvFile(`statistics-breakdown-${b.division}-${b.period.from}-${b.period.to}.csv`, toCsv(BREAKDOWN_HEADER, rows));
  }
}
