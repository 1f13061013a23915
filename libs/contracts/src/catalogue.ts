import { ZodTypeAny } from 'zod';
import { institutionEventSchemas } from './institution/events';
import { agreementEventSchemas } from './agreement/events';
import { referralEventSchemas } from './referral/events';
import { complianceEventSchemas } from './compliance/events';

/**
 * Runtime schemas of event data, by type. A type listed in EventTypes but absent here has no
 * published payload yet (its producing service is not built); consumers treat it as unknown.
 */
export const eventDataSchemas: Record<string, ZodTypeAny> = {
  ...institutionEventSchemas,
  ...agreementEventSchemas,
  ...referralEventSchemas,
  ...complianceEventSchemas,
};

export function dataSchemaOf(type: string): ZodTypeAny | undefined {
  return eventDataSchemas[type];
}
