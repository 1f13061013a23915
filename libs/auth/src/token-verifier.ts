import { KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { Principal } from './principal';
import { verifyToken } from './tokens';

/**
 * Verifies bearer tokens, remembering the ones already verified until they expire. A client sends the
 * same token with every request of its session, and checking an RS256 signature is the costliest step
 * of an authorised request (it showed in the benchmark's profile). The cache is keyed by the whole token,
 * signature included, so only the exact bytes that were verified are served from it; a token without an
 * `exp` is never remembered, and failures never are.
 */
export class TokenVerifier {
  private readonly verified: LRUCache<string, Principal>;

  constructor(
    private readonly key: string | KeyObject,
    private readonly issuer: string,
    capacity = 10_000,
    private readonly now: () => number = Date.now,
  ) {
    this.verified = new LRUCache<string, Principal>({ max: capacity, ttlAutopurge: false, ttlResolution: 0, perf: { now } });
  }

  verify(token: string): Principal {
    const known = this.verified.get(token);
    if (known) return known;
    const principal = verifyToken(token, this.key, this.issuer);
    const expiresAt = expiryOf(token);
    const ttl = expiresAt === null ? 0 : expiresAt - this.now();
    if (ttl > 0) this.verified.set(token, principal, { ttl });
    return principal;
  }
}

/** The `exp` claim in ms of a token already verified, or null. */
function expiryOf(token: string): number | null {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' && Number.isFinite(claims.exp) ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}
