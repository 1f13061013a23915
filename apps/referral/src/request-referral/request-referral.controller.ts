import { Body, Controller, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { ReferralView } from '../shared/referral-view';
import { RequestReferralDto } from './request-referral.dto';
import { RequestReferralHandler } from './request-referral.handler';

@ApiTags('referrals')
@Controller('v1/referrals')
export class RequestReferralController {
  constructor(
    private readonly handler: RequestReferralHandler,
    private readonly view: ReferralView,
  ) {}

  /**
   * The sender's staff refer a resident: UP from a nursing home to a hospital, DOWN from a hospital to
   * a nursing home, rehab or hospice, under the pair's agreement in force → 201 REQUESTED with its deadline.
   */
  @Post()
  @Roles('referral-desk', 'elderly-admin', 'medical-admin')
  async request(@Body() body: RequestReferralDto, @CurrentPrincipal() p: Principal) {
    const state = await this.handler.execute(body, p);
    return this.view.staff(state, p);
  }
}
