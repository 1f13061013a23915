import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { InvalidTokenError } from './errors';
import * as tokens from './tokens';
import { TokenVerifier } from './token-verifier';

const { publicKey, privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const ISSUER = 'yiyang-connect';
const claims = { sub: 'desk-1', roles: ['referral-desk' as const], institutionId: '3f1c2a9e-0b7d-4c1e-9a57-1d2e3f4a5b6c' };

describe('TokenVerifier (development keys) and its cache', () => {
  let spy: jest.SpyInstance;
  let clockOffset = 0;
  const now = () => Date.now() + clockOffset;
  const verifier = (capacity = 100) => new TokenVerifier({ dev: { publicKey, issuer: ISSUER }, capacity, now, clockToleranceSeconds: 0 });
  beforeEach(() => {
    clockOffset = 0;
    spy = jest.spyOn(tokens, 'verifyToken');
  });
  afterEach(() => spy.mockRestore());

  it('checks a token once and serves its principal from memory until it expires', async () => {
    const v = verifier();
    const token = tokens.signToken(claims, privateKey, ISSUER, 3600);
    await expect(v.verify(token)).resolves.toEqual(claims);
    await expect(v.verify(token)).resolves.toEqual(claims);
    expect(spy).toHaveBeenCalledTimes(1);
    clockOffset = 3601_000; // past exp: checked again (and the signature check itself decides)
    await expect(v.verify(token)).rejects.toThrow(/expired/);
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('serves only the exact bytes it verified: a changed signature is checked, and refused', async () => {
    const v = verifier();
    const token = tokens.signToken(claims, privateKey, ISSUER, 3600);
    await v.verify(token);
    const [h, p, sig] = token.split('.');
    const tampered = `${h}.${p}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(v.verify(tampered)).rejects.toThrow(InvalidTokenError);
    const otherClaims = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), roles: ['registrar'] }),
    ).toString('base64url');
    await expect(v.verify(`${h}.${otherClaims}.${sig}`)).rejects.toThrow(InvalidTokenError);
  });

  it('never remembers a refusal, nor a token without exp', async () => {
    const v = verifier();
    const expired = tokens.signToken(claims, privateKey, ISSUER, -60);
    await expect(v.verify(expired)).rejects.toThrow(/expired/);
    await expect(v.verify(expired)).rejects.toThrow(/expired/);
    const forever = jwt.sign({ roles: claims.roles, institutionId: claims.institutionId }, privateKey, {
      algorithm: 'RS256',
      subject: claims.sub,
      issuer: ISSUER,
    });
    await v.verify(forever);
    await v.verify(forever);
    expect(spy).toHaveBeenCalledTimes(4);
  });

  it('keeps at most its capacity, dropping the least recently used', async () => {
    const v = verifier(2);
    const [a, b, c] = ['u-a', 'u-b', 'u-c'].map((sub) => tokens.signToken({ ...claims, sub }, privateKey, ISSUER, 3600));
    await v.verify(a);
    await v.verify(b);
    await v.verify(c); // a is dropped
    expect(spy).toHaveBeenCalledTimes(3);
    await v.verify(c);
    await v.verify(b);
    expect(spy).toHaveBeenCalledTimes(3);
    await v.verify(a);
    expect(spy).toHaveBeenCalledTimes(4);
  });

  it('refuses tokens of any other issuer, and garbage, before any signature check', async () => {
    const v = verifier();
    await expect(v.verify(tokens.signToken(claims, privateKey, 'someone-else', 3600))).rejects.toMatchObject({ reason: 'issuer' });
    await expect(v.verify('not.a.token')).rejects.toMatchObject({ reason: 'malformed' });
    expect(spy).not.toHaveBeenCalled();
  });
});
