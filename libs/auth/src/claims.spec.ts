import { DEFAULT_CLAIMS, claimAt, principalFromClaims } from './claims';
import { InvalidTokenError } from './errors';

const keycloak = { roles: 'realm_access.roles', institution: 'institutionId', division: 'division' };

describe('claims', () => {
  it('finds a claim by its literal name first (names may contain dots), then by dotted path', () => {
    const claims = {
      'https://sso.example.gov.cn/roles': ['registrar'],
      realm_access: { roles: ['regulator'] },
      resource_access: { 'yiyang-api': { roles: ['registrar'] } },
    };
    expect(claimAt(claims, 'https://sso.example.gov.cn/roles')).toEqual(['registrar']);
    expect(claimAt(claims, 'realm_access.roles')).toEqual(['regulator']);
    expect(claimAt(claims, 'resource_access.yiyang-api.roles')).toEqual(['registrar']);
    expect(claimAt(claims, 'realm_access.missing.roles')).toBeUndefined();
    expect(claimAt({ a: 'text' }, 'a.length')).toBeUndefined();
    expect(claimAt({}, '__proto__.constructor')).toBeUndefined();
  });

  it('keeps only the platform roles, in token order, once each', () => {
    const p = principalFromClaims(
      {
        sub: 'u1',
        realm_access: { roles: ['default-roles-yiyang', 'regulator', 'offline_access', 'registrar', 'uma_authorization', 'regulator'] },
        division: '35',
      },
      keycloak,
    );
    expect(p).toEqual({ sub: 'u1', roles: ['regulator', 'registrar'], division: '35' });
  });

  it('reads roles given as one space- or comma-separated string, and single-valued lists', () => {
    expect(principalFromClaims({ sub: 'u1', roles: 'registrar offline_access' }).roles).toEqual(['registrar']);
    expect(principalFromClaims({ sub: 'u1', roles: ['referral-desk'], institutionId: ['inst-1'] }).institutionId).toBe('inst-1');
  });

  it('refuses a token left without a platform role, and malformed facts', () => {
    expect(() => principalFromClaims({ sub: 'u1', roles: ['offline_access', 'uma_authorization'] })).toThrow(/roles claim \(roles\)/);
    expect(() => principalFromClaims({ sub: 'u1' }, keycloak)).toThrow(/realm_access\.roles/);
    expect(() => principalFromClaims({ sub: 'a b', roles: ['registrar'] })).toThrow(/sub/);
    expect(() => principalFromClaims({ sub: 'u1', roles: ['referral-desk'] })).toThrow(/institutionId/);
    expect(() => principalFromClaims({ sub: 'u1', roles: ['regulator'], division: '350' })).toThrow(/division/);
    expect(() => principalFromClaims({ sub: 'u1', roles: ['registrar'], institutionId: 42 })).toThrow(InvalidTokenError);
    expect(() => principalFromClaims({ sub: 'u1', roles: ['registrar'] }, DEFAULT_CLAIMS)).not.toThrow();
  });

  it('takes the display name from name, else preferred_username', () => {
    expect(principalFromClaims({ sub: 'u1', roles: ['registrar'], name: ' 王 登记 ', preferred_username: 'wang' }).name).toBe('王 登记');
    expect(principalFromClaims({ sub: 'u1', roles: ['registrar'], preferred_username: 'wang' }).name).toBe('wang');
    expect(principalFromClaims({ sub: 'u1', roles: ['registrar'] })).not.toHaveProperty('name');
  });
});
