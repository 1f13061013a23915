import { DEV_CLIENT_ID, DevAccountSpec, KeycloakAdmin, devAccountTokens, ensureDevClient } from '@yiyang/identity';
// the local Keycloak's settings and secrets (global setup starts it when absent)
import { keycloakAccountsClient, keycloakSettings, localRealmAdmin } from '../../../deploy/local/keycloak';

let admin: KeycloakAdmin | undefined;
let clientReady: Promise<void> | undefined;

/** The local Keycloak's admin API, as the master realm's administrator (test setup and tools only). */
export function testKeycloak(): { admin: KeycloakAdmin; issuer: string; accountsClientSecret: string } {
  const { issuer } = keycloakSettings();
  admin ??= localRealmAdmin();
  return { admin, issuer, accountsClientSecret: keycloakAccountsClient().clientSecret };
}

/**
 * A real access token from the local Keycloak for a person with these roles and attributes: the
 * account is made (or reused) through the admin API and signed in through the test-only client.
 */
export async function keycloakTokens(spec: DevAccountSpec) {
  await ensureTestClient();
  const { admin: kc, issuer } = testKeycloak();
  return devAccountTokens(kc, issuer, spec);
}

/** The test-only sign-in client (`yiyang-dev`, password grant) exists in the local realm. */
export async function ensureTestClient(): Promise<string> {
  clientReady ??= ensureDevClient(testKeycloak().admin);
  await clientReady;
  return DEV_CLIENT_ID;
}

/** `Authorization` header value with a real Keycloak access token. */
export async function keycloakBearer(spec: DevAccountSpec): Promise<string> {
  return `Bearer ${(await keycloakTokens(spec)).accessToken}`;
}
