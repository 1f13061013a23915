import { z } from 'zod';
import { EventTypes } from '../event-types';
import {
  BED_TYPES,
  CAPABILITIES,
  FREE_BED_TYPES,
  HOSPITAL_GRADES,
  INSTITUTION_CATEGORIES,
  INSTITUTION_KINDS,
  INSTITUTION_STATUSES,
  OWNERSHIPS,
} from './vocabulary';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const medicalLicenceSchema = z.object({
  number: z.string(),
  scope: z.array(z.string()),
  validFrom: isoDate,
  validTo: isoDate,
});

/**
 * 医保定点 / 长护险定点: number, since, and until when (`validTo`, null or absent: open-ended). `validTo` is
 * optional on the wire so events published before it existed still parse.
 */
export const designationSchema = z.object({ number: z.string(), since: isoDate, validTo: isoDate.nullable().optional() });

/** The institution as events carry it (event-carried state transfer): everything a consumer's read model needs. */
export const institutionSnapshotSchema = z.object({
  id: z.string().uuid(),
  version: z.number().int().positive(),
  name: z.string(),
  uscc: z.string(),
  medicalInstitutionCode: z.string().nullable(),
  category: z.enum(INSTITUTION_CATEGORIES),
  kind: z.enum(INSTITUTION_KINDS),
  hospitalGrade: z.enum(HOSPITAL_GRADES).nullable(),
  ownership: z.enum(OWNERSHIPS),
  nonProfit: z.boolean(),
  divisionCode: z.string().regex(/^\d{6}$/),
  address: z.string(),
  location: z.object({ lat: z.number(), lng: z.number() }),
  medicalLicence: medicalLicenceSchema.nullable(),
  elderlyCareFiling: z.object({ number: z.string(), filedOn: isoDate }).nullable(),
  medicalInsuranceDesignation: designationSchema.nullable(),
  longTermCareInsuranceDesignation: designationSchema.nullable(),
  capabilities: z.array(z.enum(CAPABILITIES)),
  beds: z.record(z.enum(BED_TYPES), z.number().int().nonnegative()),
  status: z.enum(INSTITUTION_STATUSES),
  /** free beds by type as the institution last reported them (absent in events published before they existed) */
  freeBeds: z.record(z.enum(FREE_BED_TYPES), z.number().int().nonnegative()).optional(),
  /** the institution's phone for referrals; null when none was given (absent in older events) */
  referralPhone: z.string().nullable().optional(),
});
export type InstitutionSnapshot = z.infer<typeof institutionSnapshotSchema>;

export const institutionEventSchemas = {
  [EventTypes.institution.registered]: z.object({ institution: institutionSnapshotSchema }),
  [EventTypes.institution.updated]: z.object({ institution: institutionSnapshotSchema, changed: z.array(z.string()) }),
  [EventTypes.institution.suspended]: z.object({ institution: institutionSnapshotSchema, reason: z.string() }),
  [EventTypes.institution.reinstated]: z.object({ institution: institutionSnapshotSchema, reason: z.string().nullable() }),
  [EventTypes.institution.revoked]: z.object({ institution: institutionSnapshotSchema, reason: z.string() }),
  [EventTypes.institution.licenceExpired]: z.object({
    institution: institutionSnapshotSchema,
    licence: z.object({ number: z.string(), validTo: isoDate }),
  }),
  /** an institution's administrator reported free beds or the referral phone; `changed` names freeBeds and/or referralPhone */
  [EventTypes.institution.operationsUpdated]: z.object({ institution: institutionSnapshotSchema, changed: z.array(z.string()) }),
} as const;

type Schemas = typeof institutionEventSchemas;
export type InstitutionEventData<T extends keyof Schemas> = z.infer<Schemas[T]>;
