import { Readable } from 'node:stream';
import { DomainError } from '@yiyang/kernel';
import { jpeg, pdf, png } from '../test/documents';
import { StorageUnavailableError, isStorageUnavailable, isTransientStorageError } from './errors';
import { normaliseSha256, sha256Hex } from './hash';
import { readLimited } from './read-limited';
import { checkUpload } from './upload';

const refusal = (run: () => unknown): { code: string; kind: string } => {
  try {
    run();
  } catch (err) {
    if (err instanceof DomainError) return { code: err.code, kind: err.kind };
    throw err;
  }
  throw new Error('expected a refusal');
};

describe('checkUpload', () => {
  it('takes the type from the bytes, computes the SHA-256 and makes the name safe', () => {
    const bytes = png(800, 600);
    const checked = checkUpload(bytes, { fileName: '../../转诊附件.exe' });
    expect(checked).toMatchObject({
      contentType: 'image/png',
      size: bytes.length,
      sha256: sha256Hex(bytes),
      fileName: '转诊附件.exe.png',
      width: 800,
      height: 600,
    });
    expect(checkUpload(pdf(), { fileName: 'agreement.png' }).contentType).toBe('application/pdf');
  });

  it('accepts the hash the client gave, as hex or base64, and refuses one that does not match', () => {
    const bytes = jpeg();
    const hex = sha256Hex(bytes);
    expect(checkUpload(bytes, { expectedSha256: hex.toUpperCase() }).sha256).toBe(hex);
    expect(checkUpload(bytes, { expectedSha256: Buffer.from(hex, 'hex').toString('base64') }).sha256).toBe(hex);
    expect(refusal(() => checkUpload(bytes, { expectedSha256: sha256Hex(Buffer.from('other')) }))).toEqual({
      code: 'DOCUMENT_HASH_MISMATCH',
      kind: 'invalid',
    });
    expect(refusal(() => checkUpload(bytes, { expectedSha256: 'abc' }))).toEqual({ code: 'DOCUMENT_HASH_MALFORMED', kind: 'invalid' });
  });

  it('refuses empty, oversized, other types, polyglots and image bombs with 4xx codes', () => {
    expect(refusal(() => checkUpload(Buffer.alloc(0)))).toEqual({ code: 'DOCUMENT_EMPTY', kind: 'invalid' });
    expect(refusal(() => checkUpload(pdf(), { maxBytes: 10 }))).toEqual({ code: 'DOCUMENT_TOO_LARGE', kind: 'too-large' });
    expect(refusal(() => checkUpload(Buffer.from('<html></html>')))).toEqual({
      code: 'DOCUMENT_TYPE_NOT_ALLOWED',
      kind: 'unsupported-type',
    });
    expect(refusal(() => checkUpload(png(2, 2, { text: '%PDF-1.7' })))).toEqual({ code: 'DOCUMENT_REFUSED', kind: 'invalid' });
    expect(refusal(() => checkUpload(png(20_000, 20_000)))).toEqual({ code: 'DOCUMENT_REFUSED', kind: 'invalid' });
  });
});

describe('normaliseSha256', () => {
  it('reads hex and base64 (also base64url) into lower-case hex', () => {
    const hex = sha256Hex(Buffer.from('x'));
    const raw = Buffer.from(hex, 'hex');
    expect(normaliseSha256(hex.toUpperCase())).toBe(hex);
    expect(normaliseSha256(raw.toString('base64'))).toBe(hex);
    expect(normaliseSha256(raw.toString('base64url'))).toBe(hex);
  });
});

describe('readLimited', () => {
  it('reads a stream up to the limit', async () => {
    const bytes = await readLimited(Readable.from([Buffer.alloc(10, 1), Buffer.alloc(10, 2)]), 20);
    expect(bytes.length).toBe(20);
  });

  it('refuses more than the limit without reading the rest, and destroys the stream', async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 1024;
        this.push(Buffer.alloc(1024));
      },
    });
    await expect(readLimited(endless, 10 * 1024)).rejects.toMatchObject({ code: 'DOCUMENT_TOO_LARGE', kind: 'too-large' });
    expect(produced).toBeLessThan(64 * 1024);
    expect(endless.destroyed).toBe(true);
  });
});

describe('transient storage errors', () => {
  it('are the network failing, timeouts and 5xx, not the client’s mistakes', () => {
    expect(isTransientStorageError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransientStorageError(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]))).toBe(true);
    expect(isTransientStorageError(Object.assign(new Error('slow'), { name: 'TimeoutError' }))).toBe(true);
    expect(isTransientStorageError(Object.assign(new Error('x'), { name: 'InternalError', $metadata: { httpStatusCode: 500 } }))).toBe(
      true,
    );
    expect(isTransientStorageError(Object.assign(new Error('x'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }))).toBe(
      false,
    );
    expect(isTransientStorageError(Object.assign(new Error('x'), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } }))).toBe(false);
  });

  it('become StorageUnavailableError: transient, STORAGE_UNAVAILABLE, with a Retry-After', () => {
    const err = new StorageUnavailableError('put', new Error('down'));
    expect(err).toMatchObject({ code: 'STORAGE_UNAVAILABLE', transient: true, retryAfterSeconds: 5 });
    expect(isStorageUnavailable(err)).toBe(true);
    expect(isStorageUnavailable({ code: 'STORAGE_UNAVAILABLE', transient: true })).toBe(true);
    expect(isStorageUnavailable(new Error('STORAGE_UNAVAILABLE'))).toBe(false);
  });
});
