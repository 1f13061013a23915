import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadPlatformConfig } from '@yiyang/config';
import { authSettings } from './settings';

const defaults = { port: 3999, database: 'yiyang_test', serviceName: 'test' };
const keyFile = () => join(mkdtempSync(join(tmpdir(), 'auth-')), 'jwt-dev-public.pem');
const config = (env: Record<string, string>) => loadPlatformConfig(defaults, { JWT_PUBLIC_KEY_FILE: keyFile(), ...env });

describe('auth settings', () => {
  it('trusts the configured issuer, with the default audience and claim names, and no development keys by default', () => {
    const c = config({ OIDC_ISSUER: 'http://127.0.0.1:8180/realms/yiyang' });
    expect(c.JWT_DEV_KEYS).toBe(false);
    expect(authSettings(c, 'production')).toEqual({
      oidc: {
        issuer: 'http://127.0.0.1:8180/realms/yiyang',
        audience: 'yiyang-api',
        claims: { roles: 'roles', institution: 'institutionId', division: 'division' },
      },
      clockToleranceSeconds: 30,
    });
  });

  it('reads other providers’ claim names and tolerance from configuration', () => {
    const c = config({
      OIDC_ISSUER: 'https://sso.example.gov.cn/oidc',
      OIDC_AUDIENCE: 'yyhl',
      OIDC_ROLES_CLAIM: 'realm_access.roles',
      OIDC_INSTITUTION_CLAIM: 'org_id',
      OIDC_DIVISION_CLAIM: 'xzqh',
      TOKEN_CLOCK_TOLERANCE_S: '10',
    });
    expect(authSettings(c, 'production')).toMatchObject({
      oidc: { audience: 'yyhl', claims: { roles: 'realm_access.roles', institution: 'org_id', division: 'xzqh' } },
      clockToleranceSeconds: 10,
    });
  });

  it('adds the development key (generated when missing) only with JWT_DEV_KEYS=true', () => {
    const settings = authSettings(config({ JWT_DEV_KEYS: 'true' }), 'development');
    expect(settings.oidc).toBeUndefined();
    expect(settings.dev).toMatchObject({ issuer: 'yiyang-connect', publicKey: expect.stringMatching(/BEGIN PUBLIC KEY/) });
  });

  it('refuses development keys under NODE_ENV=production, in a sentence naming the setting', () => {
    const attempt = () => authSettings(config({ JWT_DEV_KEYS: 'true', OIDC_ISSUER: 'https://sso.example.gov.cn/oidc' }), 'production');
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/JWT_DEV_KEYS=true is refused when NODE_ENV=production/);
  });

  it('refuses to trust nothing, and an issuer that is not an http(s) URL', () => {
    expect(() => authSettings(config({}), 'development')).toThrow(/OIDC_ISSUER is required/);
    expect(() => config({ OIDC_ISSUER: 'sso.example.gov.cn' })).toThrow(/OIDC_ISSUER is invalid/);
    expect(() => config({ OIDC_ISSUER: 'ftp://sso.example.gov.cn/' })).toThrow(/OIDC_ISSUER is invalid/);
  });
});
