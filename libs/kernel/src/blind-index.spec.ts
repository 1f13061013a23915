import { createHmac, randomBytes } from 'node:crypto';
import { BlindIndex, normaliseResidentId } from './blind-index';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const ID = '35010219410502123X';

describe('BlindIndex (HMAC-SHA256 under HKDF-derived keys)', () => {
  it('gives the same 64-hex index for the same value and key, and shows nothing of the value', () => {
    const index = new BlindIndex(new Map([['k1', k1]]), 'k1', 'resident');
    const a = index.of(ID);
    expect(a).toEqual({ keyId: 'k1', index: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(index.of(ID)).toEqual(a);
    expect(a.index).not.toContain('350102');
    expect(index.of('350102194105021231').index).not.toBe(a.index);
  });

  it('never uses the data key itself as the HMAC key', () => {
    const index = new BlindIndex(new Map([['k1', k1]]), 'k1', 'resident');
    expect(index.of(ID).index).not.toBe(createHmac('sha256', k1).update(ID).digest('hex'));
  });

  it('separates purposes: the same value under the same data key indexes differently', () => {
    const ring = new Map([['k1', k1]]);
    expect(new BlindIndex(ring, 'k1', 'resident').of(ID).index).not.toBe(new BlindIndex(ring, 'k1', 'phone').of(ID).index);
  });

  it('normalises before indexing: a lower-case x finds the upper-case one', () => {
    const index = new BlindIndex(new Map([['k1', k1]]), 'k1', 'resident', normaliseResidentId);
    expect(index.of(' 35010219410502123x ').index).toBe(index.of(ID).index);
  });

  it('after rotation indexes new rows under the new key and still finds rows indexed under the old one', () => {
    const old = new BlindIndex(new Map([['k1', k1]]), 'k1', 'resident').of(ID);
    const rotated = new BlindIndex(
      new Map([
        ['k1', k1],
        ['k2', k2],
      ]),
      'k2',
      'resident',
    );
    expect(rotated.of(ID).keyId).toBe('k2');
    expect(rotated.of(ID).index).not.toBe(old.index);
    expect(rotated.candidates(ID)).toContainEqual(old);
    expect(rotated.candidates(ID).map((c) => c.keyId)).toEqual(['k1', 'k2']);
  });

  it('refuses a current key outside the ring, an unknown key and an empty purpose', () => {
    expect(() => new BlindIndex(new Map([['k1', k1]]), 'k9', 'resident')).toThrow(/k9/);
    expect(() => new BlindIndex(new Map([['k1', k1]]), 'k1', '')).toThrow(/purpose/);
    expect(() => new BlindIndex(new Map([['k1', k1]]), 'k1', 'resident').under('k2', ID)).toThrow(/k2/);
  });
});
