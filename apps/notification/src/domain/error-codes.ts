import { EdgeErrorCodes } from '@yiyang/kernel';

/**
 * Every error code the notification service answers with (docs/api/notification.md lists each with its
 * HTTP status and meaning): those the platform's HTTP edge (libs/http, libs/auth) answers with in front
 * of every route, then its own.
 */
export const ErrorCodes = {
  // VALIDATION_FAILED (400: a field of the body, query, `:id`, `Last-Event-ID` or a cursor) and ROLE_NOT_ALLOWED
  // (403: inboxes and streams belong to institution staff, regulators and registrars) are thrown here too
  ...EdgeErrorCodes,
  /** 404: a regulator asked for a division outside their jurisdiction */
  OUTSIDE_JURISDICTION: 'OUTSIDE_JURISDICTION',
  /** 404: no such subscription of the caller's */
  SUBSCRIPTION_NOT_FOUND: 'SUBSCRIPTION_NOT_FOUND',
  /** 404: no such notification in the caller's inbox */
  NOTIFICATION_NOT_FOUND: 'NOTIFICATION_NOT_FOUND',
  /** 404: no such finding in the regulator's jurisdiction */
  FINDING_NOT_FOUND: 'FINDING_NOT_FOUND',
  /** 404: no such delivery of this subscription */
  DELIVERY_NOT_FOUND: 'DELIVERY_NOT_FOUND',
  /** 409: only a dead (dead-lettered) delivery can be replayed; this one is pending or delivered */
  DELIVERY_NOT_DEAD: 'DELIVERY_NOT_DEAD',
  /** 422: an export (`GET /v1/compliance/findings.csv`) would hold more than 10,000 rows; narrow the filters */
  EXPORT_TOO_LARGE: 'EXPORT_TOO_LARGE',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
