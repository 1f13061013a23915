import { Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { Clock } from '@yiyang/kernel';
import { CLOCK } from '@yiyang/platform';
import { ReferralStore } from '../shared/referral-store';
import { toStaffResponse } from '../shared/referral.response';

@ApiTags('referrals')
@ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read, e.g. "2"' })
@Roles('referral-desk', 'elderly-admin', 'medical-admin')
@Controller('v1/referrals/:id')
export class ReceiveReferralController {
  constructor(
    private readonly store: ReferralStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The receiving desk claims the referral (REQUESTED → RECEIVED): it is being looked at. */
  @Post('receive')
  @HttpCode(200)
  async receive(@Param('id', uuidParam()) id: string, @IfMatchVersion() version: number, @CurrentPrincipal() p: Principal) {
    const state = await this.store.step(id, version, p, (r, actor, { at }) => r.receive(actor, at));
    return toStaffResponse(state, p, this.clock.now());
  }
}
