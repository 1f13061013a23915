import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Principal, Role, ROLES } from './principal';

export class InvalidTokenError extends Error {}

const JURISDICTION = /^(\d{2}|\d{4}|\d{6})$/;
const UUIDISH = /^[A-Za-z0-9-]{1,64}$/;

/** Verifies an RS256 bearer token (signature, expiry, issuer; `alg: none` and HS* are refused) and reads its claims. */
export function verifyToken(token: string, publicKey: string | KeyObject, issuer: string): Principal {
  let claims: jwt.JwtPayload;
  try {
    const decoded = jwt.verify(token, publicKey, { algorithms: ['RS256'], issuer, clockTolerance: 5 });
    if (typeof decoded === 'string') throw new InvalidTokenError('token payload is not an object');
    claims = decoded;
  } catch (err) {
    throw new InvalidTokenError((err as Error).message);
  }
  if (typeof claims.sub !== 'string' || !UUIDISH.test(claims.sub)) throw new InvalidTokenError('sub claim is missing or malformed');
  if (!Array.isArray(claims.roles) || claims.roles.length === 0 || !claims.roles.every((r) => (ROLES as readonly string[]).includes(r))) {
    throw new InvalidTokenError(`roles claim must list some of: ${ROLES.join(', ')}`);
  }
  const principal: Principal = { sub: claims.sub, roles: claims.roles as Role[] };
  if (claims.institutionId !== undefined) {
    if (typeof claims.institutionId !== 'string' || !UUIDISH.test(claims.institutionId)) throw new InvalidTokenError('institutionId claim is malformed');
    principal.institutionId = claims.institutionId;
  }
  if (claims.division !== undefined) {
    if (typeof claims.division !== 'string' || !JURISDICTION.test(claims.division)) throw new InvalidTokenError('division claim must be 2, 4 or 6 digits');
    principal.division = claims.division;
  }
  const staff = principal.roles.some((r) => r === 'elderly-admin' || r === 'medical-admin' || r === 'referral-desk');
  if (staff && !principal.institutionId) throw new InvalidTokenError('institution staff tokens need an institutionId claim');
  if (principal.roles.includes('regulator') && !principal.division) throw new InvalidTokenError('regulator tokens need a division claim');
  return principal;
}

export function signToken(principal: Principal, privateKey: string, issuer: string, expiresInSeconds = 12 * 3600): string {
  const { sub, ...claims } = principal;
  return jwt.sign(claims, privateKey, { algorithm: 'RS256', subject: sub, issuer, expiresIn: expiresInSeconds });
}
