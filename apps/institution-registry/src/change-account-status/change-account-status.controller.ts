import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { NotFoundError, ValidationError } from '@yiyang/kernel';
import { checkDisable, checkEnable } from '../domain/accounts';
import { AccountResponse, Accounts, managerOf, toAccountResponse } from '../shared/accounts';

const accountIdPipe = new ParseUUIDPipe({ exceptionFactory: () => new ValidationError([{ field: 'id', message: 'must be a UUID' }]) });

@ApiTags('accounts')
@Controller('v1/accounts/:id')
export class ChangeAccountStatusController {
  constructor(private readonly accounts: Accounts) {}

  /** Disables the account and ends its sessions at once (a person who left). Doing it again changes nothing. */
  @Post('disable')
  @HttpCode(200)
  async disable(@Param('id', accountIdPipe) id: string, @CurrentPrincipal() p: Principal): Promise<AccountResponse> {
    const found = await this.accounts.get(id);
    if (!found) throw new NotFoundError('account');
    checkDisable(managerOf(p), found.facts, await this.accounts.institution(found.facts.institutionId));
    await this.accounts.setEnabled(id, false);
    return toAccountResponse({ ...found.user, enabled: false }, found.role);
  }

  /** Enables the account again; a revoked institution's accounts only by a registrar, one by one. */
  @Post('enable')
  @HttpCode(200)
  async enable(@Param('id', accountIdPipe) id: string, @CurrentPrincipal() p: Principal): Promise<AccountResponse> {
    const found = await this.accounts.get(id);
    if (!found) throw new NotFoundError('account');
    checkEnable(managerOf(p), found.facts, await this.accounts.institution(found.facts.institutionId));
    await this.accounts.setEnabled(id, true);
    return toAccountResponse({ ...found.user, enabled: true }, found.role);
  }
}
