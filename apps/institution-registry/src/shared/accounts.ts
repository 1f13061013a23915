import { randomInt } from 'node:crypto';
import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { Principal } from '@yiyang/auth';
import { DomainError } from '@yiyang/kernel';
import {
  IdentityProviderRefusedError,
  IdentityProviderUnavailableError,
  KeycloakAdmin,
  NewUser,
  UserRepresentation,
  keycloakRealmOf,
} from '@yiyang/identity';
import { REGISTRY_CONFIG, RegistryConfig } from '../config';
import { ErrorCodes } from '../domain/error-codes';
import { ACCOUNT_ROLES, AccountFacts, AccountManager, AccountRole, InstitutionFacts } from '../domain/accounts';
import { InstitutionRepository } from '../persistence/institution.repository';

/** An account as the API shows it: never a password, except the one-time password of a new account. */
export interface AccountResponse {
  id: string;
  username: string;
  displayName: string;
  role: AccountRole | null;
  institutionId: string | null;
  division: string | null;
  enabled: boolean;
  /** the person must still choose their own password */
  mustChangePassword: boolean;
  createdAt: string | null;
}

const attribute = (u: UserRepresentation, name: string): string | null => u.attributes?.[name]?.[0] ?? null;

export function toAccountResponse(user: UserRepresentation, role: AccountRole | null): AccountResponse {
  return {
    id: user.id,
    username: user.username,
    displayName: [user.firstName, user.lastName].filter(Boolean).join(' ') || user.username,
    role,
    institutionId: attribute(user, 'institutionId'),
    division: attribute(user, 'division'),
    enabled: user.enabled,
    mustChangePassword: (user.requiredActions ?? []).includes('UPDATE_PASSWORD'),
    createdAt: user.createdTimestamp ? new Date(user.createdTimestamp).toISOString() : null,
  };
}

export const managerOf = (p: Principal): AccountManager => ({ userId: p.sub, roles: p.roles, institutionId: p.institutionId });

/** A one-time password that meets the realm's policy (length, upper, lower, digits); shown once. */
export function oneTimePassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789'];
  const all = sets.join('');
  const chars = sets.map((set) => set[randomInt(set.length)]);
  while (chars.length < 16) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

/**
 * The platform's side of account management: it writes to the OpenID Connect provider (Keycloak) through
 * its admin REST API with the confidential client ACCOUNTS_CLIENT_ID, and never sees a person's own password.
 * A provider that does not answer is a 503 with Retry-After; a refusal is translated into the platform's terms.
 */
@Injectable()
export class Accounts {
  private readonly admin: KeycloakAdmin | null;
  private readonly missing: string | null;

  constructor(
    @Inject(REGISTRY_CONFIG) config: RegistryConfig,
    private readonly institutions: InstitutionRepository,
  ) {
    const realm = config.ACCOUNTS_ADMIN_URL
      ? keycloakRealmOf(config.ACCOUNTS_ADMIN_URL)
      : config.OIDC_ISSUER
        ? keycloakRealmOf(config.OIDC_ISSUER)
        : null;
    if (!realm)
      this.missing = 'set OIDC_ISSUER (or ACCOUNTS_ADMIN_URL) to a Keycloak realm URL such as http://127.0.0.1:8180/realms/yiyang';
    else if (!config.ACCOUNTS_CLIENT_SECRET)
      this.missing = 'set ACCOUNTS_CLIENT_SECRET, the secret of the confidential client ACCOUNTS_CLIENT_ID';
    else this.missing = null;
    this.admin =
      realm && config.ACCOUNTS_CLIENT_SECRET
        ? new KeycloakAdmin({
            ...realm,
            credentials: { kind: 'client', clientId: config.ACCOUNTS_CLIENT_ID, clientSecret: config.ACCOUNTS_CLIENT_SECRET },
          })
        : null;
  }

  /** The institution's facts for the rules, or null when it is not registered. */
  async institution(id: string | null | undefined): Promise<InstitutionFacts | null> {
    if (!id) return null;
    const state = await this.institutions.get(id).catch(() => null);
    return state ? { id: state.id, category: state.category, status: state.status } : null;
  }

  async create(user: NewUser, role: AccountRole): Promise<AccountResponse> {
    return this.provider(async (admin) => {
      const id = await admin.createUser(user);
      try {
        await admin.addRealmRoles(id, [role]);
      } catch (err) {
        // an account without its role is a half-written record: take it back, so a retry can make it whole
        await admin.deleteUser(id).catch(() => undefined);
        throw err;
      }
      const created = await admin.getUser(id);
      return toAccountResponse(created!, role);
    });
  }

  async get(id: string): Promise<{ user: UserRepresentation; facts: AccountFacts; role: AccountRole | null } | null> {
    return this.provider(async (admin) => {
      const user = await admin.getUser(id);
      if (!user) return null;
      const role = roleOf(await admin.realmRolesOf(id));
      return { user, role, facts: { id: user.id, role, institutionId: attribute(user, 'institutionId') } };
    });
  }

  /** Accounts, optionally of one institution; `first`/`max` page through them. */
  async list(filter: { institutionId: string | null }, first: number, max: number): Promise<AccountResponse[]> {
    return this.provider(async (admin) => {
      const users = await admin.findUsers({
        ...(filter.institutionId ? { attribute: { name: 'institutionId', value: filter.institutionId } } : {}),
        first,
        max,
      });
      return Promise.all(users.map(async (u) => toAccountResponse(u, roleOf(await admin.realmRolesOf(u.id)))));
    });
  }

  /** Disables (and signs out) or enables an account; doing it twice changes nothing. */
  async setEnabled(id: string, enabled: boolean): Promise<void> {
    await this.provider(async (admin) => {
      await admin.setEnabled(id, enabled);
      if (!enabled) await admin.logout(id);
    });
  }

  /** Whether account management is configured (a consumer skips its work when it is not). */
  get configured(): boolean {
    return this.admin !== null;
  }

  /**
   * Every account of the institution: disabled and signed out (idempotent). Returns how many. A provider
   * that does not answer throws its transient error untranslated, for a consumer to retry.
   */
  async disableInstitutionStaff(institutionId: string): Promise<number> {
    if (!this.admin) return 0;
    const admin = this.admin;
    {
      let disabled = 0;
      for (let first = 0; ; first += 100) {
        const page = await admin.findUsers({ attribute: { name: 'institutionId', value: institutionId }, first, max: 100 });
        for (const user of page) {
          if (user.enabled) await admin.setEnabled(user.id, false);
          await admin.logout(user.id);
          disabled++;
        }
        if (page.length < 100) return disabled;
      }
    }
  }

  private async provider<T>(work: (admin: KeycloakAdmin) => Promise<T>): Promise<T> {
    if (!this.admin) throw new ServiceUnavailableException(`account management is not configured: ${this.missing}`);
    try {
      return await work(this.admin);
    } catch (err) {
      if (err instanceof IdentityProviderUnavailableError)
        throw new ServiceUnavailableException(`the identity provider does not answer right now; nothing was changed, retry shortly`);
      if (err instanceof IdentityProviderRefusedError) {
        if (err.status === 409)
          throw new DomainError(ErrorCodes.USERNAME_TAKEN, 'conflict', 'an account with this username already exists');
        if (err.status === 404) throw new DomainError(ErrorCodes.NOT_FOUND, 'not-found', 'account was not found');
        if (err.status === 400)
          throw new DomainError(
            ErrorCodes.ACCOUNT_REFUSED,
            'invalid',
            `the identity provider refused the account: ${err.body.slice(0, 200)}`,
          );
        // 401/403: the platform's own credentials are wrong; a setting to fix, not the caller's fault
        throw new ServiceUnavailableException(
          'account management is unavailable: the identity provider refused the platform (check ACCOUNTS_CLIENT_ID and ACCOUNTS_CLIENT_SECRET)',
        );
      }
      throw err;
    }
  }
}

const roleOf = (names: string[]): AccountRole | null =>
  ((ACCOUNT_ROLES as readonly string[]).find((r) => names.includes(r)) as AccountRole | undefined) ?? null;
