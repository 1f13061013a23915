import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@yiyang/kernel';
import { AccountManager, checkEnable } from '../domain/accounts';
import { ErrorCodes } from '../domain/error-codes';
import { AccountResponse, Accounts, toAccountResponse } from '../shared/accounts';

/** Enables the account again; a revoked institution's accounts only by a registrar, one by one. */
@Injectable()
export class EnableAccountHandler {
  constructor(private readonly accounts: Accounts) {}

  async execute(id: string, manager: AccountManager): Promise<AccountResponse> {
    const found = await this.accounts.get(id);
    if (!found) throw new NotFoundError('account', ErrorCodes.NOT_FOUND);
    checkEnable(manager, found.facts, await this.accounts.institution(found.facts.institutionId));
    await this.accounts.setEnabled(id, true);
    return toAccountResponse({ ...found.user, enabled: true }, found.role);
  }
}
