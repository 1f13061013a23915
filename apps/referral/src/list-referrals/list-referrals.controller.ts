import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { ListReferralsQuery } from './list-referrals.dto';
import { ListReferralsHandler } from './list-referrals.handler';

@ApiTags('referrals')
@Roles('regulator', 'referral-desk', 'elderly-admin', 'medical-admin')
@Controller('v1/referrals')
export class ListReferralsController {
  constructor(private readonly handler: ListReferralsHandler) {}

  /**
   * Referrals newest first: a regulator's jurisdiction (either party's division; masked residents) or
   * the caller's institution (sent, received or both; by resident ID number through its blind index).
   */
  @Get()
  list(@Query() q: ListReferralsQuery, @CurrentPrincipal() p: Principal) {
    return this.handler.execute(q, p);
  }
}
