import { z } from 'zod';
import { EventTypes } from '../event-types';

/** The compliance rules of SPEC §4.4, each raising a finding and resolving it when its condition clears. */
export const COMPLIANCE_RULES = [
  'OVERDUE_REFERRAL_RESPONSE',
  'REFERRAL_OUTSIDE_AGREEMENT',
  'AGREEMENT_EXPIRED_UNRENEWED',
  'ELDERLY_INSTITUTION_WITHOUT_MEDICAL_COVER',
  'SANCTIONED_PARTY_WITH_ACTIVE_AGREEMENTS',
  'DISTANT_AGREEMENT',
  'STAFF_FILING_MISSING',
] as const;
export type ComplianceRule = (typeof COMPLIANCE_RULES)[number];

/** A finding is OPEN while its condition holds, RESOLVED once it clears. */
export const FINDING_STATUSES = ['OPEN', 'RESOLVED'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export const findingSchema = z.object({
  id: z.string().uuid(),
  rule: z.enum(COMPLIANCE_RULES),
  /** what the finding is about, e.g. referral:<id>, agreement:<id>, institution:<id>, pair:<elderly>:<medical> */
  subject: z.string(),
  /** 6-digit division of the institution concerned: the Kafka key of compliance.events */
  division: z.string().regex(/^\d{6}$/),
  status: z.enum(FINDING_STATUSES),
  raisedAt: z.string(),
  resolvedAt: z.string().nullable(),
  details: z.record(z.unknown()),
});
export type FindingSnapshot = z.infer<typeof findingSchema>;

export const complianceEventSchemas = {
  [EventTypes.compliance.findingRaised]: z.object({ finding: findingSchema }),
  [EventTypes.compliance.findingResolved]: z.object({ finding: findingSchema }),
} as const;
