import { InstitutionKind } from '../institution/vocabulary';

/**
 * The contract service's vocabulary (SPEC §4.2), shared with its consumers. CONTINUING_CARE (接续服务合作,
 * ADR 0013) is a cooperation between a hospital and a continuing-care medical institution (rehabilitation
 * hospital, nursing hospital 护理院, hospice) that a hospital sends recovering patients down to: its
 * `elderlyParty` (the wire name kept) is the care-side party, a medical institution.
 */
export const AGREEMENT_MODES = ['PRIMARY_CARE', 'MULTI_LEVEL', 'EMBEDDED', 'ENTRUSTED', 'CONTINUING_CARE'] as const;
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
/**
 * CONTINUING_CARE: the kinds of the care-side party (接续性医疗机构, 国卫老龄发〔2019〕60号), MEDICAL or
 * COMBINED, and of its hospital (the `medicalParty`), MEDICAL or COMBINED.
 */
export const CONTINUING_CARE_PROVIDER_KINDS: readonly InstitutionKind[] = ['REHABILITATION_HOSPITAL', 'NURSING_HOSPITAL', 'HOSPICE'];
export const CONTINUING_CARE_HOSPITAL_KINDS: readonly InstitutionKind[] = ['GENERAL_HOSPITAL', 'TCM_HOSPITAL', 'SPECIALTY_HOSPITAL'];
/** CONTINUING_CARE: the services the care side offers, at least one of which it must name (with TWO_WAY_REFERRAL). */
export const CONTINUING_CARE_SERVICES: readonly AgreementServiceCode[] = ['REHABILITATION', 'NURSING', 'HOSPICE'];

export const FREQUENCIES = ['DAILY', 'TWICE_WEEKLY', 'WEEKLY', 'BIWEEKLY', 'MONTHLY', 'QUARTERLY', 'ON_DEMAND'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const FEE_UNITS = ['PER_VISIT', 'PER_MONTH', 'PER_YEAR', 'PER_RESIDENT_PER_MONTH', 'PER_SERVICE', 'LUMP_SUM'] as const;
export const FEE_PAYERS = ['ELDERLY_PARTY', 'MEDICAL_PARTY', 'RESIDENT', 'INSURANCE'] as const;

export const AGREEMENT_STATUSES = ['DRAFT', 'SUBMITTED', 'SIGNED', 'ACTIVE', 'REJECTED', 'WITHDRAWN', 'TERMINATED', 'EXPIRED'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];
