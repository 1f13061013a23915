import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@yiyang/kernel';
import { AccountManager, checkDisable, checkEnable } from '../domain/accounts';
import { ErrorCodes } from '../domain/error-codes';
import { AccountResponse, Accounts, toAccountResponse } from './accounts';

/**
 * Disables (and signs out) or enables an account, once the rules allow the manager to; doing it again
 * changes nothing. Answers the account as it now stands.
 */
@Injectable()
export class AccountSwitch {
  constructor(private readonly accounts: Accounts) {}

  async set(id: string, manager: AccountManager, enabled: boolean): Promise<AccountResponse> {
    const found = await this.accounts.get(id);
    if (!found) throw new NotFoundError('account', ErrorCodes.NOT_FOUND);
    const check = enabled ? checkEnable : checkDisable;
    check(manager, found.facts, await this.accounts.institution(found.facts.institutionId));
    await this.accounts.setEnabled(id, enabled);
    return toAccountResponse({ ...found.user, enabled }, found.role);
  }
}
