import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { Clock } from '@yiyang/kernel';
import { CLOCK } from '@yiyang/platform';
import { toStaffResponse } from '../shared/referral.response';
import { CompleteReferralDto } from './complete-referral.dto';
import { CompleteReferralHandler } from './complete-referral.handler';

@ApiTags('referrals')
@ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read, e.g. "2"' })
@Roles('referral-desk', 'elderly-admin', 'medical-admin')
@Controller('v1/referrals/:id')
export class CompleteReferralController {
  constructor(
    private readonly handler: CompleteReferralHandler,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The receiver completes the stay with a discharge summary (ARRIVED → COMPLETED). With `returnTo`, an UP
   * referral's completion also creates the linked DOWN referral back to that nursing home.
   */
  @Post('complete')
  @HttpCode(200)
  async complete(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: CompleteReferralDto,
    @CurrentPrincipal() p: Principal,
  ) {
    const state = await this.handler.execute(
      { id, expectedVersion: version, dischargeSummary: body.dischargeSummary, returnTo: body.returnTo ?? null },
      p,
    );
    return toStaffResponse(state, p, this.clock.now());
  }
}
