import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { Clock } from '@yiyang/kernel';
import { CLOCK } from '@yiyang/platform';
import { ReferralStore } from '../shared/referral-store';
import { toStaffResponse } from '../shared/referral.response';
import { ReturnReferralDto } from './return-referral.dto';

@ApiTags('referrals')
@ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read, e.g. "2"' })
@Roles('referral-desk', 'elderly-admin', 'medical-admin')
@Controller('v1/referrals/:id')
export class ReturnReferralController {
  constructor(
    private readonly store: ReferralStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Not a transfer: the receiver answers with advice for care where the resident is (RECEIVED → RETURNED_WITH_ADVICE). */
  @Post('return')
  @HttpCode(200)
  async returnWithAdvice(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: ReturnReferralDto,
    @CurrentPrincipal() p: Principal,
  ) {
    const state = await this.store.step(id, version, p, (r, actor, { at }) => r.returnWithAdvice(actor, body.advice.trim(), at));
    return toStaffResponse(state, p, this.clock.now());
  }
}
