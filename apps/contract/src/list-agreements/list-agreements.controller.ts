import { Controller, Get, Query } from '@nestjs/common';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { AgreementApi } from '../shared/agreement-api';
import { ListAgreementsQuery } from './list-agreements.dto';
import { ListAgreementsHandler } from './list-agreements.handler';

@AgreementApi({ ifMatch: false })
@Controller('v1/agreements')
export class ListAgreementsController {
  constructor(private readonly handler: ListAgreementsHandler) {}

  /**
   * Institution staff: their institution's agreements; regulators: those with either party inside their
   * jurisdiction (no DRAFTs). Filters: status, mode, counterparty, institution (either party), division,
   * from/to (filing day), effectiveOn, expiringWithinDays; newest first, cursor-paginated.
   */
  @Get()
  @Roles('elderly-admin', 'medical-admin', 'regulator')
  async list(@Query() q: ListAgreementsQuery, @CurrentPrincipal() principal: Principal) {
    const { limit, ...filters } = q;
    return this.handler.execute({ ...filters, limit: limit ?? 20, principal });
  }
}
