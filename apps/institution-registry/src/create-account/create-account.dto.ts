import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { ACCOUNT_ROLES, AccountRole } from '../domain/accounts';

export class CreateAccountDto {
  /** the sign-in name: 3–64 lower-case letters, digits, dots, hyphens or underscores */
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{2,63}$/, { message: 'username: 3 to 64 lower-case letters, digits, dots, hyphens or underscores' })
  username: string;

  /** the person's name as colleagues know it (shown in histories and inboxes) */
  @IsString()
  @Length(1, 100)
  displayName: string;

  @IsOptional()
  @IsEmail()
  email?: string;

  @IsIn(ACCOUNT_ROLES)
  role: AccountRole;

  /** for institution staff: their institution */
  @IsOptional()
  @IsUUID()
  institutionId?: string;

  /** for a regulator: the province, city or county (2, 4 or 6 digits) */
  @IsOptional()
  @IsString()
  @Matches(/^(\d{2}|\d{4}|\d{6})$/, { message: 'division: 2, 4 or 6 digits' })
  division?: string;
}
