import { Injectable } from '@nestjs/common';
import { AccountManager, checkCreate } from '../domain/accounts';
import { AccountResponse, Accounts, oneTimePassword } from '../shared/accounts';
import { CreateAccountDto } from './create-account.dto';

/**
 * A registrar creates registrars, regulators and an institution's administrators; an institution's
 * administrator creates its staff. The new account must choose its own password at first sign-in.
 */
@Injectable()
export class CreateAccountHandler {
  constructor(private readonly accounts: Accounts) {}

  async execute(command: CreateAccountDto, manager: AccountManager): Promise<AccountResponse & { temporaryPassword: string }> {
    const institution = await this.accounts.institution(command.institutionId);
    checkCreate(manager, command, institution);
    const temporaryPassword = oneTimePassword();
    const attributes: Record<string, string[]> = {};
    if (command.institutionId) attributes.institutionId = [command.institutionId];
    if (command.division) attributes.division = [command.division];
    const account = await this.accounts.create(
      {
        username: command.username,
        firstName: command.displayName.trim(),
        ...(command.email ? { email: command.email } : {}),
        attributes,
        requiredActions: ['UPDATE_PASSWORD'],
        password: { value: temporaryPassword, temporary: true },
      },
      command.role,
    );
    return { ...account, temporaryPassword };
  }
}
