import { Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { uuidParam } from '@yiyang/http';
import { AccountSwitch } from '../shared/account-switch';
import { AccountResponse, managerOf } from '../shared/accounts';
import { AccountChange } from '../shared/http';

@ApiTags('accounts')
@Controller('v1/accounts')
export class EnableAccountController {
  constructor(private readonly accounts: AccountSwitch) {}

  /** Enables the account again; a revoked institution's accounts only by a registrar, one by one. */
  @AccountChange('enable')
  enable(@Param('id', uuidParam()) id: string, @CurrentPrincipal() p: Principal): Promise<AccountResponse> {
    return this.accounts.set(id, managerOf(p), true);
  }
}
