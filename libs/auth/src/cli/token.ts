/**
 * Prints a development bearer token and nothing else:
 *   npm run -s token -- --role registrar
 *   npm run -s token -- --role elderly-admin --institution <id>
 *   npm run -s token -- --role regulator --division 35
 * Options: --sub <user id> (default: a fixed id per role), --ttl <seconds> (default 43200).
 * Signs with the development private key beside JWT_PUBLIC_KEY_FILE (generated on first use).
 */
import { parseArgs } from 'node:util';
import { loadDevPrivateKey } from '../keys';
import { ROLES, Role, Principal } from '../principal';
import { signToken } from '../tokens';

function fail(message: string): never {
  process.stderr.write(`token: ${message}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    role: { type: 'string', multiple: true },
    institution: { type: 'string' },
    division: { type: 'string' },
    sub: { type: 'string' },
    ttl: { type: 'string' },
  },
  strict: true,
});

const roles = (values.role ?? []) as string[];
if (roles.length === 0) fail(`--role is required (one of ${ROLES.join(', ')})`);
for (const r of roles) if (!(ROLES as readonly string[]).includes(r)) fail(`unknown role "${r}" (one of ${ROLES.join(', ')})`);
const ttl = values.ttl === undefined ? 43200 : Number(values.ttl);
if (!Number.isInteger(ttl) || ttl <= 0) fail('--ttl must be a positive number of seconds');

const principal: Principal = { sub: values.sub ?? `dev-${roles[0]}`, roles: roles as Role[] };
if (values.institution) principal.institutionId = values.institution;
if (values.division) principal.division = values.division;

const publicKeyFile = process.env.JWT_PUBLIC_KEY_FILE ?? '.local/keys/jwt-dev-public.pem';
const issuer = process.env.JWT_ISSUER ?? 'yiyang-connect';
process.stdout.write(`${signToken(principal, loadDevPrivateKey(publicKeyFile), issuer, ttl)}\n`);
