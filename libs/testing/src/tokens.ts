import { Principal, loadDevPrivateKey, signToken } from '@yiyang/auth';

const publicKeyFile = () => process.env.JWT_PUBLIC_KEY_FILE ?? '.local/keys/jwt-dev-public.pem';

/** A bearer header for a principal, signed with the development key the services trust. */
export function bearer(principal: Partial<Principal> & Pick<Principal, 'roles'>, expiresInSeconds = 3600): string {
  const token = signToken({ sub: principal.sub ?? `test-${principal.roles[0]}`, ...principal }, loadDevPrivateKey(publicKeyFile()), 'yiyang-connect', expiresInSeconds);
  return `Bearer ${token}`;
}
