import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { uuidParam } from '@yiyang/http';
import { AccountResponse, managerOf } from '../shared/accounts';
import { DisableAccountHandler } from './disable-account.handler';

@ApiTags('accounts')
@Controller('v1/accounts/:id')
export class DisableAccountController {
  constructor(private readonly handler: DisableAccountHandler) {}

  /** Disables the account and ends its sessions at once (a person who left). Doing it again changes nothing. */
  @Post('disable')
  @HttpCode(200)
  disable(@Param('id', uuidParam()) id: string, @CurrentPrincipal() p: Principal): Promise<AccountResponse> {
    return this.handler.execute(id, managerOf(p));
  }
}
