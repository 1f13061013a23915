import { KeyObject, createPublicKey } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { decodeJwt, errors, jwtVerify } from 'jose';
import { ClaimNames, principalFromClaims } from './claims';
import { InvalidTokenError, KeysUnavailableError } from './errors';
import { DEFAULT_KEY_TIMING, IssuerKeys, KeyTiming } from './issuer-keys';
import { Principal } from './principal';
import { refusal, verifyToken } from './tokens';

/** The only signature algorithms an issuer's tokens may use. */
export const OIDC_ALGORITHMS = ['RS256', 'ES256'];

export interface OidcSettings {
  /** the `iss` of accepted tokens; its discovery document names the keys */
  issuer: string;
  /** a value the token's `aud` must contain */
  audience: string;
  claims: ClaimNames;
}

export interface DevKeySettings {
  /** PEM of the development public key */
  publicKey: string | KeyObject;
  /** the `iss` of development tokens */
  issuer: string;
}

export interface TokenVerifierOptions {
  /** tokens of an OpenID Connect issuer, verified with its published keys */
  oidc?: OidcSettings;
  /** tokens signed by the development key pair (JWT_DEV_KEYS=true only) */
  dev?: DevKeySettings;
  /** seconds of clock skew allowed on exp and nbf */
  clockToleranceSeconds?: number;
  /** verified tokens remembered */
  capacity?: number;
  /** the clock, in ms (tests move it) */
  now?: () => number;
  keyTiming?: Partial<KeyTiming>;
  /** told when the issuer's keys cannot be fetched */
  onKeysFailure?: (message: string) => void;
}

/**
 * Verifies bearer tokens and reads their principal. A token whose `iss` is the configured OpenID
 * Connect issuer is checked with the issuer's published keys (RS256 or ES256; issuer, audience,
 * expiry, not-before); with development keys on, a token whose `iss` is JWT_ISSUER is checked with the
 * development public key instead. Any other token is refused.
 *
 * Tokens already verified are remembered until they expire. A client sends the same token with every
 * request of its session, and checking a signature is the costliest step of an authorised request (it
 * showed in the benchmark's profile). The cache is keyed by the whole token, signature included, so only
 * the exact bytes that were verified are served from it; a token without an `exp` is never remembered,
 * and failures never are.
 */
export class TokenVerifier {
  private readonly verified: LRUCache<string, Principal>;
  private readonly now: () => number;
  private readonly tolerance: number;
  private readonly devKey?: KeyObject;
  private readonly keys?: IssuerKeys;

  constructor(private readonly options: TokenVerifierOptions) {
    this.now = options.now ?? Date.now;
    this.tolerance = options.clockToleranceSeconds ?? 30;
    const now = this.now;
    this.verified = new LRUCache<string, Principal>({
      max: options.capacity ?? 10_000,
      ttlAutopurge: false,
      ttlResolution: 0,
      perf: { now },
    });
    // the PEM is parsed once: parsing it on every request showed in the benchmark's profile
    if (options.dev)
      this.devKey = typeof options.dev.publicKey === 'string' ? createPublicKey(options.dev.publicKey) : options.dev.publicKey;
    if (options.oidc)
      this.keys = new IssuerKeys(options.oidc.issuer, this.now, { ...DEFAULT_KEY_TIMING, ...options.keyTiming }, options.onKeysFailure);
    if (!options.oidc && !options.dev) throw new Error('a token verifier needs an OpenID Connect issuer or development keys');
  }

  /**
   * The principal of a valid token. Throws InvalidTokenError (the caller needs another token) or
   * KeysUnavailableError (the issuer's keys cannot be fetched right now; try again later).
   */
  async verify(token: string): Promise<Principal> {
    const known = this.verified.get(token);
    if (known) return known;
    const { principal, expiresAt } = await this.check(token);
    const ttl = expiresAt === null ? 0 : expiresAt - this.now();
    if (ttl > 0) this.verified.set(token, principal, { ttl });
    return principal;
  }

  /** Fetches the issuer's keys in the background (nothing waits for it; failures are retried on demand). */
  warm(): Promise<void> {
    return this.keys ? this.keys.warm() : Promise.resolve();
  }

  private async check(token: string): Promise<{ principal: Principal; expiresAt: number | null }> {
    let claims: Record<string, unknown>;
    try {
      claims = decodeJwt(token);
    } catch {
      throw refusal('malformed');
    }
    const expiresAt = typeof claims.exp === 'number' && Number.isFinite(claims.exp) ? claims.exp * 1000 : null;
    // the unverified `iss` only chooses the keys; each path checks it again after the signature
    if (this.options.dev && claims.iss === this.options.dev.issuer) {
      return {
        principal: verifyToken(token, this.devKey!, this.options.dev.issuer, { clockToleranceSeconds: this.tolerance, now: this.now }),
        expiresAt,
      };
    }
    if (this.options.oidc && this.keys && claims.iss === this.options.oidc.issuer) {
      return { principal: await this.checkOidc(token, this.options.oidc, this.keys), expiresAt };
    }
    throw refusal('issuer');
  }

  private async checkOidc(token: string, oidc: OidcSettings, keys: IssuerKeys): Promise<Principal> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, keys.resolve, {
        issuer: oidc.issuer,
        audience: oidc.audience,
        algorithms: OIDC_ALGORITHMS,
        clockTolerance: this.tolerance,
        currentDate: new Date(this.now()),
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (err) {
      throw joseRefusal(err, oidc);
    }
    return principalFromClaims(payload, oidc.claims);
  }
}

function joseRefusal(err: unknown, oidc: OidcSettings): Error {
  if (err instanceof KeysUnavailableError || err instanceof InvalidTokenError) return err;
  if (err instanceof errors.JWTExpired) return refusal('expired');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return refusal('issuer');
    if (err.claim === 'aud') return refusal('audience', `it must include ${oidc.audience}`);
    if (err.claim === 'nbf') return refusal('not-yet-valid');
    return refusal('claims', err.message);
  }
  if (err instanceof errors.JOSEAlgNotAllowed || err instanceof errors.JOSENotSupported)
    return refusal('algorithm', OIDC_ALGORITHMS.join(' or '));
  if (err instanceof errors.JWSSignatureVerificationFailed) return refusal('signature');
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) return refusal('unknown-key');
  if (err instanceof errors.JOSEError) return refusal('malformed');
  return err instanceof Error ? err : new Error(String(err));
}
