import { createHmac, hkdfSync } from 'node:crypto';

/** Fixed HKDF salt: versions the derivation, so a later scheme can live beside this one. */
const SALT = Buffer.from('yiyang-blind-index-v1', 'utf8');

/** One value's index under one key: what a row stores (`index`, and the `keyId` it was computed under). */
export interface BlindIndexValue {
  keyId: string;
  /** HMAC-SHA256, lower-case hex (64 characters) */
  index: string;
}

/**
 * A keyed blind index (HMAC-SHA256) of a value that is kept sealed, so that rows can be found by the
 * exact value without storing it in clear (ADR 0005). The HMAC keys are derived with HKDF-SHA256 from
 * the data keys of a key ring, one per data key and per `purpose` (never the encryption key itself),
 * so they rotate with the data keys: new rows are indexed under the current key, and a search computes
 * the value's index under every key of the ring, so rows indexed under an older key stay findable.
 */
export class BlindIndex {
  private readonly keys = new Map<string, Buffer>();

  constructor(
    dataKeys: ReadonlyMap<string, Buffer>,
    readonly currentKeyId: string,
    purpose: string,
    private readonly normalise: (value: string) => string = (v) => v,
  ) {
    if (!dataKeys.has(currentKeyId)) throw new Error(`the current data key "${currentKeyId}" is not among the configured keys`);
    if (!purpose) throw new Error('a blind index needs a purpose (it separates the keys of different indexes)');
    for (const [id, key] of dataKeys) this.keys.set(id, Buffer.from(hkdfSync('sha256', key, SALT, `blind-index:${purpose}`, 32)));
  }

  /** The value's index under the current key: what a row written now stores. */
  of(value: string): BlindIndexValue {
    return this.under(this.currentKeyId, value);
  }

  /** The value's index under a given key of the ring. */
  under(keyId: string, value: string): BlindIndexValue {
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`data key "${keyId}" is not configured (needed for its blind index)`);
    return { keyId, index: createHmac('sha256', key).update(this.normalise(value), 'utf8').digest('hex') };
  }

  /** The value's index under every key of the ring: what a search looks for. */
  candidates(value: string): BlindIndexValue[] {
    return [...this.keys.keys()].map((keyId) => this.under(keyId, value));
  }
}

/** A resident ID number as it is indexed: trimmed, the check character X in upper case. */
export const normaliseResidentId = (idNumber: string): string => idNumber.trim().toUpperCase();
