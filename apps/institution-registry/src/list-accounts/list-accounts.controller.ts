import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { Page } from '@yiyang/http';
import { AccountResponse, managerOf } from '../shared/accounts';
import { ListAccountsQuery } from './list-accounts.dto';
import { ListAccountsHandler } from './list-accounts.handler';

@ApiTags('accounts')
@Controller('v1/accounts')
export class ListAccountsController {
  constructor(private readonly handler: ListAccountsHandler) {}

  /** A registrar lists every account (or one institution's); an institution's administrator, their own staff. */
  @Get()
  list(@Query() q: ListAccountsQuery, @CurrentPrincipal() p: Principal): Promise<Page<AccountResponse>> {
    return this.handler.execute(q, managerOf(p));
  }
}
