import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { REFERRAL_STEP_PATH, ReferralStepRoute, ReferralSteps } from '../shared/referral-step.route';

@ReferralStepRoute()
@Controller(REFERRAL_STEP_PATH)
export class ArriveReferralController {
  constructor(private readonly steps: ReferralSteps) {}

  /** The receiver records the resident's arrival (ACCEPTED → ARRIVED). */
  @Post('arrive')
  @HttpCode(200)
  arrive(@Param('id', uuidParam()) id: string, @IfMatchVersion() version: number, @CurrentPrincipal() p: Principal) {
    return this.steps.run(id, version, p, (r, actor, { at }) => r.arrive(actor, at));
  }
}
