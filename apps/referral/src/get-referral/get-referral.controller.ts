import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { uuidParam } from '@yiyang/http';
import { ReferralView } from '../shared/referral-view';

@ApiTags('referrals')
@Controller('v1/referrals')
export class GetReferralController {
  constructor(private readonly view: ReferralView) {}

  /**
   * Staff of the sending or receiving institution read it in full, with milestones and the
   * `allowedActions` open to them; regulators whose jurisdiction holds either institution read a
   * masked view; anyone else gets 404. Both institutions' names come from the directory.
   */
  @Get(':id')
  async get(@Param('id', uuidParam()) id: string, @CurrentPrincipal() p: Principal) {
    const { state, audience } = await this.view.readable(id, p);
    return this.view.one(state, audience, p);
  }
}
