import { AuditErrorCodes, EdgeErrorCodes, VersionedErrorCodes } from '@yiyang/kernel';

/**
 * Every code the registry answers with (problem+json `code`): those it shares with other services, then
 * its own, grouped by the HTTP status they come with; docs/api/institution-registry.md says what each means.
 * Throw sites take their code from here.
 */
export const ErrorCodes = {
  // shared with other services (libs/kernel, libs/http, libs/auth)
  ...EdgeErrorCodes,
  ...AuditErrorCodes,
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
  // 413: a bulk import's file is larger than 5 MB
  IMPORT_TOO_LARGE: 'IMPORT_TOO_LARGE',
  // 422
  /** the medical practice licence registered or set lapsed before today (China time) */
  LICENCE_LAPSED: 'LICENCE_LAPSED',
  /** a bulk import's file is empty, or has a header and no rows */
  IMPORT_EMPTY: 'IMPORT_EMPTY',
  /** a bulk import's file has more than 5,000 rows */
  IMPORT_TOO_MANY_ROWS: 'IMPORT_TOO_MANY_ROWS',
  /** a bulk import's file is not text in UTF-8 or GB18030 (UTF-16, binary, undecodable) */
  IMPORT_ENCODING_UNSUPPORTED: 'IMPORT_ENCODING_UNSUPPORTED',
  /** a bulk import's file is not well-formed CSV (an unclosed or stray quote) */
  IMPORT_MALFORMED_CSV: 'IMPORT_MALFORMED_CSV',
  /** a bulk import's header names an unknown column, one twice, or lacks a required one */
  IMPORT_COLUMNS_INVALID: 'IMPORT_COLUMNS_INVALID',
  /** one or more rows of a bulk import are refused; `errors` lists each (row, column, code); nothing was registered */
  IMPORT_ROWS_INVALID: 'IMPORT_ROWS_INVALID',
  INSTITUTION_REVOKED: 'INSTITUTION_REVOKED',
  INSTITUTION_NOT_ACTIVE: 'INSTITUTION_NOT_ACTIVE',
  ACCOUNT_ROLE_MISMATCH: 'ACCOUNT_ROLE_MISMATCH',
  ACCOUNT_IS_YOURS: 'ACCOUNT_IS_YOURS',
  // 503: account management not configured, or the identity provider does not answer
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/**
 * The `code` of each bad row of a bulk import (the `errors` of IMPORT_ROWS_INVALID), one per row and column;
 * docs/api/institution-registry.md lists them.
 */
export const ImportRowCodes = {
  /** a required value is empty */
  REQUIRED: 'REQUIRED',
  /** a value of the wrong form (not a number, a date, a known code, too long…) */
  INVALID_VALUE: 'INVALID_VALUE',
  /** the USCC's length, alphabet or GB 32100-2015 check character is wrong */
  USCC_INVALID: 'USCC_INVALID',
  /** not a GB/T 2260 division code */
  DIVISION_UNKNOWN: 'DIVISION_UNKNOWN',
  /** the kind does not belong to the category, or a hospital grade for a non-hospital */
  KIND_MISMATCH: 'KIND_MISMATCH',
  /** the coordinates are outside China (swapped?) */
  LOCATION_OUTSIDE_CHINA: 'LOCATION_OUTSIDE_CHINA',
  /** a licence or filing the category needs is missing, or its dates are inconsistent */
  CREDENTIAL_INVALID: 'CREDENTIAL_INVALID',
  /** the medical practice licence lapsed before today (China time) */
  LICENCE_LAPSED: 'LICENCE_LAPSED',
  /** the same USCC on an earlier row of the file */
  DUPLICATE_USCC_IN_FILE: 'DUPLICATE_USCC_IN_FILE',
  /** an institution with this USCC is already registered */
  DUPLICATE_USCC: 'DUPLICATE_USCC',
  /** a cell starting with =, +, -, @ or a tab/carriage return (a spreadsheet formula): refused, never stored */
  FORMULA_REFUSED: 'FORMULA_REFUSED',
  /** the row has values beyond the columns the header names (missing or extra empty trailing cells are fine) */
  WRONG_CELL_COUNT: 'WRONG_CELL_COUNT',
} as const;

export type ImportRowCode = (typeof ImportRowCodes)[keyof typeof ImportRowCodes];
