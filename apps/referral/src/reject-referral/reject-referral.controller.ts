import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { REFERRAL_STEP_PATH, ReferralStepRoute, ReferralSteps } from '../shared/referral-step.route';
import { RejectReferralDto } from './reject-referral.dto';

@ReferralStepRoute()
@Controller(REFERRAL_STEP_PATH)
export class RejectReferralController {
  constructor(private readonly steps: ReferralSteps) {}

  /** The receiver refuses, with a coded reason and a comment (RECEIVED → REJECTED). */
  @Post('reject')
  @HttpCode(200)
  reject(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: RejectReferralDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.steps.run(id, version, p, (r, actor, { at }) => r.reject(actor, body.reasonCode, body.comment.trim(), at));
  }
}
