import { assertNever } from '@yiyang/kernel';
import { DocumentErrors } from './errors';
import { sha256Hex, verifySha256 } from './hash';
import { fileNameFor } from './names';
import { MAX_DOCUMENT_BYTES } from './read-limited';
import { DocumentType, examineDocument } from './sniff';

export interface UploadCheckOptions {
  /** the name the client gave (a label only: never a path or a key) */
  fileName?: string | null;
  /** the SHA-256 the client says the file has (hex or base64): it must match */
  expectedSha256?: string | null;
  maxBytes?: number;
  maxPixels?: number;
}

export interface CheckedUpload {
  bytes: Buffer;
  /** from the bytes, never from the name or the Content-Type header */
  contentType: DocumentType;
  size: number;
  /** lower-case hex */
  sha256: string;
  /** safe to show and to offer in a Content-Disposition, with the extension of the real type */
  fileName: string;
  width?: number;
  height?: number;
}

/**
 * Everything an uploaded document must pass before it is stored: not empty, at most maxBytes (20 MB),
 * a PDF, JPEG or PNG by its bytes, not a polyglot, not an image bomb, the SHA-256 the client gave (if
 * any) its own. Refusals are DomainErrors (4xx) with stable codes: DOCUMENT_EMPTY, DOCUMENT_TOO_LARGE,
 * DOCUMENT_TYPE_NOT_ALLOWED, DOCUMENT_REFUSED, DOCUMENT_HASH_MALFORMED, DOCUMENT_HASH_MISMATCH.
 */
export function checkUpload(bytes: Buffer, options: UploadCheckOptions = {}): CheckedUpload {
  const maxBytes = options.maxBytes ?? MAX_DOCUMENT_BYTES;
  if (bytes.length === 0) throw DocumentErrors.empty();
  if (bytes.length > maxBytes) throw DocumentErrors.tooLarge(maxBytes);
  const examined = examineDocument(bytes, { maxPixels: options.maxPixels });
  if (!examined.ok) {
    switch (examined.reason) {
      case 'empty':
        throw DocumentErrors.empty();
      case 'unknown-type':
        throw DocumentErrors.typeNotAllowed(examined.detail);
      case 'malformed':
      case 'polyglot':
      case 'too-many-pixels':
        throw DocumentErrors.refused(examined.detail);
      default:
        return assertNever(examined.reason);
    }
  }
  const sha256 = sha256Hex(bytes);
  verifySha256(sha256, options.expectedSha256);
  return {
    bytes,
    contentType: examined.type,
    size: bytes.length,
    sha256,
    fileName: fileNameFor(options.fileName, examined.type),
    ...(examined.width !== undefined ? { width: examined.width, height: examined.height } : {}),
  };
}
