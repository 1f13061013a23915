import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { uuidParam } from '@yiyang/http';
import { AccountResponse, managerOf } from '../shared/accounts';
import { EnableAccountHandler } from './enable-account.handler';

@ApiTags('accounts')
@Controller('v1/accounts/:id')
export class EnableAccountController {
  constructor(private readonly handler: EnableAccountHandler) {}

  /** Enables the account again; a revoked institution's accounts only by a registrar, one by one. */
  @Post('enable')
  @HttpCode(200)
  enable(@Param('id', uuidParam()) id: string, @CurrentPrincipal() p: Principal): Promise<AccountResponse> {
    return this.handler.execute(id, managerOf(p));
  }
}
