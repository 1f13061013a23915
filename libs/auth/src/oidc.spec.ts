import { createHmac } from 'node:crypto';
import { SignJWT, exportSPKI, generateKeyPair } from 'jose';
import { FakeIssuer, IssuerKey, accessToken, issuerKey } from '../test/fake-issuer';
import { DEFAULT_CLAIMS } from './claims';
import { InvalidTokenError, KeysUnavailableError } from './errors';
import { TokenVerifier, TokenVerifierOptions } from './token-verifier';

/**
 * The verifier against a real (local) OpenID Connect provider: discovery, JWKS over HTTP, keys made by
 * jose. Time is the verifier's injected clock; nothing sleeps.
 */
const T0 = Date.UTC(2026, 0, 12, 1, 0, 0);
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('TokenVerifier with an OpenID Connect issuer', () => {
  let provider: FakeIssuer;
  let rsa: IssuerKey;
  let ec: IssuerKey;
  let clock: number;
  const now = () => clock;
  const verifier = (o: Partial<TokenVerifierOptions> = {}) =>
    new TokenVerifier({
      oidc: { issuer: provider.issuer, audience: 'yiyang-api', claims: DEFAULT_CLAIMS },
      clockToleranceSeconds: 30,
      now,
      ...o,
    });
  const refusedWith = async (v: TokenVerifier, token: string, reason: string) => {
    const err = await v.verify(token).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InvalidTokenError);
    expect(err).toMatchObject({ reason });
  };

  beforeAll(async () => {
    rsa = await issuerKey('rsa-1', 'RS256');
    ec = await issuerKey('ec-1', 'ES256');
  });
  beforeEach(async () => {
    clock = T0;
    provider = await new FakeIssuer().start();
    provider.publish(rsa, ec);
  });
  afterEach(() => provider.stop());

  it('accepts RS256 and ES256 tokens and reads the platform principal from their claims', async () => {
    const v = verifier();
    const expected = {
      sub: '5d1f6a52-8c1e-4f0a-9b1c-2a3d4e5f6a7b',
      roles: ['referral-desk'],
      institutionId: '3f1c2a9e-0b7d-4c1e-9a57-1d2e3f4a5b6c',
      name: '林分诊',
    };
    await expect(v.verify(await accessToken(rsa, provider.issuer, clock))).resolves.toEqual(expected);
    await expect(v.verify(await accessToken(ec, provider.issuer, clock))).resolves.toEqual(expected);
    expect(provider.hits).toEqual({ discovery: 1, jwks: 1 });
  });

  it('takes the display name from preferred_username when there is no name', async () => {
    const token = await accessToken(rsa, provider.issuer, clock, {
      name: undefined,
      roles: ['regulator'],
      institutionId: undefined,
      division: '35',
    });
    await expect(verifier().verify(token)).resolves.toEqual({
      sub: '5d1f6a52-8c1e-4f0a-9b1c-2a3d4e5f6a7b',
      roles: ['regulator'],
      division: '35',
      name: 'lin.desk',
    });
  });

  it('refuses a token of another issuer without fetching anything', async () => {
    const v = verifier();
    await refusedWith(v, await accessToken(rsa, 'http://127.0.0.1:8180/realms/other', clock), 'issuer');
    expect(provider.hits).toEqual({ discovery: 0, jwks: 0 });
  });

  it('refuses a token signed by a key the issuer does not publish, and one that forges a published kid', async () => {
    const v = verifier();
    const stranger = await issuerKey('stranger', 'RS256');
    await refusedWith(v, await accessToken(stranger, provider.issuer, clock), 'unknown-key');
    await refusedWith(v, await accessToken({ ...stranger, kid: 'rsa-1' }, provider.issuer, clock), 'signature');
  });

  it('refuses expired and not-yet-valid tokens, forgiving the configured clock skew', async () => {
    const v = verifier();
    const iat = Math.floor(clock / 1000);
    await refusedWith(v, await accessToken(rsa, provider.issuer, clock, { iat: iat - 400, exp: iat - 31 }), 'expired');
    await expect(v.verify(await accessToken(rsa, provider.issuer, clock, { iat: iat - 400, exp: iat - 20 }))).resolves.toMatchObject({
      roles: ['referral-desk'],
    });
    await refusedWith(v, await accessToken(rsa, provider.issuer, clock, { nbf: iat + 120 }), 'not-yet-valid');
    await expect(v.verify(await accessToken(rsa, provider.issuer, clock, { nbf: iat + 20 }))).resolves.toMatchObject({
      roles: ['referral-desk'],
    });
    await refusedWith(v, await accessToken(rsa, provider.issuer, clock, { exp: undefined }), 'claims');
  });

  it('refuses a token for another audience', async () => {
    await refusedWith(verifier(), await accessToken(rsa, provider.issuer, clock, { aud: ['account', 'other-api'] }), 'audience');
    await refusedWith(verifier(), await accessToken(rsa, provider.issuer, clock, { aud: undefined }), 'audience');
  });

  it('refuses alg none, HS256 keyed with the public key, and algorithms outside RS256 and ES256', async () => {
    const v = verifier();
    const iat = Math.floor(clock / 1000);
    const claims = { iss: provider.issuer, aud: 'yiyang-api', sub: 'u1', roles: ['registrar'], iat, exp: iat + 300 };
    await refusedWith(v, `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`, 'algorithm');
    const pem = await exportSPKI(rsa.publicKey);
    for (const secret of [pem, JSON.stringify(rsa.jwk)]) {
      const signing = `${b64({ alg: 'HS256', typ: 'JWT', kid: 'rsa-1' })}.${b64(claims)}`;
      await refusedWith(v, `${signing}.${createHmac('sha256', secret).update(signing).digest('base64url')}`, 'algorithm');
    }
    // the published RSA key itself, with another RSA algorithm
    await refusedWith(v, await new SignJWT(claims).setProtectedHeader({ alg: 'RS384', kid: 'rsa-1' }).sign(rsa.privateKey), 'algorithm');
    await refusedWith(v, await new SignJWT(claims).setProtectedHeader({ alg: 'PS256', kid: 'rsa-1' }).sign(rsa.privateKey), 'algorithm');
    const p384 = await generateKeyPair('ES384');
    await refusedWith(v, await new SignJWT(claims).setProtectedHeader({ alg: 'ES384', kid: 'ec-1' }).sign(p384.privateKey), 'algorithm');
    // none of these needed the issuer's keys
    expect(provider.hits.jwks).toBe(0);
  });

  it('follows key rotation without a restart, re-fetching for an unknown kid at most once per cooldown', async () => {
    const v = verifier({ keyTiming: { refreshCooldownMs: 30_000 } });
    await v.verify(await accessToken(rsa, provider.issuer, clock));
    expect(provider.hits.jwks).toBe(1);

    const rotated = await issuerKey('rsa-2', 'RS256');
    provider.publish(rotated, ec); // rsa-1 retired, rsa-2 signs from now on
    clock += 31_000;
    await expect(v.verify(await accessToken(rotated, provider.issuer, clock))).resolves.toMatchObject({ roles: ['referral-desk'] });
    expect(provider.hits.jwks).toBe(2);

    // unknown kids in a burst: one more fetch at most per cooldown
    const strangers = await Promise.all(['x-1', 'x-2'].map((kid) => issuerKey(kid, 'ES256')));
    clock += 10_000;
    await refusedWith(v, await accessToken(strangers[0], provider.issuer, clock), 'unknown-key');
    await refusedWith(v, await accessToken(strangers[1], provider.issuer, clock), 'unknown-key');
    expect(provider.hits.jwks).toBe(2);
    clock += 30_000;
    await refusedWith(v, await accessToken(strangers[0], provider.issuer, clock), 'unknown-key');
    await refusedWith(v, await accessToken(strangers[1], provider.issuer, clock), 'unknown-key');
    expect(provider.hits.jwks).toBe(3);
  });

  it('shares one fetch among concurrent first requests', async () => {
    const v = verifier();
    const tokens = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => accessToken(n % 2 ? rsa : ec, provider.issuer, clock, { sub: `user-${n}` })),
    );
    await Promise.all(tokens.map((t) => v.verify(t)));
    expect(provider.hits).toEqual({ discovery: 1, jwks: 1 });
  });

  it('says "keys unavailable" while the provider is down, retries after a pause, and recovers', async () => {
    const v = verifier({ keyTiming: { retryAfterMs: 5_000 } });
    const token = await accessToken(rsa, provider.issuer, clock);
    provider.down = true;
    const err = await v.verify(token).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeysUnavailableError);
    expect(err).toMatchObject({ retryAfterSeconds: 5, message: expect.stringMatching(/503/) });
    expect(provider.hits.discovery).toBe(1);

    // within the pause nothing is fetched; a token refused on its face is still refused (401, not 503)
    clock += 4_000;
    await expect(v.verify(token)).rejects.toBeInstanceOf(KeysUnavailableError);
    await refusedWith(v, await accessToken(rsa, 'http://127.0.0.1:1/realms/elsewhere', clock), 'issuer');
    expect(provider.hits.discovery).toBe(1);

    provider.down = false;
    clock += 1_000;
    await expect(v.verify(token)).resolves.toMatchObject({ roles: ['referral-desk'] });
    expect(provider.hits).toEqual({ discovery: 2, jwks: 1 });
  });

  it('keeps using the keys it has while the provider is down, but cannot vouch for a new kid then', async () => {
    const v = verifier({ keyTiming: { maxAgeMs: 60_000, refreshCooldownMs: 30_000 } });
    await v.verify(await accessToken(rsa, provider.issuer, clock, { sub: 'first' }));
    await provider.stop();
    clock += 120_000; // past the keys' max age: a refresh is tried, fails, and the old keys serve
    await expect(v.verify(await accessToken(ec, provider.issuer, clock))).resolves.toMatchObject({ roles: ['referral-desk'] });
    clock += 31_000;
    const rotated = await issuerKey('rsa-2', 'RS256');
    await expect(v.verify(await accessToken(rotated, provider.issuer, clock))).rejects.toBeInstanceOf(KeysUnavailableError);
  });

  it('is not fooled by a discovery document naming another issuer', async () => {
    provider.advertisedIssuer = 'https://sso.example.org/realms/yiyang';
    const err = await verifier()
      .verify(await accessToken(rsa, provider.issuer, clock))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeysUnavailableError);
    expect((err as Error).message).toMatch(/OIDC_ISSUER/);
  });

  it('maps configured claims: roles at a dotted path, the identity provider’s own roles dropped', async () => {
    const v = verifier({
      oidc: {
        issuer: provider.issuer,
        audience: 'yiyang-api',
        claims: { roles: 'realm_access.roles', institution: 'org.id', division: 'region' },
      },
    });
    const token = await accessToken(rsa, provider.issuer, clock, {
      roles: undefined,
      institutionId: undefined,
      realm_access: { roles: ['offline_access', 'elderly-admin', 'uma_authorization', 'default-roles-yiyang', 'regulator'] },
      org: { id: 'a1b2c3d4-0000-4000-8000-000000000001' },
      region: '3501',
    });
    await expect(v.verify(token)).resolves.toMatchObject({
      roles: ['elderly-admin', 'regulator'],
      institutionId: 'a1b2c3d4-0000-4000-8000-000000000001',
      division: '3501',
    });
    const onlyTheirs = await accessToken(rsa, provider.issuer, clock, {
      sub: 'other',
      realm_access: { roles: ['offline_access', 'uma_authorization'] },
    });
    await refusedWith(v, onlyTheirs, 'claims');
  });

  it('serves a verified token from memory until it expires', async () => {
    const v = verifier();
    const token = await accessToken(rsa, provider.issuer, clock);
    await v.verify(token);
    provider.down = true; // no key is needed for a token already verified
    await expect(v.verify(token)).resolves.toMatchObject({ roles: ['referral-desk'] });
    clock += 301_000; // past exp: no longer remembered, checked again (and the clock skew still forgiven)
    await expect(v.verify(token)).resolves.toMatchObject({ roles: ['referral-desk'] });
    expect(provider.hits.jwks).toBe(1);
    clock += 30_000;
    await expect(v.verify(token)).rejects.toMatchObject({ reason: 'expired' });
  });

  it('accepts both the issuer’s and, with development keys on, the development tokens', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const dev = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const { signToken } = await import('./tokens');
    const v = verifier({ dev: { publicKey: dev.publicKey, issuer: 'yiyang-connect' }, now: Date.now });
    await expect(
      v.verify(signToken({ sub: 'dev-registrar', roles: ['registrar'] }, dev.privateKey, 'yiyang-connect', 60)),
    ).resolves.toEqual({ sub: 'dev-registrar', roles: ['registrar'] });
    await expect(v.verify(await accessToken(ec, provider.issuer, Date.now()))).resolves.toMatchObject({ roles: ['referral-desk'] });
    // without them, a development token is another issuer's
    await refusedWith(
      verifier({ now: Date.now }),
      signToken({ sub: 'dev-registrar', roles: ['registrar'] }, dev.privateKey, 'yiyang-connect', 60),
      'issuer',
    );
  });
});
