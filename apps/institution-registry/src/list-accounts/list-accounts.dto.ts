import { IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '@yiyang/http';

export class ListAccountsQuery extends PageQuery {
  /** only this institution's staff (a registrar's filter; an administrator sees only their own anyway) */
  @IsOptional()
  @IsUUID()
  institutionId?: string;
}
