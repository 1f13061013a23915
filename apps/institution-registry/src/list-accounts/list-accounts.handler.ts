import { Injectable } from '@nestjs/common';
import { Page } from '@yiyang/http';
import { NotFoundError, decodeCursor, encodeCursor } from '@yiyang/kernel';
import { AccountManager, listingScope } from '../domain/accounts';
import { ErrorCodes } from '../domain/error-codes';
import { AccountResponse, Accounts } from '../shared/accounts';
import { ListAccountsQuery } from './list-accounts.dto';

/** A registrar lists every account (or one institution's); an institution's administrator, their own staff. */
@Injectable()
export class ListAccountsHandler {
  constructor(private readonly accounts: Accounts) {}

  async execute(query: ListAccountsQuery, manager: AccountManager): Promise<Page<AccountResponse>> {
    const scope = listingScope(manager);
    if (scope.institutionId && query.institutionId && query.institutionId !== scope.institutionId)
      throw new NotFoundError('institution', ErrorCodes.NOT_FOUND);
    const institutionId = scope.institutionId ?? query.institutionId ?? null;
    const limit = query.limit ?? 20;
    const first = query.cursor ? decodeCursor<{ offset: number }>(query.cursor, ['offset']).offset : 0;
    // one more than asked tells whether another page exists
    const items = await this.accounts.list({ institutionId }, Math.max(0, Math.floor(first)), limit + 1);
    return { items: items.slice(0, limit), nextCursor: items.length > limit ? encodeCursor({ offset: first + limit }) : null };
  }
}
