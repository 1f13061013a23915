import { z } from 'zod';
import { EventTypes } from '../event-types';
import { INSTITUTION_CATEGORIES, INSTITUTION_KINDS } from '../institution/vocabulary';
import {
  INDICATIONS,
  REFERRAL_DIRECTIONS,
  REFERRAL_PRIORITIES,
  REFERRAL_REFUSALS,
  REFERRAL_STATUSES,
  REJECTION_REASONS,
} from './vocabulary';

const instant = z.string().datetime({ offset: true });

export const referralPartySchema = z.object({
  institutionId: z.string().uuid(),
  category: z.enum(INSTITUTION_CATEGORIES),
  kind: z.enum(INSTITUTION_KINDS),
  divisionCode: z.string().regex(/^\d{6}$/),
});

/** The milestones of a referral, for wait-time analytics. */
export const milestonesSchema = z.object({
  requestedAt: instant,
  receivedAt: instant.nullable(),
  answeredAt: instant.nullable(),
  arrivedAt: instant.nullable(),
  completedAt: instant.nullable(),
  closedAt: instant.nullable(),
  overdueAt: instant.nullable(),
});

/**
 * The referral as events carry it. No personal data: the resident is an opaque `patientRef` and a
 * masked ID number; no name, no full ID number, no clinical text, no diagnosis code.
 */
export const referralSnapshotSchema = z.object({
  id: z.string().uuid(),
  version: z.number().int().positive(),
  status: z.enum(REFERRAL_STATUSES),
  direction: z.enum(REFERRAL_DIRECTIONS),
  priority: z.enum(REFERRAL_PRIORITIES),
  from: referralPartySchema,
  to: referralPartySchema,
  agreementId: z.string().uuid(),
  patientRef: z.string().min(8).max(64),
  maskedIdNumber: z.string().regex(/^\d{6}\*{8}[\dX]{4}$/),
  indication: z.enum(INDICATIONS),
  deadlineAt: instant,
  expiresAt: instant,
  milestones: milestonesSchema,
  answeredWithinDeadline: z.boolean().nullable(),
  rejectionReason: z.enum(REJECTION_REASONS).nullable(),
  parentReferralId: z.string().uuid().nullable(),
  linkedReferralId: z.string().uuid().nullable(),
  /** how many files are attached (their names and contents never travel in events); 0 when absent */
  attachmentCount: z.number().int().nonnegative().default(0),
});
export type ReferralSnapshot = z.infer<typeof referralSnapshotSchema>;

const withReferral = <T extends z.ZodRawShape>(shape: T) => z.object({ referral: referralSnapshotSchema, ...shape });

export const referralEventSchemas = {
  [EventTypes.referral.requested]: withReferral({}),
  [EventTypes.referral.received]: withReferral({}),
  [EventTypes.referral.released]: withReferral({}),
  [EventTypes.referral.accepted]: withReferral({ expectedArrivalAt: instant }),
  [EventTypes.referral.rejected]: withReferral({ reasonCode: z.enum(REJECTION_REASONS) }),
  [EventTypes.referral.returnedWithAdvice]: withReferral({}),
  [EventTypes.referral.cancelled]: withReferral({}),
  [EventTypes.referral.arrived]: withReferral({}),
  [EventTypes.referral.completed]: withReferral({ returnReferralId: z.string().uuid().nullable() }),
  [EventTypes.referral.responseOverdue]: withReferral({ overdueBySeconds: z.number().int().nonnegative() }),
  [EventTypes.referral.expired]: withReferral({}),
  /** An attempt refused before a referral existed (no covering agreement): key = the attempt id. */
  [EventTypes.referral.refused]: z.object({
    attemptId: z.string().uuid(),
    reason: z.enum(REFERRAL_REFUSALS),
    direction: z.enum(REFERRAL_DIRECTIONS),
    priority: z.enum(REFERRAL_PRIORITIES),
    from: referralPartySchema,
    to: referralPartySchema,
    at: instant,
  }),
} as const;
