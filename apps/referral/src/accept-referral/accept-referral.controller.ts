import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { Clock } from '@yiyang/kernel';
import { CLOCK } from '@yiyang/platform';
import { ReferralStore } from '../shared/referral-store';
import { toStaffResponse } from '../shared/referral.response';
import { AcceptReferralDto } from './accept-referral.dto';

@ApiTags('referrals')
@ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read, e.g. "2"' })
@Roles('referral-desk', 'elderly-admin', 'medical-admin')
@Controller('v1/referrals/:id')
export class AcceptReferralController {
  constructor(
    private readonly store: ReferralStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The receiver accepts, with the expected arrival (RECEIVED → ACCEPTED). */
  @Post('accept')
  @HttpCode(200)
  async accept(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: AcceptReferralDto,
    @CurrentPrincipal() p: Principal,
  ) {
    const state = await this.store.step(id, version, p, (r, actor, { at }) => r.accept(actor, new Date(body.expectedArrivalAt), at));
    return toStaffResponse(state, p, this.clock.now());
  }
}
