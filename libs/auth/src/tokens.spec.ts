import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { InvalidTokenError } from './errors';
import { signToken, verifyToken } from './tokens';

const pair = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
const { publicKey, privateKey } = pair();
const ISSUER = 'yiyang-connect';

describe('bearer tokens', () => {
  it('reads the claims of a valid RS256 token', () => {
    const token = signToken({ sub: 'u1', roles: ['elderly-admin'], institutionId: 'inst-1' }, privateKey, ISSUER);
    expect(verifyToken(token, publicKey, ISSUER)).toEqual({ sub: 'u1', roles: ['elderly-admin'], institutionId: 'inst-1' });
  });

  it('refuses an expired token', () => {
    const token = signToken({ sub: 'u1', roles: ['registrar'] }, privateKey, ISSUER, -60);
    expect(() => verifyToken(token, publicKey, ISSUER)).toThrow(/expired/);
  });

  it('refuses alg none', () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'u1', roles: ['registrar'], iss: ISSUER })).toString('base64url');
    expect(() => verifyToken(`${header}.${body}.`, publicKey, ISSUER)).toThrow(InvalidTokenError);
  });

  it('refuses an HS256 token signed with the public key as secret', () => {
    const forged = jwt.sign({ roles: ['registrar'] }, Buffer.from(publicKey), { algorithm: 'HS256', subject: 'u1', issuer: ISSUER });
    expect(() => verifyToken(forged, publicKey, ISSUER)).toThrow(InvalidTokenError);
  });

  it('refuses a token signed by another key', () => {
    const token = signToken({ sub: 'u1', roles: ['registrar'] }, pair().privateKey, ISSUER);
    expect(() => verifyToken(token, publicKey, ISSUER)).toThrow(/signature/);
  });

  it('reads the display name, and a clock skew within the tolerance is forgiven', () => {
    const token = signToken({ sub: 'u1', roles: ['registrar'], name: '王登记' }, privateKey, ISSUER, 60);
    expect(verifyToken(token, publicKey, ISSUER)).toEqual({ sub: 'u1', roles: ['registrar'], name: '王登记' });
    const later = () => Date.now() + 80_000;
    expect(verifyToken(token, publicKey, ISSUER, { now: later, clockToleranceSeconds: 30 }).sub).toBe('u1');
    expect(() => verifyToken(token, publicKey, ISSUER, { now: later, clockToleranceSeconds: 10 })).toThrow(
      expect.objectContaining({ reason: 'expired' }),
    );
  });

  it('refuses unknown roles, staff without an institution, and regulators without a division', () => {
    const sign = (claims: object) => jwt.sign(claims, privateKey, { algorithm: 'RS256', subject: 'u1', issuer: ISSUER });
    expect(() => verifyToken(sign({ roles: ['admin'] }), publicKey, ISSUER)).toThrow(/roles/);
    expect(() => verifyToken(sign({ roles: ['referral-desk'] }), publicKey, ISSUER)).toThrow(/institutionId/);
    expect(() => verifyToken(sign({ roles: ['regulator'] }), publicKey, ISSUER)).toThrow(/division/);
    expect(() => verifyToken(sign({ roles: ['regulator'], division: '3' }), publicKey, ISSUER)).toThrow(/division/);
  });
});
