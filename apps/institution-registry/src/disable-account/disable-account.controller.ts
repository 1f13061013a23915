import { Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { uuidParam } from '@yiyang/http';
import { AccountSwitch } from '../shared/account-switch';
import { AccountResponse, managerOf } from '../shared/accounts';
import { AccountChange } from '../shared/http';

@ApiTags('accounts')
@Controller('v1/accounts')
export class DisableAccountController {
  constructor(private readonly accounts: AccountSwitch) {}

  /** Disables the account and ends its sessions at once (a person who left). Doing it again changes nothing. */
  @AccountChange('disable')
  disable(@Param('id', uuidParam()) id: string, @CurrentPrincipal() p: Principal): Promise<AccountResponse> {
    return this.accounts.set(id, managerOf(p), false);
  }
}
