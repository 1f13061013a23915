/**
 * Who is signed in, read from the access token the services will verify (roles, institutionId,
 * division, name): the console shows what the API will allow, and the API still decides.
 */
export const PLATFORM_ROLES = ['registrar', 'elderly-admin', 'medical-admin', 'referral-desk', 'regulator'] as const;
export type Role = (typeof PLATFORM_ROLES)[number];

export interface Principal {
  sub: string;
  name: string;
  /** platform roles only (the identity provider's own roles are ignored) */
  roles: Role[];
  institutionId?: string;
  division?: string;
}

function payloadOf(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const base64 = part
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const json = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    return json && typeof json === 'object' ? (json as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** The principal of an access token (and the ID token's profile for the name when the token has none). */
export function principalOf(accessToken: string, profile: Record<string, unknown> = {}): Principal {
  const claims = payloadOf(accessToken) ?? {};
  const rawRoles = Array.isArray(claims.roles) ? claims.roles : [];
  const roles = PLATFORM_ROLES.filter((r) => rawRoles.includes(r));
  return {
    sub: text(claims.sub) ?? text(profile.sub) ?? '',
    name: text(claims.name) ?? text(profile.name) ?? text(claims.preferred_username) ?? text(profile.preferred_username) ?? '',
    roles,
    institutionId: text(claims.institutionId),
    division: text(claims.division),
  };
}

/** Whether the person has an inbox: institution staff, or a regulator with a jurisdiction (the service's rule). */
export const hasInbox = (p: Principal) => (p.roles.includes('regulator') && !!p.division) || !!p.institutionId;
