import { createHash } from 'node:crypto';
import { DocumentErrors } from './errors';

/** SHA-256 of the bytes, as 64 lower-case hexadecimal digits. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A SHA-256 given by a client as hex (any case) or base64 (as in S3's x-amz-checksum-sha256), as
 * lower-case hex; refused (DOCUMENT_HASH_MALFORMED) when it is neither.
 */
export function normaliseSha256(given: string): string {
  const text = given.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return text.toLowerCase();
  if (/^[A-Za-z0-9+/]{43}=$/.test(text) || /^[A-Za-z0-9_-]{43}$/.test(text)) {
    const bytes = Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64');
    if (bytes.length === 32) return bytes.toString('hex');
  }
  throw DocumentErrors.hashMalformed();
}

/** Refuses (DOCUMENT_HASH_MISMATCH) when a hash was given and is not the bytes' own. */
export function verifySha256(actualHex: string, expected: string | undefined | null): void {
  if (expected === undefined || expected === null || expected === '') return;
  const wanted = normaliseSha256(expected);
  if (wanted !== actualHex) throw DocumentErrors.hashMismatch(wanted, actualHex);
}
