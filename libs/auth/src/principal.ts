import { NotFoundError } from '@yiyang/kernel';

export const ROLES = ['registrar', 'elderly-admin', 'medical-admin', 'referral-desk', 'regulator'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller, from the token's claims (SPEC §6). */
export interface Principal {
  sub: string;
  roles: Role[];
  /** institution staff act only for this institution */
  institutionId?: string;
  /** regulators read only inside this division prefix (2, 4 or 6 digits) */
  division?: string;
  /** display name (`name`, else `preferred_username`); for display only, never recorded in events */
  name?: string;
}

export function hasRole(principal: Principal, ...roles: Role[]): boolean {
  return principal.roles.some((r) => roles.includes(r));
}

/** Institution staff may act only for their own institution; anything else answers 404 (SPEC §6). */
export function assertActsFor(principal: Principal, institutionId: string, what = 'institution'): void {
  if (principal.institutionId !== institutionId) throw new NotFoundError(what);
}

/** The role an event's `actor` extension records for this principal. */
export function primaryRole(principal: Principal): Role {
  return principal.roles[0];
}
