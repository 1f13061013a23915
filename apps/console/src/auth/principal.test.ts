import { describe, expect, it } from 'vitest';
import { hasInbox, principalOf } from './principal';

const token = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;

describe('the principal of an access token', () => {
  it('reads the platform roles, institution, division and a Chinese name, ignoring the provider’s own roles', () => {
    const p = principalOf(
      token({ sub: 'u1', roles: ['offline_access', 'registrar', 'uma_authorization'], name: '王晓梅', institutionId: 'i-1' }),
    );
    expect(p).toEqual({ sub: 'u1', name: '王晓梅', roles: ['registrar'], institutionId: 'i-1', division: undefined });
  });

  it('falls back on the ID token’s profile for the name, and survives a token it cannot read', () => {
    expect(principalOf(token({ sub: 'u2', roles: ['regulator'], division: '35' }), { preferred_username: 'reg35' }).name).toBe('reg35');
    expect(principalOf('not-a-jwt').roles).toEqual([]);
  });

  it('gives an inbox to institution staff and regulators with a jurisdiction, not to a registrar', () => {
    expect(hasInbox(principalOf(token({ roles: ['registrar'] })))).toBe(false);
    expect(hasInbox(principalOf(token({ roles: ['regulator'], division: '3501' })))).toBe(true);
    expect(hasInbox(principalOf(token({ roles: ['referral-desk'], institutionId: 'i' })))).toBe(true);
  });
});
