import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import * as tokens from './tokens';
import { TokenVerifier } from './token-verifier';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const ISSUER = 'yiyang-connect';
const claims = { sub: 'desk-1', roles: ['referral-desk' as const], institutionId: '3f1c2a9e-0b7d-4c1e-9a57-1d2e3f4a5b6c' };

describe('TokenVerifier', () => {
  let spy: jest.SpyInstance;
  let clockOffset = 0;
  const now = () => Date.now() + clockOffset;
  beforeEach(() => {
    clockOffset = 0;
    spy = jest.spyOn(tokens, 'verifyToken');
  });
  afterEach(() => spy.mockRestore());

  it('checks a token once and serves its principal from memory until it expires', () => {
    const verifier = new TokenVerifier(publicKey, ISSUER, 100, now);
    const token = tokens.signToken(claims, privateKey, ISSUER, 3600);
    expect(verifier.verify(token)).toEqual(claims);
    expect(verifier.verify(token)).toEqual(claims);
    expect(spy).toHaveBeenCalledTimes(1);
    clockOffset = 3601_000; // past exp: checked again (and the signature check itself decides)
    verifier.verify(token);
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('serves only the exact bytes it verified: a changed signature is checked, and refused', () => {
    const verifier = new TokenVerifier(publicKey, ISSUER, 100, now);
    const token = tokens.signToken(claims, privateKey, ISSUER, 3600);
    verifier.verify(token);
    const [h, p, sig] = token.split('.');
    const tampered = `${h}.${p}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(() => verifier.verify(tampered)).toThrow(tokens.InvalidTokenError);
    const otherClaims = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), roles: ['registrar'] })).toString('base64url');
    expect(() => verifier.verify(`${h}.${otherClaims}.${sig}`)).toThrow(tokens.InvalidTokenError);
  });

  it('never remembers a refusal, nor a token without exp', () => {
    const verifier = new TokenVerifier(publicKey, ISSUER, 100, now);
    const expired = tokens.signToken(claims, privateKey, ISSUER, -60);
    expect(() => verifier.verify(expired)).toThrow(/expired/);
    expect(() => verifier.verify(expired)).toThrow(/expired/);
    const forever = jwt.sign({ roles: claims.roles, institutionId: claims.institutionId }, privateKey, { algorithm: 'RS256', subject: claims.sub, issuer: ISSUER });
    verifier.verify(forever);
    verifier.verify(forever);
    expect(spy).toHaveBeenCalledTimes(4);
  });

  it('keeps at most its capacity, dropping the least recently used', () => {
    const verifier = new TokenVerifier(publicKey, ISSUER, 2, now);
    const [a, b, c] = ['u-a', 'u-b', 'u-c'].map((sub) => tokens.signToken({ ...claims, sub }, privateKey, ISSUER, 3600));
    verifier.verify(a);
    verifier.verify(b);
    verifier.verify(c); // a is dropped
    expect(spy).toHaveBeenCalledTimes(3);
    verifier.verify(c);
    verifier.verify(b);
    expect(spy).toHaveBeenCalledTimes(3);
    verifier.verify(a);
    expect(spy).toHaveBeenCalledTimes(4);
  });
});
