import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { REFERRAL_STEP_PATH, ReferralStepRoute, ReferralSteps } from '../shared/referral-step.route';
import { CancelReferralDto } from './cancel-referral.dto';

@ReferralStepRoute()
@Controller(REFERRAL_STEP_PATH)
export class CancelReferralController {
  constructor(private readonly steps: ReferralSteps) {}

  /** The sender withdraws it, with a reason, from REQUESTED, RECEIVED or ACCEPTED (→ CANCELLED). */
  @Post('cancel')
  @HttpCode(200)
  cancel(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: CancelReferralDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.steps.run(id, version, p, (r, actor, { at }) => r.cancel(actor, body.reason.trim(), at));
  }
}
