import { Controller, Get, Inject, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { AGREEMENT_STATUSES, AgreementStatus } from '@yiyang/contracts';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { PageQuery } from '@yiyang/http';
import { Clock, DAY_MS, chinaDate } from '@yiyang/kernel';
import { CLOCK } from '@yiyang/platform';
import { AgreementRepository } from '../persistence/agreement.repository';
import { AgreementView } from '../shared/agreement-view';
import { AgreementApi } from '../shared/agreement-api';

export class ListAgreementsQuery extends PageQuery {
  @IsOptional() @IsIn(AGREEMENT_STATUSES) status?: AgreementStatus;
  @IsOptional() @IsUUID() counterparty?: string;
  /** ACTIVE agreements ending within this many days */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(3650) expiringWithinDays?: number;
}

@AgreementApi({ ifMatch: false })
@Controller('v1/agreements')
export class ListAgreementsController {
  constructor(
    private readonly repository: AgreementRepository,
    private readonly view: AgreementView,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The caller's institution's agreements, by status, counterparty or upcoming expiry; cursor-paginated. */
  @Get()
  @Roles('elderly-admin', 'medical-admin')
  async list(@Query() q: ListAgreementsQuery, @CurrentPrincipal() p: Principal) {
    const expiringBefore =
      q.expiringWithinDays === undefined ? undefined : chinaDate(new Date(this.clock.now().getTime() + q.expiringWithinDays * DAY_MS));
    const page = await this.repository.list(
      { institutionId: p.institutionId!, status: q.status, counterpartyId: q.counterparty, expiringBefore },
      q.limit ?? 20,
      q.cursor,
    );
    return { items: await this.view.many(page.items), nextCursor: page.nextCursor };
  }
}
