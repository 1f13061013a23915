/**
 * The problem+json codes every service answers with whatever its domain, so that each service's
 * `domain/error-codes.ts` lists only its own and spreads these in (its list stays the one to read).
 */

/** Thrown at every service's HTTP edge (libs/http, libs/auth) in front of every route. */
export const EdgeErrorCodes = {
  /** 400: a field of the request (body, query, path, header, cursor) is invalid; `errors` names each */
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  /** 400: the request cannot be read */
  MALFORMED_REQUEST: 'MALFORMED_REQUEST',
  /** 400: the body is not JSON */
  MALFORMED_JSON: 'MALFORMED_JSON',
  /** 401: no valid bearer token */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** 403: the token has none of the roles the route needs */
  ROLE_NOT_ALLOWED: 'ROLE_NOT_ALLOWED',
  /** 404: no such route */
  NOT_FOUND: 'NOT_FOUND',
  /** 409: a request with this Idempotency-Key is being processed */
  IDEMPOTENCY_IN_PROGRESS: 'IDEMPOTENCY_IN_PROGRESS',
  /** 413: the body is too large */
  BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  /** 415: a body of a type the route does not take */
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  /** 422: this Idempotency-Key was used for a different request */
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  /** 429: too many changes from this caller (Retry-After) */
  RATE_LIMITED: 'RATE_LIMITED',
  /** 500: an unexpected failure */
  INTERNAL: 'INTERNAL',
  /** 503: the database is unreachable for a moment; nothing changed, retry */
  TEMPORARILY_UNAVAILABLE: 'TEMPORARILY_UNAVAILABLE',
  /** 503: the service is starting (waiting for its database, Kafka or object store); retry shortly */
  STARTING: 'STARTING',
} as const;

/** Of services whose aggregates change through a transition table under If-Match (libs/kernel, libs/http). */
export const VersionedErrorCodes = {
  /** 409: the action is not allowed from the aggregate's status */
  TRANSITION_NOT_ALLOWED: 'TRANSITION_NOT_ALLOWED',
  /** 409: If-Match names another version than the current one */
  STALE_VERSION: 'STALE_VERSION',
  /** 428: the change needs If-Match */
  IF_MATCH_REQUIRED: 'IF_MATCH_REQUIRED',
} as const;

/** Of services that take files: libs/storage's upload checks and its store. */
export const StorageErrorCodes = {
  /** 400: the uploaded file is empty */
  DOCUMENT_EMPTY: 'DOCUMENT_EMPTY',
  /** 413: the file is larger than the service takes */
  DOCUMENT_TOO_LARGE: 'DOCUMENT_TOO_LARGE',
  /** 415: the file's bytes are not of a type the service takes */
  DOCUMENT_TYPE_NOT_ALLOWED: 'DOCUMENT_TYPE_NOT_ALLOWED',
  /** 400: a malformed file, a polyglot or an image bomb */
  DOCUMENT_REFUSED: 'DOCUMENT_REFUSED',
  /** 400: X-Content-SHA256 is not a SHA-256 in hex */
  DOCUMENT_HASH_MALFORMED: 'DOCUMENT_HASH_MALFORMED',
  /** 400: the bytes' SHA-256 is not the one given */
  DOCUMENT_HASH_MISMATCH: 'DOCUMENT_HASH_MISMATCH',
  /** 404: a stored document's object is not in the object store */
  DOCUMENT_NOT_FOUND: 'DOCUMENT_NOT_FOUND',
  /** 503: the object store is unreachable for a moment; nothing changed, retry */
  STORAGE_UNAVAILABLE: 'STORAGE_UNAVAILABLE',
} as const;

/** Of services that keep the institution directory (libs/directory). */
export const DirectoryErrorCodes = {
  /** 422: an institution the service's directory does not know (yet) */
  PARTY_UNKNOWN: 'PARTY_UNKNOWN',
} as const;

/** Answered by the audit trail every aggregate-writing service serves (libs/platform, docs/api/audit.md). */
export const AuditErrorCodes = {
  /** 422: an export of more than 10,000 audit entries; narrow the filters */
  AUDIT_EXPORT_TOO_LARGE: 'AUDIT_EXPORT_TOO_LARGE',
} as const;
