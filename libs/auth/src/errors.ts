/** Why a token was refused (the guard answers 401 for every one of them). */
export type TokenRefusal =
  'malformed' | 'issuer' | 'audience' | 'expired' | 'not-yet-valid' | 'signature' | 'algorithm' | 'unknown-key' | 'claims';

/** The token is not acceptable: the caller must get another one (401). */
export class InvalidTokenError extends Error {
  constructor(
    message: string,
    readonly reason: TokenRefusal = 'malformed',
  ) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

/**
 * The issuer's signing keys could not be fetched (discovery or JWKS unreachable, timed out or
 * unreadable), so the token can be neither accepted nor refused: the guard answers 503 with
 * Retry-After, and the verifier tries again after `retryAfterSeconds`.
 */
export class KeysUnavailableError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'KeysUnavailableError';
  }
}
