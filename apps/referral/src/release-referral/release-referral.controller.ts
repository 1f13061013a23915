import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { REFERRAL_STEP_PATH, ReferralStepRoute, ReferralSteps } from '../shared/referral-step.route';

@ReferralStepRoute()
@Controller(REFERRAL_STEP_PATH)
export class ReleaseReferralController {
  constructor(private readonly steps: ReferralSteps) {}

  /** The receiving desk gives its claim back to the queue (RECEIVED → REQUESTED). */
  @Post('release')
  @HttpCode(200)
  release(@Param('id', uuidParam()) id: string, @IfMatchVersion() version: number, @CurrentPrincipal() p: Principal) {
    return this.steps.run(id, version, p, (r, actor, { at }) => r.release(actor, at));
  }
}
