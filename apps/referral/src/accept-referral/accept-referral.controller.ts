import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { REFERRAL_STEP_PATH, ReferralStepRoute, ReferralSteps } from '../shared/referral-step.route';
import { AcceptReferralDto } from './accept-referral.dto';

@ReferralStepRoute()
@Controller(REFERRAL_STEP_PATH)
export class AcceptReferralController {
  constructor(private readonly steps: ReferralSteps) {}

  /** The receiver accepts, with the expected arrival (RECEIVED → ACCEPTED). */
  @Post('accept')
  @HttpCode(200)
  accept(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: AcceptReferralDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.steps.run(id, version, p, (r, actor, { at }) => r.accept(actor, new Date(body.expectedArrivalAt), at));
  }
}
