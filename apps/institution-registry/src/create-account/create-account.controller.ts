import { Body, Controller, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { checkCreate } from '../domain/accounts';
import { AccountResponse, Accounts, managerOf, oneTimePassword } from '../shared/accounts';
import { CreateAccountDto } from './create-account.dto';

@ApiTags('accounts')
@Controller('v1/accounts')
export class CreateAccountController {
  constructor(private readonly accounts: Accounts) {}

  /**
   * A registrar creates registrars, regulators and an institution's administrators; an institution's
   * administrator creates its staff. The answer carries a one-time password, shown only here: the person
   * must choose their own at first sign-in.
   */
  @Post()
  async create(@Body() body: CreateAccountDto, @CurrentPrincipal() p: Principal): Promise<AccountResponse & { temporaryPassword: string }> {
    const institution = await this.accounts.institution(body.institutionId);
    checkCreate(managerOf(p), body, institution);
    const temporaryPassword = oneTimePassword();
    const attributes: Record<string, string[]> = {};
    if (body.institutionId) attributes.institutionId = [body.institutionId];
    if (body.division) attributes.division = [body.division];
    const account = await this.accounts.create(
      {
        username: body.username,
        firstName: body.displayName.trim(),
        ...(body.email ? { email: body.email } : {}),
        attributes,
        requiredActions: ['UPDATE_PASSWORD'],
        password: { value: temporaryPassword, temporary: true },
      },
      body.role,
    );
    return { ...account, temporaryPassword };
  }
}
