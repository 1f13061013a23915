import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional } from 'class-validator';
import {
  REFERRAL_DIRECTIONS,
  REFERRAL_PRIORITIES,
  REFERRAL_STATUSES,
  ReferralDirection,
  ReferralPriority,
  ReferralStatus,
} from '@yiyang/contracts';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { PageQuery } from '@yiyang/http';
import { Clock } from '@yiyang/kernel';
import { CLOCK } from '@yiyang/platform';
import { ReferralState } from '../domain/referral';
import { ReferralRepository } from '../persistence/referral.repository';
import { toStaffResponse } from '../shared/referral.response';

const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;

export class QueueQuery extends PageQuery {
  /** comma-separated; the queue defaults to REQUESTED,RECEIVED (waiting for an answer) */
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(REFERRAL_STATUSES.length)
  @IsIn(REFERRAL_STATUSES, { each: true })
  status?: ReferralStatus[];
  @IsOptional() @IsIn(REFERRAL_PRIORITIES) priority?: ReferralPriority;
  @IsOptional() @IsIn(REFERRAL_DIRECTIONS) direction?: ReferralDirection;
}

export class OutgoingQuery extends PageQuery {
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(REFERRAL_STATUSES.length)
  @IsIn(REFERRAL_STATUSES, { each: true })
  status?: ReferralStatus[];
}

@ApiTags('referrals')
@Roles('referral-desk', 'elderly-admin', 'medical-admin')
@Controller('v1/referrals')
export class DeskQueueController {
  constructor(
    private readonly repository: ReferralRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The receiving desk's work: incoming referrals, EMERGENCY first, then the nearest deadline, with time left and allowed actions. */
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
    return this.present(page, p);
  }

  /** What the caller's institution sent, newest first. */
  @Get('outgoing')
  async outgoing(@Query() q: OutgoingQuery, @CurrentPrincipal() p: Principal) {
    return this.present(await this.repository.sent(p.institutionId!, q.status, q.limit ?? 20, q.cursor), p);
  }

  private present(page: { items: ReferralState[]; nextCursor: string | null }, p: Principal) {
    const now = this.clock.now();
    return {
      items: page.items.map((s) => toStaffResponse(s, p, now, false)),
      nextCursor: page.nextCursor,
    };
  }
}
