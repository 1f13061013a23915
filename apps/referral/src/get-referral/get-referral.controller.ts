import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { Clock, NotFoundError, withinJurisdiction } from '@yiyang/kernel';
import { uuidParam } from '@yiyang/http';
import { CLOCK } from '@yiyang/platform';
import { ErrorCodes } from '../domain/error-codes';
import { ReferralRepository } from '../persistence/referral.repository';
import { toReferralResponse, toStaffResponse } from '../shared/referral.response';

@ApiTags('referrals')
@Controller('v1/referrals')
export class GetReferralController {
  constructor(
    private readonly repository: ReferralRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Staff of the sending or receiving institution read it in full, with milestones and the
   * `allowedActions` open to them; regulators whose jurisdiction holds either institution read a
   * masked view; anyone else gets 404.
   */
  @Get(':id')
  async get(@Param('id', uuidParam()) id: string, @CurrentPrincipal() p: Principal) {
    const s = await this.repository.find(id);
    if (s && (p.institutionId === s.from.institutionId || p.institutionId === s.to.institutionId)) {
      return toStaffResponse(s, p, this.clock.now());
    }
    const regulator =
      s &&
      p.roles.includes('regulator') &&
      !!p.division &&
      (withinJurisdiction(s.from.divisionCode, p.division) || withinJurisdiction(s.to.divisionCode, p.division));
    if (!s || !regulator) throw new NotFoundError('referral', ErrorCodes.REFERRAL_NOT_FOUND);
    return toReferralResponse(s, 'regulator', this.clock.now());
  }
}
