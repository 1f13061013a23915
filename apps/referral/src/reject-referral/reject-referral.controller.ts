import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { Clock } from '@yiyang/kernel';
import { CLOCK } from '@yiyang/platform';
import { ReferralStore } from '../shared/referral-store';
import { toStaffResponse } from '../shared/referral.response';
import { RejectReferralDto } from './reject-referral.dto';

@ApiTags('referrals')
@ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read, e.g. "2"' })
@Roles('referral-desk', 'elderly-admin', 'medical-admin')
@Controller('v1/referrals/:id')
export class RejectReferralController {
  constructor(
    private readonly store: ReferralStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The receiver refuses, with a coded reason and a comment (RECEIVED → REJECTED). */
  @Post('reject')
  @HttpCode(200)
  async reject(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: RejectReferralDto,
    @CurrentPrincipal() p: Principal,
  ) {
    const state = await this.store.step(id, version, p, (r, actor, { at }) => r.reject(actor, body.reasonCode, body.comment.trim(), at));
    return toStaffResponse(state, p, this.clock.now());
  }
}
