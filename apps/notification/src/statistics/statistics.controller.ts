import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { COMPLIANCE_RULES, REFERRAL_DIRECTIONS, REFERRAL_STATUSES, REJECTION_REASONS } from '@yiyang/contracts';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { Counters } from '../persistence/counters';
import { regulatorScope } from '../shared/owner';
import { StatisticsQuery } from './statistics.dto';

@ApiTags('statistics')
@Roles('regulator')
@Controller('v1/statistics')
export class StatisticsController {
  constructor(
    private readonly counters: Counters,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * A jurisdiction's figures, from counters kept as events arrive (a sum over its counties' rows,
   * never a scan of referrals): agreement coverage of elderly-care institutions, referrals by
   * direction and status, answers within the deadline, rejection reasons, open findings by rule.
   */
  @Get()
  async get(@Query() q: StatisticsQuery, @CurrentPrincipal() p: Principal) {
    const division = regulatorScope(p, q.division);
    const c = await this.counters.read(this.dataSource.manager, division);
    const v = (metric: string) => c.get(metric) ?? 0;
    const total = v('elderly.total');
    const answered = v('referrals.answered');
    return {
      division,
      agreementCoverage: {
        elderlyCareInstitutions: total,
        covered: v('elderly.covered'),
        share: total ? v('elderly.covered') / total : null,
      },
      referrals: Object.fromEntries(
        REFERRAL_DIRECTIONS.map((d) => [d, Object.fromEntries(REFERRAL_STATUSES.map((s) => [s, v(`referrals.${d}.${s}`)]))]),
      ),
      responses: {
        answered,
        withinDeadline: v('referrals.answeredWithinDeadline'),
        shareWithinDeadline: answered ? v('referrals.answeredWithinDeadline') / answered : null,
        overdue: v('referrals.overdue'),
      },
      refusedOutsideAgreement: v('referrals.refused'),
      rejectionReasons: Object.fromEntries(REJECTION_REASONS.map((r) => [r, v(`rejections.${r}`)])),
      openFindings: Object.fromEntries(COMPLIANCE_RULES.map((r) => [r, v(`findings.open.${r}`)])),
    };
  }
}
