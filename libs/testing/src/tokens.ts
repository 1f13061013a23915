import { Principal, loadDevPrivateKey, signToken } from '@yiyang/auth';

const publicKeyFile = () => process.env.JWT_PUBLIC_KEY_FILE ?? '.local/keys/jwt-dev-public.pem';

/**
 * A bearer header for a principal, signed with the development key pair. Services trust it only with
 * JWT_DEV_KEYS=true: the integration suite's global setup and the apps' *-app.ts helpers set it.
 */
export function bearer(principal: Partial<Principal> & Pick<Principal, 'roles'>, expiresInSeconds = 3600): string {
  const token = signToken(
    { sub: principal.sub ?? `test-${principal.roles[0]}`, ...principal },
    loadDevPrivateKey(publicKeyFile()),
    process.env.JWT_ISSUER ?? 'yiyang-connect',
    expiresInSeconds,
  );
  return `Bearer ${token}`;
}
