import { z } from 'zod';
import { EventTypes } from '../event-types';
import { INSTITUTION_CATEGORIES, INSTITUTION_KINDS } from '../institution/vocabulary';
import { AGREEMENT_MODES, AGREEMENT_SERVICES, AGREEMENT_STATUSES, FREQUENCIES } from './vocabulary';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const side = z.enum(['elderly', 'medical']);

export const agreementPartySchema = z.object({
  institutionId: z.string().uuid(),
  category: z.enum(INSTITUTION_CATEGORIES),
  kind: z.enum(INSTITUTION_KINDS),
  divisionCode: z.string().regex(/^\d{6}$/),
  location: z.object({ lat: z.number(), lng: z.number() }),
});

export const sanctionSchema = z.object({ institutionId: z.string().uuid(), status: z.enum(['SUSPENDED', 'REVOKED']) });

/** The agreement as events carry it: parties with their divisions, mode, covered services, term, status. No personal data. */
export const agreementSnapshotSchema = z.object({
  id: z.string().uuid(),
  version: z.number().int().positive(),
  status: z.enum(AGREEMENT_STATUSES),
  mode: z.enum(AGREEMENT_MODES),
  elderlyParty: agreementPartySchema,
  medicalParty: agreementPartySchema,
  services: z.array(z.object({ code: z.enum(AGREEMENT_SERVICES), frequency: z.enum(FREQUENCIES).nullable() })),
  term: z.object({ effectiveFrom: isoDate, effectiveTo: isoDate }),
  staffCount: z.number().int().nonnegative(),
  staffFiled: z.boolean(),
  predecessorId: z.string().uuid().nullable(),
  /** the side that filed or renewed it (the other countersigned) */
  proposedBy: side.default('elderly'),
  /** amendments applied so far */
  revision: z.number().int().nonnegative().default(0),
  /** parties the registry has suspended or revoked while the agreement is in force */
  sanctions: z.array(sanctionSchema).default([]),
  /** notice of termination given, effective on this day */
  terminationOn: isoDate.nullable().default(null),
  amendmentPending: z.boolean().default(false),
});
export type AgreementSnapshot = z.infer<typeof agreementSnapshotSchema>;

const withAgreement = <T extends z.ZodRawShape>(shape: T) => z.object({ agreement: agreementSnapshotSchema, ...shape });

export const agreementEventSchemas = {
  [EventTypes.agreement.submitted]: withAgreement({}),
  [EventTypes.agreement.renewed]: withAgreement({ predecessorId: z.string().uuid() }),
  [EventTypes.agreement.countersigned]: withAgreement({}),
  [EventTypes.agreement.rejected]: withAgreement({ reason: z.string() }),
  [EventTypes.agreement.activated]: withAgreement({}),
  [EventTypes.agreement.terminationScheduled]: withAgreement({ effectiveOn: isoDate, reason: z.string() }),
  [EventTypes.agreement.terminated]: withAgreement({ effectiveOn: isoDate, reason: z.string() }),
  [EventTypes.agreement.expiring]: withAgreement({
    daysBefore: z.number().int().positive(),
    daysLeft: z.number().int().nonnegative(),
    effectiveTo: isoDate,
  }),
  [EventTypes.agreement.expired]: withAgreement({}),
  [EventTypes.agreement.amendmentProposed]: withAgreement({ revision: z.number().int().positive(), proposedBy: side }),
  [EventTypes.agreement.amended]: withAgreement({ revision: z.number().int().positive() }),
  [EventTypes.agreement.amendmentRejected]: withAgreement({ revision: z.number().int().positive(), reason: z.string() }),
  [EventTypes.agreement.partySanctioned]: withAgreement({ institutionId: z.string().uuid(), sanction: z.enum(['SUSPENDED', 'REVOKED']) }),
  [EventTypes.agreement.partyReinstated]: withAgreement({ institutionId: z.string().uuid() }),
  [EventTypes.agreement.withdrawn]: withAgreement({ reason: z.string() }),
  [EventTypes.agreement.documentAttached]: withAgreement({
    version: z.number().int().positive(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    mediaType: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
    sizeBytes: z.number().int().positive(),
    fileName: z.string(),
  }),
} as const;
