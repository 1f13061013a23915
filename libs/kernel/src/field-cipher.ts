import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for fields kept encrypted at rest. Each sealed value records the id of the key that
 * sealed it, so keys rotate: new values use the current key, old ones open with theirs. The
 * associated data (e.g. the row id) binds a value to its row: moved elsewhere, it no longer opens.
 */
export class FieldCipher {
  constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    readonly currentKeyId: string,
  ) {
    if (!keys.has(currentKeyId)) throw new Error(`the current data key "${currentKeyId}" is not among the configured keys`);
    for (const [id, key] of keys) if (key.length !== 32) throw new Error(`data key "${id}" must be 32 bytes (AES-256), not ${key.length}`);
  }

  /** `<iv 12><tag 16><ciphertext>` in base64, sealed with the current key. */
  seal(plaintext: string, associated: string): { keyId: string; sealed: string } {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(associated, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { keyId: this.currentKeyId, sealed: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64') };
  }

  open(keyId: string, sealed: string, associated: string): string {
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`data key "${keyId}" is not configured (needed to read data sealed with it)`);
    const raw = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(associated, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}

/** Parses a key ring `id1:<base64 of 32 bytes>,id2:…` (the form configuration gives it). */
export function parseKeyRing(text: string): Map<string, Buffer> {
  const ring = new Map<string, Buffer>();
  for (const entry of text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const m = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/=]+)$/.exec(entry);
    if (!m) throw new Error('a data key entry must look like <id>:<base64 of 32 bytes>');
    ring.set(m[1], Buffer.from(m[2], 'base64'));
  }
  if (ring.size === 0) throw new Error('the data key ring is empty');
  return ring;
}
