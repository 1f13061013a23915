import { randomBytes } from 'node:crypto';
import { FieldCipher, parseKeyRing } from './field-cipher';

const k1 = randomBytes(32);
const k2 = randomBytes(32);

describe('FieldCipher (AES-256-GCM at rest)', () => {
  it('seals with the current key and opens what it sealed; the ciphertext shows nothing of the text', () => {
    const cipher = new FieldCipher(new Map([['k1', k1]]), 'k1');
    const { keyId, sealed } = cipher.seal('张三 350102194105021234', 'row-1');
    expect(keyId).toBe('k1');
    expect(Buffer.from(sealed, 'base64').toString('utf8')).not.toContain('张三');
    expect(cipher.open(keyId, sealed, 'row-1')).toBe('张三 350102194105021234');
  });
  it('gives a different ciphertext each time (random IV)', () => {
    const cipher = new FieldCipher(new Map([['k1', k1]]), 'k1');
    expect(cipher.seal('x', 'a').sealed).not.toBe(cipher.seal('x', 'a').sealed);
  });
  it('opens old values after rotation and seals new ones with the new key', () => {
    const old = new FieldCipher(new Map([['k1', k1]]), 'k1').seal('旧', 'r');
    const rotated = new FieldCipher(
      new Map([
        ['k1', k1],
        ['k2', k2],
      ]),
      'k2',
    );
    expect(rotated.open(old.keyId, old.sealed, 'r')).toBe('旧');
    expect(rotated.seal('新', 'r').keyId).toBe('k2');
  });
  it('refuses a value moved to another row or tampered with', () => {
    const cipher = new FieldCipher(new Map([['k1', k1]]), 'k1');
    const { sealed } = cipher.seal('x', 'row-1');
    expect(() => cipher.open('k1', sealed, 'row-2')).toThrow();
    const bytes = Buffer.from(sealed, 'base64');
    bytes[bytes.length - 1] ^= 1;
    expect(() => cipher.open('k1', bytes.toString('base64'), 'row-1')).toThrow();
  });
  it('refuses a key of the wrong size, a missing current key, and a malformed ring', () => {
    expect(() => new FieldCipher(new Map([['k1', randomBytes(16)]]), 'k1')).toThrow(/32 bytes/);
    expect(() => new FieldCipher(new Map([['k1', k1]]), 'k9')).toThrow(/not among/);
    expect(() => parseKeyRing('nonsense')).toThrow();
    expect(parseKeyRing(`a:${k1.toString('base64')}, b:${k2.toString('base64')}`).size).toBe(2);
  });
});
