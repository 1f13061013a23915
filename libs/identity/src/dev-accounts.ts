import { randomBytes } from 'node:crypto';
import { KeycloakAdmin, passwordGrant } from './keycloak-admin';

/**
 * Development and test accounts at a local Keycloak: a person with given roles and attributes, made
 * once and reused, signed in through a public client that allows the password grant. That client is
 * created here at run time and never exists in the realm file that deployments import.
 */
export const DEV_CLIENT_ID = 'yiyang-dev';

export interface DevAccountSpec {
  roles: string[];
  institutionId?: string;
  division?: string;
  /** sign-in name; by default derived from the roles and attributes, so the same spec reuses one account */
  username?: string;
  displayName?: string;
}

export function devUsername(spec: DevAccountSpec): string {
  if (spec.username) return spec.username;
  const parts = ['dev', ...spec.roles, spec.institutionId?.slice(0, 8), spec.division].filter(Boolean);
  return parts.join('-').toLowerCase();
}

/** The public, direct-grant client of local tools and tests (idempotent). */
/** The realm's scopes a development token needs: the platform's claims and audience come with `yiyang`. */
export const DEV_CLIENT_SCOPES = ['basic', 'acr', 'roles', 'profile', 'email', 'yiyang'];

export async function ensureDevClient(admin: KeycloakAdmin, defaultScopes: string[] = DEV_CLIENT_SCOPES): Promise<void> {
  await admin.ensureClient({
    clientId: DEV_CLIENT_ID,
    name: 'Development and test sign-in (local only)',
    publicClient: true,
    standardFlowEnabled: false,
    directAccessGrantsEnabled: true,
    serviceAccountsEnabled: false,
    defaultClientScopes: defaultScopes,
    // a developer's token lasts a working day; a person's console session is the realm's own
    attributes: { 'access.token.lifespan': '43200' },
  });
}

/**
 * Makes (or reuses) the account, gives it a fresh password, signs it in and returns the tokens.
 * Concurrent callers asking for the same account both succeed: a taken username is looked up.
 */
export async function devAccountTokens(
  admin: KeycloakAdmin,
  issuer: string,
  spec: DevAccountSpec,
): Promise<{ userId: string; username: string; accessToken: string; refreshToken: string; password: string }> {
  const username = devUsername(spec);
  const attributes: Record<string, string[]> = {};
  if (spec.institutionId) attributes.institutionId = [spec.institutionId];
  if (spec.division) attributes.division = [spec.division];
  let [user] = await admin.findUsers({ username, max: 1 });
  let userId = user?.id;
  if (!userId) {
    try {
      userId = await admin.createUser({ username, firstName: spec.displayName ?? username, attributes, enabled: true });
    } catch (err) {
      [user] = await admin.findUsers({ username, max: 1 });
      if (!user) throw err;
      userId = user.id;
    }
  } else {
    await admin.updateUser(userId, {
      attributes,
      enabled: true,
      requiredActions: [],
      ...(spec.displayName ? { firstName: spec.displayName } : {}),
    });
  }
  const have = await admin.realmRolesOf(userId);
  await admin.addRealmRoles(
    userId,
    spec.roles.filter((r) => !have.includes(r)),
  );
  // letters and digits of both cases: meets the realm's password policy
  const password = `Dev${randomBytes(12).toString('hex')}9Z`;
  await admin.resetPassword(userId, password, false);
  const tokens = await passwordGrant(issuer, DEV_CLIENT_ID, username, password);
  return { userId, username, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, password };
}
