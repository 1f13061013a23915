import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devPrivateKeyPath, generateDevKeyPair, loadDevPrivateKey, loadPublicKey } from './keys';

describe('development key pair', () => {
  it('is generated on first use, private key readable by its owner only', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'keys-')), 'pub.pem');
    const pub = loadPublicKey(file, true);
    expect(pub).toMatch(/BEGIN PUBLIC KEY/);
    expect(loadDevPrivateKey(file)).toMatch(/BEGIN PRIVATE KEY/);
    expect(loadPublicKey(file, true)).toBe(pub);
  });

  it('refuses to invent keys when development keys are off', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'keys-')), 'pub.pem');
    expect(() => loadPublicKey(file, false)).toThrow(/does not exist/);
  });

  it('uses the pair another process is writing instead of failing', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'keys-')), 'pub.pem');
    writeFileSync(devPrivateKeyPath(file), 'theirs');
    // the other writer has finished its public key by the time we look
    writeFileSync(file, 'their public key');
    expect(() => generateDevKeyPair(file)).not.toThrow();
    expect(readFileSync(file, 'utf8')).toBe('their public key');
  });
});
