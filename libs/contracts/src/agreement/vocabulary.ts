/** The contract service's vocabulary (SPEC §4.2), shared with its consumers. */
export const AGREEMENT_MODES = ['PRIMARY_CARE', 'MULTI_LEVEL', 'EMBEDDED', 'ENTRUSTED'] as const;
export type AgreementMode = (typeof AGREEMENT_MODES)[number];

export const AGREEMENT_SERVICES = [
  'HEALTH_MANAGEMENT',
  'REGULAR_VISITS',
  'CHRONIC_DISEASE',
  'EMERGENCY_GREEN_CHANNEL',
  'TWO_WAY_REFERRAL',
  'REHABILITATION',
  'NURSING',
  'HOSPICE',
  'TCM',
  'FAMILY_DOCTOR',
  'TELEMEDICINE',
  'STAFF_TRAINING',
  'INFECTION_CONTROL',
] as const;
export type AgreementServiceCode = (typeof AGREEMENT_SERVICES)[number];

/** Services whose frequency the agreement must state (e.g. weekly rounds). */
export const SERVICES_WITH_FREQUENCY: readonly AgreementServiceCode[] = ['REGULAR_VISITS', 'HEALTH_MANAGEMENT', 'FAMILY_DOCTOR'];
export const FREQUENCIES = ['DAILY', 'TWICE_WEEKLY', 'WEEKLY', 'BIWEEKLY', 'MONTHLY', 'QUARTERLY', 'ON_DEMAND'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const FEE_UNITS = ['PER_VISIT', 'PER_MONTH', 'PER_YEAR', 'PER_RESIDENT_PER_MONTH', 'PER_SERVICE', 'LUMP_SUM'] as const;
export const FEE_PAYERS = ['ELDERLY_PARTY', 'MEDICAL_PARTY', 'RESIDENT', 'INSURANCE'] as const;

export const AGREEMENT_STATUSES = ['DRAFT', 'SUBMITTED', 'SIGNED', 'ACTIVE', 'REJECTED', 'WITHDRAWN', 'TERMINATED', 'EXPIRED'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];
