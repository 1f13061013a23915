import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import {
  REFERRAL_DIRECTIONS,
  REFERRAL_PRIORITIES,
  REFERRAL_STATUSES,
  ReferralDirection,
  ReferralPriority,
  ReferralStatus,
} from '@yiyang/contracts';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { CommaListOf, PageQuery } from '@yiyang/http';
import { ReferralRepository } from '../persistence/referral.repository';
import { ReferralView } from '../shared/referral-view';

export class OutgoingQuery extends PageQuery {
  /** comma-separated; by default the queue shows REQUESTED,RECEIVED (waiting for an answer), the outgoing list every status */
  @CommaListOf(REFERRAL_STATUSES)
  status?: ReferralStatus[];
}

export class QueueQuery extends OutgoingQuery {
  @IsOptional() @IsIn(REFERRAL_PRIORITIES) priority?: ReferralPriority;
  @IsOptional() @IsIn(REFERRAL_DIRECTIONS) direction?: ReferralDirection;
}

@ApiTags('referrals')
@Roles('referral-desk', 'elderly-admin', 'medical-admin')
@Controller('v1/referrals')
export class DeskQueueController {
  constructor(
    private readonly repository: ReferralRepository,
    private readonly view: ReferralView,
  ) {}

  /**
   * The receiving desk's work: incoming referrals, EMERGENCY first, then the nearest deadline, with time
   * left, allowed actions and both institutions' names (one look-up per page).
   */
  @Get('queue')
  async queue(@Query() q: QueueQuery, @CurrentPrincipal() p: Principal) {
    const page = await this.repository.queue(
      {
        institutionId: p.institutionId!,
        statuses: q.status?.length ? q.status : ['REQUESTED', 'RECEIVED'],
        priority: q.priority,
        direction: q.direction,
      },
      q.limit ?? 20,
      q.cursor,
    );
    return this.view.staffPage(page, p);
  }

  /** What the caller's institution sent, newest first. */
  @Get('outgoing')
  async outgoing(@Query() q: OutgoingQuery, @CurrentPrincipal() p: Principal) {
    return this.view.staffPage(await this.repository.sent(p.institutionId!, q.status, q.limit ?? 20, q.cursor), p);
  }
}
