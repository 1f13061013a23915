import { Body, Controller, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { AccountResponse, managerOf } from '../shared/accounts';
import { CreateAccountDto } from './create-account.dto';
import { CreateAccountHandler } from './create-account.handler';

@ApiTags('accounts')
@Controller('v1/accounts')
export class CreateAccountController {
  constructor(private readonly handler: CreateAccountHandler) {}

  /**
   * A registrar creates registrars, regulators and an institution's administrators; an institution's
   * administrator creates its staff. The answer carries a one-time password, shown only here: the person
   * must choose their own at first sign-in.
   */
  @Post()
  async create(@Body() body: CreateAccountDto, @CurrentPrincipal() p: Principal): Promise<AccountResponse & { temporaryPassword: string }> {
    return this.handler.execute(body, managerOf(p));
  }
}
