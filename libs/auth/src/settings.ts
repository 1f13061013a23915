import { ConfigError } from '@yiyang/config';
import { DevKeySettings, OidcSettings } from './token-verifier';
import { KeyTiming } from './issuer-keys';
import { loadPublicKey } from './keys';

/** Injection token of the AuthGuard's settings. */
export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');

export interface AuthSettings {
  /** the OpenID Connect issuer whose tokens are accepted */
  oidc?: OidcSettings;
  /** development tokens (JWT_DEV_KEYS=true only) */
  dev?: DevKeySettings;
  /** seconds of clock skew allowed on exp and nbf */
  clockToleranceSeconds: number;
  /** tests only: the verifier's clock and key fetching times */
  now?: () => number;
  keyTiming?: Partial<KeyTiming>;
}

/** The settings the auth settings are made of (PlatformConfig has them all). */
export interface AuthConfig {
  OIDC_ISSUER?: string;
  OIDC_AUDIENCE: string;
  OIDC_ROLES_CLAIM: string;
  OIDC_INSTITUTION_CLAIM: string;
  OIDC_DIVISION_CLAIM: string;
  TOKEN_CLOCK_TOLERANCE_S: number;
  JWT_DEV_KEYS: boolean;
  JWT_PUBLIC_KEY_FILE: string;
  JWT_ISSUER: string;
}

/**
 * What the guard trusts, from configuration: the OpenID Connect issuer and, only with JWT_DEV_KEYS=true,
 * the development key pair (generated under .local/keys when missing). Nothing is fetched here: the
 * issuer's keys are fetched when first needed, so a provider that is down does not stop a start.
 * Throws ConfigError (a sentence naming the setting) for development keys under NODE_ENV=production and
 * for a configuration that trusts nothing.
 */
export function authSettings(config: AuthConfig, nodeEnv: string | undefined = process.env.NODE_ENV): AuthSettings {
  if (config.JWT_DEV_KEYS && nodeEnv === 'production') {
    throw new ConfigError([
      'JWT_DEV_KEYS=true is refused when NODE_ENV=production: development keys let anyone holding .local/keys sign tokens; set JWT_DEV_KEYS=false and OIDC_ISSUER to the identity provider',
    ]);
  }
  if (!config.OIDC_ISSUER && !config.JWT_DEV_KEYS) {
    throw new ConfigError([
      'OIDC_ISSUER is required — the OpenID Connect issuer whose published keys verify bearer tokens (or JWT_DEV_KEYS=true, for development only)',
    ]);
  }
  return {
    ...(config.OIDC_ISSUER
      ? {
          oidc: {
            issuer: config.OIDC_ISSUER,
            audience: config.OIDC_AUDIENCE,
            claims: { roles: config.OIDC_ROLES_CLAIM, institution: config.OIDC_INSTITUTION_CLAIM, division: config.OIDC_DIVISION_CLAIM },
          },
        }
      : {}),
    ...(config.JWT_DEV_KEYS ? { dev: { publicKey: loadPublicKey(config.JWT_PUBLIC_KEY_FILE, true), issuer: config.JWT_ISSUER } } : {}),
    clockToleranceSeconds: config.TOKEN_CLOCK_TOLERANCE_S,
  };
}
