import { AuditErrorCodes, DirectoryErrorCodes, EdgeErrorCodes, StorageErrorCodes, VersionedErrorCodes } from '@yiyang/kernel';

/**
 * Every code the referral service answers with (problem+json `code`), documented with its HTTP status
 * in docs/api/referral.md. The service's own throw sites take their code from here.
 */
export const ErrorCodes = {
  // shared with other services (libs/kernel, libs/http, libs/auth, libs/storage, libs/directory)
  ...EdgeErrorCodes,
  ...AuditErrorCodes,
  ...VersionedErrorCodes,
  ...StorageErrorCodes,
  ...DirectoryErrorCodes,
  // the referral's own rules
  REFERRAL_NOT_FOUND: 'REFERRAL_NOT_FOUND',
  REFERRAL_NOT_SENDER: 'REFERRAL_NOT_SENDER',
  REFERRAL_NOT_RECEIVER: 'REFERRAL_NOT_RECEIVER',
  AGREEMENT_REQUIRED: 'AGREEMENT_REQUIRED',
  SAME_INSTITUTION: 'SAME_INSTITUTION',
  DIRECTION_MISMATCH: 'DIRECTION_MISMATCH',
  PARTY_NOT_ACTIVE: 'PARTY_NOT_ACTIVE',
  INDICATION_DIRECTION_MISMATCH: 'INDICATION_DIRECTION_MISMATCH',
  /** 422: the receiving medical institution's practice licence has lapsed (issue 14 rule 4) */
  RECEIVER_LICENCE_LAPSED: 'RECEIVER_LICENCE_LAPSED',
  ARRIVAL_BEFORE_REQUEST: 'ARRIVAL_BEFORE_REQUEST',
  DISCHARGE_SUMMARY_REQUIRED: 'DISCHARGE_SUMMARY_REQUIRED',
  RETURN_ONLY_AFTER_UP: 'RETURN_ONLY_AFTER_UP',
  // lists: a regulator's `division` outside their jurisdiction (404, like an unknown resource)
  OUTSIDE_JURISDICTION: 'OUTSIDE_JURISDICTION',
  /** 422: `GET /v1/referrals.csv` would hold more than 10,000 referrals; narrow the filters */
  EXPORT_TOO_LARGE: 'EXPORT_TOO_LARGE',
  // attachments (the DOCUMENT_* refusals and STORAGE_UNAVAILABLE: StorageErrorCodes)
  REFERRAL_NOT_PARTY: 'REFERRAL_NOT_PARTY',
  ATTACHMENT_NOT_FOUND: 'ATTACHMENT_NOT_FOUND',
  FILE_NAME_MALFORMED: 'FILE_NAME_MALFORMED',
  // the deadline job's guards (never answered over HTTP: the job claims only due referrals)
  ALREADY_OVERDUE: 'ALREADY_OVERDUE',
  NOT_YET_OVERDUE: 'NOT_YET_OVERDUE',
  NOT_YET_EXPIRED: 'NOT_YET_EXPIRED',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
