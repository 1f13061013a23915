import { InstitutionCategory, InstitutionStatus } from '@yiyang/contracts';
import { DomainError, NotFoundError, ValidationError, assertNever, isValidJurisdiction } from '@yiyang/kernel';
import { ErrorCode, ErrorCodes } from './error-codes';

/**
 * Who may create, list, disable and enable whose account (issue: "Sign-in for real people"). Pure rules;
 * the accounts themselves live at the OpenID Connect provider, which alone ever sees a password.
 *
 *  - a registrar creates registrars, regulators (bound to a division) and an institution's
 *    administrators; lists every account; disables and enables any account but their own;
 *  - an institution's administrator creates, lists, disables and enables the staff of their own
 *    institution (administrators of a kind the institution has, and the referral desk) and nobody
 *    else's, only while the institution is ACTIVE;
 *  - a revoked institution's accounts are disabled by the platform; only a registrar enables one again,
 *    account by account; nobody creates accounts for a revoked institution;
 *  - regulators and the referral desk manage no accounts.
 */
export const ACCOUNT_ROLES = ['registrar', 'elderly-admin', 'medical-admin', 'referral-desk', 'regulator'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];
export const INSTITUTION_ADMIN_ROLES: readonly AccountRole[] = ['elderly-admin', 'medical-admin'];
export const STAFF_ROLES: readonly AccountRole[] = ['elderly-admin', 'medical-admin', 'referral-desk'];

export interface AccountManager {
  userId: string;
  roles: readonly string[];
  institutionId?: string;
}

/** What the rules need of an institution (from the register). */
export interface InstitutionFacts {
  id: string;
  category: InstitutionCategory;
  status: InstitutionStatus;
}

/** An account as the rules see it. */
export interface AccountFacts {
  id: string;
  role: AccountRole | null;
  institutionId: string | null;
}

export interface NewAccount {
  role: AccountRole;
  institutionId?: string | null;
  division?: string | null;
}

const forbidden = (code: ErrorCode, message: string) => new DomainError(code, 'forbidden', message);
const rule = (code: ErrorCode, message: string) => new DomainError(code, 'rule', message);

const isRegistrar = (m: AccountManager) => m.roles.includes('registrar');
const institutionAdminOf = (m: AccountManager): string | null =>
  m.institutionId && m.roles.some((r) => (INSTITUTION_ADMIN_ROLES as readonly string[]).includes(r)) ? m.institutionId : null;

/** The staff roles an institution of this category can have. */
export function staffRolesFor(category: InstitutionCategory): AccountRole[] {
  switch (category) {
    case 'ELDERLY_CARE':
      return ['elderly-admin', 'referral-desk'];
    case 'MEDICAL':
      return ['medical-admin', 'referral-desk'];
    case 'COMBINED':
      return ['elderly-admin', 'medical-admin', 'referral-desk'];
    default:
      return assertNever(category);
  }
}

/** May this person manage accounts at all? (403 otherwise) */
export function checkManagesAccounts(manager: AccountManager): void {
  if (!isRegistrar(manager) && !institutionAdminOf(manager)) {
    throw forbidden(ErrorCodes.ACCOUNTS_NOT_ALLOWED, "only registrars and an institution's administrators manage accounts");
  }
}

/**
 * Checks a new account against who asks for it. `institution` is the register's record of the account's
 * institution (null when none is named or it is not registered).
 */
export function checkCreate(manager: AccountManager, account: NewAccount, institution: InstitutionFacts | null): void {
  checkManagesAccounts(manager);
  const { role } = account;
  const staff = (STAFF_ROLES as readonly string[]).includes(role);
  if (staff) {
    if (!account.institutionId)
      throw new ValidationError([{ field: 'institutionId', message: `a ${role} account belongs to an institution` }]);
    if (account.division) throw new ValidationError([{ field: 'division', message: 'only a regulator is bound to a division' }]);
  } else {
    if (account.institutionId)
      throw new ValidationError([{ field: 'institutionId', message: `a ${role} account belongs to no institution` }]);
    if (role === 'regulator' && !account.division)
      throw new ValidationError([{ field: 'division', message: 'a regulator is bound to a province, city or county (2, 4 or 6 digits)' }]);
    if (role === 'regulator' && account.division && !isValidJurisdiction(account.division)) {
      throw new ValidationError([{ field: 'division', message: `${account.division} is not a known province, city or county code` }]);
    }
    if (role === 'registrar' && account.division)
      throw new ValidationError([{ field: 'division', message: 'only a regulator is bound to a division' }]);
  }

  if (isRegistrar(manager)) {
    if (role === 'referral-desk')
      throw forbidden(
        ErrorCodes.ACCOUNT_ROLE_NOT_ALLOWED,
        "a registrar creates an institution's administrators; they create its referral desk",
      );
  } else {
    const own = institutionAdminOf(manager);
    if (!staff) throw forbidden(ErrorCodes.ACCOUNT_ROLE_NOT_ALLOWED, `an institution's administrator cannot create a ${role} account`);
    // another institution's staff: as if it did not exist (SPEC §6)
    if (account.institutionId !== own) throw new NotFoundError('institution');
  }
  if (!staff) return;
  if (!institution) throw new NotFoundError('institution');
  if (institution.status === 'REVOKED') throw rule(ErrorCodes.INSTITUTION_REVOKED, 'the institution is revoked: it gets no new accounts');
  if (!isRegistrar(manager) && institution.status !== 'ACTIVE') {
    throw rule(ErrorCodes.INSTITUTION_NOT_ACTIVE, `the institution is ${institution.status}: its administrators may read but not act`);
  }
  if (!staffRolesFor(institution.category).includes(role)) {
    throw rule(
      ErrorCodes.ACCOUNT_ROLE_MISMATCH,
      `a ${institution.category} institution has no ${role} staff (${staffRolesFor(institution.category).join(', ')})`,
    );
  }
}

/** The filter a manager's listing is confined to: everything for a registrar, their institution otherwise. */
export function listingScope(manager: AccountManager): { institutionId: string | null } {
  checkManagesAccounts(manager);
  return { institutionId: isRegistrar(manager) ? null : institutionAdminOf(manager) };
}

/** May this manager see (and so act on) this account? Someone else's account answers 404. */
export function checkSees(manager: AccountManager, account: AccountFacts): void {
  checkManagesAccounts(manager);
  if (isRegistrar(manager)) return;
  if (!account.institutionId || account.institutionId !== institutionAdminOf(manager)) throw new NotFoundError('account');
}

export function checkDisable(manager: AccountManager, account: AccountFacts, institution: InstitutionFacts | null): void {
  checkSees(manager, account);
  if (account.id === manager.userId) throw rule(ErrorCodes.ACCOUNT_IS_YOURS, 'nobody disables their own account');
  if (!isRegistrar(manager) && institution && institution.status !== 'ACTIVE') {
    throw rule(ErrorCodes.INSTITUTION_NOT_ACTIVE, `the institution is ${institution.status}: its administrators may read but not act`);
  }
}

export function checkEnable(manager: AccountManager, account: AccountFacts, institution: InstitutionFacts | null): void {
  checkSees(manager, account);
  if (account.id === manager.userId) throw rule(ErrorCodes.ACCOUNT_IS_YOURS, 'nobody enables their own account');
  if (isRegistrar(manager)) return;
  if (institution && institution.status !== 'ACTIVE') {
    throw rule(ErrorCodes.INSTITUTION_NOT_ACTIVE, `the institution is ${institution.status}: only a registrar enables its accounts again`);
  }
}
