import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { Page, PageQuery } from '@yiyang/http';
import { NotFoundError, decodeCursor, encodeCursor } from '@yiyang/kernel';
import { listingScope } from '../domain/accounts';
import { AccountResponse, Accounts, managerOf } from '../shared/accounts';

export class ListAccountsQuery extends PageQuery {
  /** only this institution's staff (a registrar's filter; an administrator sees only their own anyway) */
  @IsOptional()
  @IsUUID()
  institutionId?: string;
}

@ApiTags('accounts')
@Controller('v1/accounts')
export class ListAccountsController {
  constructor(private readonly accounts: Accounts) {}

  /** A registrar lists every account (or one institution's); an institution's administrator, their own staff. */
  @Get()
  async list(@Query() q: ListAccountsQuery, @CurrentPrincipal() p: Principal): Promise<Page<AccountResponse>> {
    const scope = listingScope(managerOf(p));
    if (scope.institutionId && q.institutionId && q.institutionId !== scope.institutionId) throw new NotFoundError('institution');
    const institutionId = scope.institutionId ?? q.institutionId ?? null;
    const limit = q.limit ?? 20;
    const first = q.cursor ? decodeCursor<{ offset: number }>(q.cursor, ['offset']).offset : 0;
    // one more than asked tells whether another page exists
    const items = await this.accounts.list({ institutionId }, Math.max(0, Math.floor(first)), limit + 1);
    return { items: items.slice(0, limit), nextCursor: items.length > limit ? encodeCursor({ offset: first + limit }) : null };
  }
}
