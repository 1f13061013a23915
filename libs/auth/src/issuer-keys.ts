import { JWTHeaderParameters, FlattenedJWSInput, KeyLike, createLocalJWKSet, errors } from 'jose';
import { KeysUnavailableError } from './errors';

export interface KeyTiming {
  /** an unknown `kid` fetches the JWKS again at most once per this many ms (key rotation without restart) */
  refreshCooldownMs: number;
  /** after a failed fetch, requests are answered "keys unavailable" for this long before the next attempt */
  retryAfterMs: number;
  /** keys older than this are fetched again (the old ones are kept if that fails) */
  maxAgeMs: number;
  /** time limit of one HTTP request to the provider */
  timeoutMs: number;
}

export const DEFAULT_KEY_TIMING: KeyTiming = { refreshCooldownMs: 30_000, retryAfterMs: 5_000, maxAgeMs: 10 * 60_000, timeoutMs: 5_000 };

type KeySet = ReturnType<typeof createLocalJWKSet>;

/**
 * The signing keys an OpenID Connect issuer publishes: its discovery document
 * (`<issuer>/.well-known/openid-configuration`) names the `jwks_uri`, whose keys are cached.
 * Nothing is fetched before it is needed (or `warm()` is called), so a provider that is down never
 * stops a service from starting; while the keys cannot be fetched, `resolve` throws
 * KeysUnavailableError, and fetching is tried again after `retryAfterMs`. A token naming a `kid`
 * the cached set lacks re-fetches the set at once, and such re-fetches happen at most once per
 * `refreshCooldownMs`. One fetch runs at a
 * time; concurrent callers share it. Time comes from `now`, so tests move it.
 */
export class IssuerKeys {
  private keys?: KeySet;
  private jwksUri?: string;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  /** when an unknown kid last caused a fetch (the cooldown counts from here, not from scheduled fetches) */
  private kidRefreshAt = Number.NEGATIVE_INFINITY;
  private failedAt = Number.NEGATIVE_INFINITY;
  private lastFailure = '';
  private inflight?: Promise<KeySet>;

  constructor(
    readonly issuer: string,
    private readonly now: () => number = Date.now,
    private readonly timing: KeyTiming = DEFAULT_KEY_TIMING,
    private readonly onFailure: (message: string) => void = () => undefined,
  ) {}

  /** The key for a token's protected header: jose's `jwtVerify` calls this after checking `alg`. */
  readonly resolve = async (header: JWTHeaderParameters, token: FlattenedJWSInput): Promise<KeyLike | Uint8Array> => {
    const keys = await this.current();
    try {
      return await keys(header, token);
    } catch (err) {
      if (!(err instanceof errors.JWKSNoMatchingKey)) throw err;
      // the last fetch failed: the keys held may be out of date, so the kid cannot be called unknown
      if (this.failedAt > this.fetchedAt) throw this.unavailable();
      if (this.now() - this.kidRefreshAt < this.timing.refreshCooldownMs) throw err;
      // a key published since the last fetch (rotation): look once more; tokens naming made-up kids
      // cause at most one fetch per cooldown
      this.kidRefreshAt = this.now();
      const fresh = await this.refresh();
      return fresh(header, token);
    }
  };

  /** Starts fetching the keys in the background; never rejects. */
  async warm(): Promise<void> {
    try {
      await this.current();
    } catch {
      // reported through onFailure; requests will try again
    }
  }

  private async current(): Promise<KeySet> {
    const now = this.now();
    const resting = now - this.failedAt < this.timing.retryAfterMs;
    if (this.keys) {
      if (now - this.fetchedAt < this.timing.maxAgeMs || resting) return this.keys;
      const stale = this.keys;
      return this.refresh().catch(() => stale); // an old key set beats none while the provider is away
    }
    if (resting) throw this.unavailable();
    return this.refresh();
  }

  private refresh(): Promise<KeySet> {
    this.inflight ??= this.load().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async load(): Promise<KeySet> {
    try {
      const jwksUri = this.jwksUri ?? (await this.discover());
      const jwks = await this.getJson(jwksUri, 'JWKS');
      if (!Array.isArray((jwks as { keys?: unknown }).keys)) throw new Error(`the JWKS at ${jwksUri} has no "keys" list`);
      const keys = createLocalJWKSet(jwks as Parameters<typeof createLocalJWKSet>[0]);
      this.jwksUri = jwksUri;
      this.keys = keys;
      this.fetchedAt = this.now();
      return keys;
    } catch (err) {
      this.jwksUri = undefined; // discover again next time: the provider may have moved its keys
      this.failedAt = this.now();
      this.lastFailure = (err as Error).message;
      this.onFailure(`the signing keys of ${this.issuer} cannot be fetched: ${this.lastFailure}`);
      throw this.unavailable();
    }
  }

  private async discover(): Promise<string> {
    const url = `${this.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const document = (await this.getJson(url, 'discovery document')) as { issuer?: unknown; jwks_uri?: unknown };
    if (document.issuer !== this.issuer)
      throw new Error(
        `the discovery document at ${url} names the issuer ${JSON.stringify(document.issuer)}, not ${this.issuer} (check OIDC_ISSUER)`,
      );
    if (typeof document.jwks_uri !== 'string' || !/^https?:\/\//.test(document.jwks_uri))
      throw new Error(`the discovery document at ${url} has no jwks_uri`);
    return document.jwks_uri;
  }

  private async getJson(url: string, what: string): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(this.timing.timeoutMs) });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(`${what} ${url} did not answer (${cause?.code ?? cause?.message ?? (err as Error).message})`);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new Error(`${what} ${url} answered ${response.status}`);
    }
    try {
      return await response.json();
    } catch {
      throw new Error(`${what} ${url} is not JSON`);
    }
  }

  private unavailable(): KeysUnavailableError {
    return new KeysUnavailableError(
      `the signing keys of ${this.issuer} cannot be fetched right now: ${this.lastFailure}`,
      Math.ceil(this.timing.retryAfterMs / 1000),
    );
  }
}
