import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { DEFAULT_CLAIMS, principalFromClaims } from './claims';
import { InvalidTokenError, TokenRefusal } from './errors';
import { Principal } from './principal';

export interface DevTokenOptions {
  /** seconds of clock skew allowed on exp and nbf */
  clockToleranceSeconds?: number;
  /** the verifier's clock, in ms */
  now?: () => number;
}

function refusalOf(err: Error): TokenRefusal {
  if (err instanceof jwt.TokenExpiredError) return 'expired';
  if (err instanceof jwt.NotBeforeError) return 'not-yet-valid';
  if (/issuer/.test(err.message)) return 'issuer';
  if (/audience/.test(err.message)) return 'audience';
  if (/algorithm|signature is required/.test(err.message)) return 'algorithm';
  if (/signature/.test(err.message)) return 'signature';
  return 'malformed';
}

const MESSAGES: Record<TokenRefusal, string> = {
  malformed: 'token is malformed',
  issuer: 'token issuer is not trusted',
  audience: 'token audience is not this platform',
  expired: 'token expired',
  'not-yet-valid': 'token is not valid yet (nbf)',
  signature: 'token signature is invalid',
  algorithm: 'token algorithm is not allowed',
  'unknown-key': 'token is signed by a key its issuer does not publish',
  claims: 'token claims are invalid',
};

export function refusal(reason: TokenRefusal, detail?: string): InvalidTokenError {
  return new InvalidTokenError(detail ? `${MESSAGES[reason]} (${detail})` : MESSAGES[reason], reason);
}

/**
 * Verifies a token signed by the development key pair (RS256 only: `alg: none` and HS* are refused;
 * signature, expiry, not-before, issuer) and reads its claims. Only for JWT_DEV_KEYS=true.
 */
export function verifyToken(token: string, publicKey: string | KeyObject, issuer: string, options: DevTokenOptions = {}): Principal {
  let claims: jwt.JwtPayload;
  try {
    const decoded = jwt.verify(token, publicKey, {
      algorithms: ['RS256'],
      issuer,
      clockTolerance: options.clockToleranceSeconds ?? 30,
      ...(options.now ? { clockTimestamp: Math.floor(options.now() / 1000) } : {}),
    });
    if (typeof decoded === 'string') throw new InvalidTokenError('token payload is not an object');
    claims = decoded;
  } catch (err) {
    if (err instanceof InvalidTokenError) throw err;
    throw refusal(refusalOf(err as Error));
  }
  return principalFromClaims(claims, DEFAULT_CLAIMS);
}

/** Signs a development token (what `npm run token` and the test helpers hand out). */
export function signToken(principal: Principal, privateKey: string, issuer: string, expiresInSeconds = 12 * 3600): string {
  const { sub, ...claims } = principal;
  return jwt.sign(claims, privateKey, { algorithm: 'RS256', subject: sub, issuer, expiresIn: expiresInSeconds });
}
