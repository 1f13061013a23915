/** The registry's vocabulary (SPEC §4.1), shared by the registry's domain and every consumer. */
export const INSTITUTION_CATEGORIES = ['MEDICAL', 'ELDERLY_CARE', 'COMBINED'] as const;
export type InstitutionCategory = (typeof INSTITUTION_CATEGORIES)[number];

export const MEDICAL_KINDS = [
  'GENERAL_HOSPITAL',
  'TCM_HOSPITAL',
  'SPECIALTY_HOSPITAL',
  'REHABILITATION_HOSPITAL',
  'NURSING_HOSPITAL',
  'HOSPICE',
  'COMMUNITY_HEALTH_CENTER',
  'TOWNSHIP_HEALTH_CENTER',
  'VILLAGE_CLINIC',
] as const;
export const ELDERLY_CARE_KINDS = ['NURSING_HOME', 'WELFARE_HOME', 'RURAL_HAPPINESS_HOME'] as const;
export const INSTITUTION_KINDS = [...MEDICAL_KINDS, ...ELDERLY_CARE_KINDS] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

/** Kinds that are hospitals and so carry a grade (一级/二级/三级). */
export const HOSPITAL_KINDS: readonly InstitutionKind[] = [
  'GENERAL_HOSPITAL',
  'TCM_HOSPITAL',
  'SPECIALTY_HOSPITAL',
  'REHABILITATION_HOSPITAL',
  'NURSING_HOSPITAL',
];
/**
 * The medical parties a MULTI_LEVEL agreement (多层次医疗服务合作) may have: hospitals of every kind and
 * hospices, not primary-care institutions (SPEC §4.2).
 */
export const MULTI_LEVEL_MEDICAL_KINDS: readonly InstitutionKind[] = [...HOSPITAL_KINDS, 'HOSPICE'];
/** 基层医疗卫生机构: the only medical parties of a PRIMARY_CARE agreement. */
export const PRIMARY_CARE_KINDS: readonly InstitutionKind[] = ['COMMUNITY_HEALTH_CENTER', 'TOWNSHIP_HEALTH_CENTER', 'VILLAGE_CLINIC'];

export const HOSPITAL_GRADES = ['LEVEL_1', 'LEVEL_2', 'LEVEL_3'] as const;
export type HospitalGrade = (typeof HOSPITAL_GRADES)[number];

export const OWNERSHIPS = ['PUBLIC', 'PRIVATE'] as const;
export type Ownership = (typeof OWNERSHIPS)[number];

export const CAPABILITIES = [
  'EMERGENCY',
  'GERIATRICS',
  'REHABILITATION',
  'NURSING',
  'HOSPICE',
  'TCM',
  'HOME_VISITS',
  'TELEMEDICINE',
  'INTERNAL_MEDICINE',
  'SURGERY',
  'DIAGNOSTIC_IMAGING',
  'LABORATORY',
  'MENTAL_HEALTH',
  'DEMENTIA_CARE',
  'PHARMACY',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const BED_TYPES = ['elderly', 'medical', 'rehabilitation', 'hospice', 'family'] as const;
export type BedType = (typeof BED_TYPES)[number];

/** Bed types whose free beds an institution reports for referrals (family beds are at the patient's home). */
export const FREE_BED_TYPES = ['medical', 'elderly', 'rehabilitation', 'hospice'] as const;
export type FreeBedType = (typeof FREE_BED_TYPES)[number];

export const INSTITUTION_STATUSES = ['ACTIVE', 'SUSPENDED', 'REVOKED'] as const;
export type InstitutionStatus = (typeof INSTITUTION_STATUSES)[number];
