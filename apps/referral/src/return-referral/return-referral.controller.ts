import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { REFERRAL_STEP_PATH, ReferralStepRoute, ReferralSteps } from '../shared/referral-step.route';
import { ReturnReferralDto } from './return-referral.dto';

@ReferralStepRoute()
@Controller(REFERRAL_STEP_PATH)
export class ReturnReferralController {
  constructor(private readonly steps: ReferralSteps) {}

  /** Not a transfer: the receiver answers with advice for care where the resident is (RECEIVED → RETURNED_WITH_ADVICE). */
  @Post('return')
  @HttpCode(200)
  returnWithAdvice(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: ReturnReferralDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.steps.run(id, version, p, (r, actor, { at }) => r.returnWithAdvice(actor, body.advice.trim(), at));
  }
}
