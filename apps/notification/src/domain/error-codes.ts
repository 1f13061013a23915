/**
 * Every error code the notification service answers with (docs/api/notification.md lists each with its
 * HTTP status and meaning). The first group is thrown here; the second by the platform's HTTP edge
 * (libs/http, libs/auth) in front of every route.
 */
export const ErrorCodes = {
  /** 400: a field of the request (body, query, `:id`, `Last-Event-ID`, a cursor) is invalid; `errors` names each */
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  /** 403: the token has none of the roles the route needs; inboxes and streams belong to institution staff and regulators */
  ROLE_NOT_ALLOWED: 'ROLE_NOT_ALLOWED',
  /** 404: a regulator asked for a division outside their jurisdiction */
  OUTSIDE_JURISDICTION: 'OUTSIDE_JURISDICTION',
  /** 404: no such subscription of the caller's */
  SUBSCRIPTION_NOT_FOUND: 'SUBSCRIPTION_NOT_FOUND',
  /** 404: no such notification in the caller's inbox */
  NOTIFICATION_NOT_FOUND: 'NOTIFICATION_NOT_FOUND',
  /** 404: no such finding in the regulator's jurisdiction */
  FINDING_NOT_FOUND: 'FINDING_NOT_FOUND',

  /** 400: the body is not JSON */
  MALFORMED_JSON: 'MALFORMED_JSON',
  /** 400: the request cannot be read */
  MALFORMED_REQUEST: 'MALFORMED_REQUEST',
  /** 401: no valid bearer token */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** 404: no such route */
  NOT_FOUND: 'NOT_FOUND',
  /** 409: a request with this Idempotency-Key is being processed */
  IDEMPOTENCY_IN_PROGRESS: 'IDEMPOTENCY_IN_PROGRESS',
  /** 413: the body is too large */
  BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  /** 415: a body that is not application/json */
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  /** 422: this Idempotency-Key was used for a different request */
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  /** 429: too many changes from this caller (Retry-After) */
  RATE_LIMITED: 'RATE_LIMITED',
  /** 500: an unexpected failure */
  INTERNAL: 'INTERNAL',
  /** 503: the database is unreachable for a moment; nothing changed, retry */
  TEMPORARILY_UNAVAILABLE: 'TEMPORARILY_UNAVAILABLE',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
