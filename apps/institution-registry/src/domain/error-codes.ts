import { EdgeErrorCodes, VersionedErrorCodes } from '@yiyang/kernel';

/**
 * Every code the registry answers with (problem+json `code`): those it shares with other services, then
 * its own, grouped by the HTTP status they come with; docs/api/institution-registry.md says what each means.
 * Throw sites take their code from here.
 */
export const ErrorCodes = {
  // shared with other services (libs/kernel, libs/http, libs/auth)
  ...EdgeErrorCodes,
  ...VersionedErrorCodes,
  // 400
  ACCOUNT_REFUSED: 'ACCOUNT_REFUSED',
  // 403
  FORBIDDEN: 'FORBIDDEN',
  ACCOUNTS_NOT_ALLOWED: 'ACCOUNTS_NOT_ALLOWED',
  ACCOUNT_ROLE_NOT_ALLOWED: 'ACCOUNT_ROLE_NOT_ALLOWED',
  // 404
  INSTITUTION_NOT_FOUND: 'INSTITUTION_NOT_FOUND',
  // 409
  DUPLICATE_USCC: 'DUPLICATE_USCC',
  LICENCE_NOT_EXPIRED: 'LICENCE_NOT_EXPIRED',
  USERNAME_TAKEN: 'USERNAME_TAKEN',
  // 422
  INSTITUTION_REVOKED: 'INSTITUTION_REVOKED',
  INSTITUTION_NOT_ACTIVE: 'INSTITUTION_NOT_ACTIVE',
  ACCOUNT_ROLE_MISMATCH: 'ACCOUNT_ROLE_MISMATCH',
  ACCOUNT_IS_YOURS: 'ACCOUNT_IS_YOURS',
  // 503: account management not configured, or the identity provider does not answer
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
