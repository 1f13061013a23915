/** The referral service's vocabulary (SPEC §4.3), shared with its consumers. */
export const REFERRAL_DIRECTIONS = ['UP', 'DOWN'] as const;
export type ReferralDirection = (typeof REFERRAL_DIRECTIONS)[number];

export const REFERRAL_PRIORITIES = ['EMERGENCY', 'URGENT', 'ROUTINE'] as const;
export type ReferralPriority = (typeof REFERRAL_PRIORITIES)[number];

export const REFERRAL_STATUSES = [
  'REQUESTED',
  'RECEIVED',
  'ACCEPTED',
  'REJECTED',
  'RETURNED_WITH_ADVICE',
  'CANCELLED',
  'ARRIVED',
  'COMPLETED',
  'EXPIRED',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** Reasons for sending a resident up to hospital (acute or worsening conditions). */
export const UP_INDICATIONS = [
  'ACUTE_EXACERBATION',
  'SUSPECTED_STROKE',
  'CHEST_PAIN',
  'FALL_OR_FRACTURE',
  'INFECTION_OR_FEVER',
  'NEEDS_DIAGNOSTICS',
] as const;
/** Reasons for sending a patient down (stable or recovering). */
export const DOWN_INDICATIONS = ['STABLE_POST_ACUTE', 'REHABILITATION', 'LONG_TERM_NURSING', 'PALLIATIVE_CARE'] as const;
export const INDICATIONS = [...UP_INDICATIONS, ...DOWN_INDICATIONS] as const;
export type Indication = (typeof INDICATIONS)[number];

export const REJECTION_REASONS = [
  'CAPACITY_FULL',
  'OUT_OF_SCOPE',
  'INCOMPLETE_INFORMATION',
  'PATIENT_UNSTABLE_FOR_TRANSFER',
  'WRONG_DESTINATION',
  'OTHER',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export const SEXES = ['M', 'F'] as const;
export type Sex = (typeof SEXES)[number];
export const INSURANCE_TYPES = [
  'URBAN_EMPLOYEE',
  'URBAN_RURAL_RESIDENT',
  'NEW_RURAL_COOPERATIVE',
  'COMMERCIAL',
  'SELF_PAY',
  'OTHER',
] as const;
export type InsuranceType = (typeof INSURANCE_TYPES)[number];

/** The resident's vital signs as the sender records them, each optional (a referral's clinical text, and its printed form). */
export interface Vitals {
  bpSystolic?: number;
  bpDiastolic?: number;
  heartRate?: number;
  respiratoryRate?: number;
  temperature?: number;
  spo2?: number;
  // ALERT, VOICE, PAIN or UNRESPONSIVE (AVPU); another value is printed as it is
  consciousness?: string;
}

/** What a referral is refused for before it exists (published so the refusal is never silent). */
export const REFERRAL_REFUSALS = ['NO_AGREEMENT'] as const;
