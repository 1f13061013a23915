import { z } from 'zod';
import { EventTypes } from '../event-types';
import { INSTITUTION_CATEGORIES, INSTITUTION_KINDS } from '../institution/vocabulary';
import { AGREEMENT_MODES, AGREEMENT_SERVICES, AGREEMENT_STATUSES, FREQUENCIES } from './vocabulary';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const agreementPartySchema = z.object({
  institutionId: z.string().uuid(),
  category: z.enum(INSTITUTION_CATEGORIES),
  kind: z.enum(INSTITUTION_KINDS),
  divisionCode: z.string().regex(/^\d{6}$/),
  location: z.object({ lat: z.number(), lng: z.number() }),
});

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
});
export type AgreementSnapshot = z.infer<typeof agreementSnapshotSchema>;

const withAgreement = <T extends z.ZodRawShape>(shape: T) => z.object({ agreement: agreementSnapshotSchema, ...shape });

export const agreementEventSchemas = {
  [EventTypes.agreement.submitted]: withAgreement({}),
  [EventTypes.agreement.countersigned]: withAgreement({}),
  [EventTypes.agreement.rejected]: withAgreement({ reason: z.string() }),
  [EventTypes.agreement.activated]: withAgreement({}),
} as const;
