import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@yiyang/kernel';
import { AccountManager, checkDisable } from '../domain/accounts';
import { ErrorCodes } from '../domain/error-codes';
import { AccountResponse, Accounts, toAccountResponse } from '../shared/accounts';

/** Disables the account and ends its sessions at once (a person who left). Doing it again changes nothing. */
@Injectable()
export class DisableAccountHandler {
  constructor(private readonly accounts: Accounts) {}

  async execute(id: string, manager: AccountManager): Promise<AccountResponse> {
    const found = await this.accounts.get(id);
    if (!found) throw new NotFoundError('account', ErrorCodes.NOT_FOUND);
    checkDisable(manager, found.facts, await this.accounts.institution(found.facts.institutionId));
    await this.accounts.setEnabled(id, false);
    return toAccountResponse({ ...found.user, enabled: false }, found.role);
  }
}
