import { InvalidTokenError } from './errors';
import { Principal, ROLES, Role } from './principal';

/** Where the platform's facts are in a token: claim names, or dotted paths such as `realm_access.roles`. */
export interface ClaimNames {
  roles: string;
  institution: string;
  division: string;
}

/** The claim names of the platform's own tokens (and of the local Keycloak realm). */
export const DEFAULT_CLAIMS: ClaimNames = { roles: 'roles', institution: 'institutionId', division: 'division' };

const JURISDICTION = /^(\d{2}|\d{4}|\d{6})$/;
const UUIDISH = /^[A-Za-z0-9-]{1,64}$/;
const PLATFORM_ROLES: readonly string[] = ROLES;
const STAFF: readonly Role[] = ['elderly-admin', 'medical-admin', 'referral-desk'];
const NAME_MAX = 100;

/**
 * The value of a claim: the claim literally named so (names may contain dots, e.g.
 * `https://example.gov.cn/roles`), otherwise the dotted path walked through nested objects.
 */
export function claimAt(claims: Record<string, unknown>, path: string): unknown {
  if (Object.prototype.hasOwnProperty.call(claims, path)) return claims[path];
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.prototype.hasOwnProperty.call(value, part))
      return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A string claim; a one-element list (a multi-valued attribute with one value) counts as its element. */
function single(value: unknown): unknown {
  return Array.isArray(value) && value.length === 1 ? value[0] : value;
}

function rolesOf(value: unknown): Role[] {
  const listed = typeof value === 'string' ? value.split(/[\s,]+/) : Array.isArray(value) ? value : [];
  const roles: Role[] = [];
  for (const r of listed) if (typeof r === 'string' && PLATFORM_ROLES.includes(r) && !roles.includes(r as Role)) roles.push(r as Role);
  return roles;
}

function nameOf(claims: Record<string, unknown>): string | undefined {
  for (const key of ['name', 'preferred_username']) {
    const value = claims[key];
    if (typeof value === 'string' && value.trim()) return value.trim().slice(0, NAME_MAX);
  }
  return undefined;
}

/**
 * The caller a verified token describes (SPEC §6). Roles other than the five platform roles (an identity
 * provider's own, such as `offline_access`) are ignored; a token left with none is refused. Institution
 * staff need an institution, regulators a division of 2, 4 or 6 digits.
 */
export function principalFromClaims(claims: Record<string, unknown>, names: ClaimNames = DEFAULT_CLAIMS): Principal {
  if (typeof claims.sub !== 'string' || !UUIDISH.test(claims.sub))
    throw new InvalidTokenError('sub claim is missing or malformed (at most 64 letters, digits or hyphens)', 'claims');
  const roles = rolesOf(claimAt(claims, names.roles));
  if (roles.length === 0) throw new InvalidTokenError(`roles claim (${names.roles}) must list some of: ${ROLES.join(', ')}`, 'claims');
  const principal: Principal = { sub: claims.sub, roles };
  const institutionId = single(claimAt(claims, names.institution));
  if (institutionId !== undefined && institutionId !== null) {
    if (typeof institutionId !== 'string' || !UUIDISH.test(institutionId))
      throw new InvalidTokenError(`institutionId claim (${names.institution}) is malformed`, 'claims');
    principal.institutionId = institutionId;
  }
  const division = single(claimAt(claims, names.division));
  if (division !== undefined && division !== null) {
    if (typeof division !== 'string' || !JURISDICTION.test(division))
      throw new InvalidTokenError(`division claim (${names.division}) must be 2, 4 or 6 digits`, 'claims');
    principal.division = division;
  }
  const name = nameOf(claims);
  if (name !== undefined) principal.name = name;
  if (roles.some((r) => STAFF.includes(r)) && !principal.institutionId)
    throw new InvalidTokenError(`institution staff tokens need an institutionId claim (${names.institution})`, 'claims');
  if (roles.includes('regulator') && !principal.division)
    throw new InvalidTokenError(`regulator tokens need a division claim (${names.division})`, 'claims');
  return principal;
}
