import { DomainError, NotFoundError, StorageErrorCodes } from '@yiyang/kernel';

/**
 * The object store cannot be reached or is failing (connection refused or reset, a timeout, a 5xx
 * after the SDK's retries): nothing was stored, and the same request may succeed shortly. Not a
 * DomainError (that is always the client's doing): the HTTP edge answers it with 503 and Retry-After.
 */
export class StorageUnavailableError extends Error {
  readonly code = StorageErrorCodes.STORAGE_UNAVAILABLE;
  readonly transient = true;

  constructor(
    readonly operation: string,
    cause?: unknown,
    /** what the 503's Retry-After should say */
    readonly retryAfterSeconds = 5,
  ) {
    super(`the document store is not reachable right now (${operation}); nothing was changed, retry shortly`, { cause });
    this.name = 'StorageUnavailableError';
  }
}

/** True for a StorageUnavailableError, also across copies of this library (duck-typed on code and transient). */
export function isStorageUnavailable(err: unknown): err is StorageUnavailableError {
  const e = err as { code?: unknown; transient?: unknown } | null;
  return err instanceof StorageUnavailableError || (!!e && e.code === StorageErrorCodes.STORAGE_UNAVAILABLE && e.transient === true);
}

const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);
/** S3 error names that mean "later", whatever the status */
const TRANSIENT_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'SlowDown',
  'ServiceUnavailable',
  'InternalError',
  'ThrottlingException',
]);

/** A failure of the SDK or the network that may pass by itself: the store down, slow, restarting or overloaded. */
export function isTransientStorageError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; name?: unknown; errors?: unknown; cause?: unknown; $metadata?: { httpStatusCode?: number } };
  if (typeof e.code === 'string' && TRANSIENT_CODES.has(e.code)) return true;
  if (typeof e.name === 'string' && TRANSIENT_NAMES.has(e.name)) return true;
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === 'number' && status >= 500 && status !== 501) return true; // 501: an operation this store does not implement
  // Node's happy-eyeballs connect reports each address it tried in an AggregateError
  if (Array.isArray(e.errors) && e.errors.some(isTransientStorageError)) return true;
  if (e.cause !== undefined && e.cause !== err && isTransientStorageError(e.cause)) return true;
  // the SDK wraps what is not an Error of its own realm (e.g. under jest) as "AWS SDK error wrapper for Error: connect ECONNREFUSED…", losing the code
  const message = (err as { message?: unknown }).message;
  return (
    typeof message === 'string' &&
    /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|EAI_AGAIN)\b|socket hang up/.test(message)
  );
}

/**
 * A sentence naming the setting when the store refused the service for a reason waiting cannot cure
 * (a wrong key or secret, a clock too far off, a bucket someone else owns); otherwise null.
 */
export function storageSettingProblem(err: unknown, settings: { endpoint: string; accessKeyId: string }): string | null {
  const name = (err as { name?: unknown } | null)?.name;
  switch (name) {
    case 'InvalidAccessKeyId':
      return `the object store at ${settings.endpoint} does not know S3_ACCESS_KEY_ID "${settings.accessKeyId}"`;
    case 'SignatureDoesNotMatch':
      return `the object store at ${settings.endpoint} refused the signature: check S3_SECRET_ACCESS_KEY (and S3_REGION)`;
    case 'RequestTimeTooSkewed':
      return `the object store at ${settings.endpoint} says this machine's clock is off`;
    case 'BucketAlreadyExists':
      return `a bucket of that name belongs to someone else at ${settings.endpoint}: choose another S3_BUCKET_PREFIX`;
    case 'AccessDenied':
      return `the object store at ${settings.endpoint} denied S3_ACCESS_KEY_ID "${settings.accessKeyId}" (check its permissions)`;
    default:
      return null;
  }
}

/** The refusals of an upload: all the client's doing (4xx), each with a stable code. */
export const DocumentErrors = {
  empty: () => new DomainError(StorageErrorCodes.DOCUMENT_EMPTY, 'invalid', 'the uploaded file is empty'),
  tooLarge: (maxBytes: number) =>
    new DomainError(
      StorageErrorCodes.DOCUMENT_TOO_LARGE,
      'too-large',
      `the uploaded file is larger than ${formatBytes(maxBytes)}, the most accepted`,
    ),
  typeNotAllowed: (detail: string) =>
    new DomainError(
      StorageErrorCodes.DOCUMENT_TYPE_NOT_ALLOWED,
      'unsupported-type',
      `${detail}; only PDF, JPEG and PNG documents are accepted`,
    ),
  refused: (detail: string) => new DomainError(StorageErrorCodes.DOCUMENT_REFUSED, 'invalid', `the uploaded file was refused: ${detail}`),
  hashMalformed: () =>
    new DomainError(
      StorageErrorCodes.DOCUMENT_HASH_MALFORMED,
      'invalid',
      'the SHA-256 given for the file is neither 64 hexadecimal digits nor base64',
    ),
  hashMismatch: (expected: string, actual: string) =>
    new DomainError(
      StorageErrorCodes.DOCUMENT_HASH_MISMATCH,
      'invalid',
      `the file's SHA-256 is ${actual}, not ${expected} as given: it was changed or cut short on its way; nothing was stored`,
    ),
  notFound: () => new NotFoundError('the document', StorageErrorCodes.DOCUMENT_NOT_FOUND),
};

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}
