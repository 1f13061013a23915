import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { REFERRAL_STEP_PATH, ReferralStepRoute, ReferralSteps } from '../shared/referral-step.route';
import { CompleteReferralDto } from './complete-referral.dto';
import { CompleteReferralHandler } from './complete-referral.handler';

@ReferralStepRoute()
@Controller(REFERRAL_STEP_PATH)
export class CompleteReferralController {
  constructor(
    private readonly handler: CompleteReferralHandler,
    private readonly steps: ReferralSteps,
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
    return this.steps.respond(state, p);
  }
}
