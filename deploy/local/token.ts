/**
 * npm run -s token -- --role registrar
 * npm run -s token -- --role elderly-admin --institution <institution id>
 * npm run -s token -- --role regulator --division 35
 *
 * Prints a real access token from the local Keycloak and nothing else: it makes (or reuses) a
 * development account with those roles and attributes through the admin API, gives it a fresh
 * password, and signs it in through the local-only client `yiyang-dev`. Options: --role (repeatable),
 * --institution, --division, --username, --name (display name). Keycloak is started when it does not
 * answer. `--dev` instead signs a token with the development key pair (for services started with
 * JWT_DEV_KEYS=true; --sub and --ttl apply to it).
 */
import { parseArgs } from 'node:util';
import { devAccountTokens, ensureDevClient } from '../../libs/identity/src';
import { ROLES, Principal, Role } from '../../libs/auth/src/principal';
import { loadDevPrivateKey } from '../../libs/auth/src/keys';
import { signToken } from '../../libs/auth/src/tokens';
import { ensureKeycloak, keycloakSettings, localRealmAdmin } from './keycloak';

function fail(message: string): never {
  process.stderr.write(`token: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true },
      institution: { type: 'string' },
      division: { type: 'string' },
      username: { type: 'string' },
      name: { type: 'string' },
      dev: { type: 'boolean' },
      sub: { type: 'string' },
      ttl: { type: 'string' },
    },
    strict: true,
  });
  const roles = values.role ?? [];
  if (roles.length === 0) fail(`--role is required (one of ${ROLES.join(', ')})`);
  for (const r of roles) if (!(ROLES as readonly string[]).includes(r)) fail(`unknown role "${r}" (one of ${ROLES.join(', ')})`);
  if (values.division && !/^(\d{2}|\d{4}|\d{6})$/.test(values.division)) fail('--division is 2, 4 or 6 digits');

  if (values.dev) {
    const ttl = values.ttl === undefined ? 43200 : Number(values.ttl);
    if (!Number.isInteger(ttl) || ttl <= 0) fail('--ttl must be a positive number of seconds');
    const principal: Principal = { sub: values.sub ?? `dev-${roles[0]}`, roles: roles as Role[] };
    if (values.institution) principal.institutionId = values.institution;
    if (values.division) principal.division = values.division;
    const key = loadDevPrivateKey(process.env.JWT_PUBLIC_KEY_FILE ?? '.local/keys/jwt-dev-public.pem');
    process.stdout.write(`${signToken(principal, key, process.env.JWT_ISSUER ?? 'yiyang-connect', ttl)}\n`);
    return;
  }
  if (values.sub || values.ttl)
    fail("--sub and --ttl apply to --dev tokens; a Keycloak token has the account's id and the provider's lifetime");

  await ensureKeycloak();
  const { issuer } = keycloakSettings();
  const admin = localRealmAdmin();
  await ensureDevClient(admin);
  const tokens = await devAccountTokens(admin, issuer, {
    roles,
    institutionId: values.institution,
    division: values.division,
    username: values.username,
    displayName: values.name,
  });
  process.stdout.write(`${tokens.accessToken}\n`);
}

main().catch((err) => fail((err as Error).message));
