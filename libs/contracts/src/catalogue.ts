import { z, ZodTypeAny } from 'zod';
import { institutionEventSchemas } from './institution/events';
import { agreementEventSchemas } from './agreement/events';
import { referralEventSchemas } from './referral/events';
import { complianceEventSchemas } from './compliance/events';
import { EventType } from './event-types';

/** Runtime schemas of event data, by type: every type in EventTypes has one (checked below at compile time). */
export const eventDataSchemas = {
  ...institutionEventSchemas,
  ...agreementEventSchemas,
  ...referralEventSchemas,
  ...complianceEventSchemas,
} as const satisfies Record<EventType, ZodTypeAny>;

/** The type → payload map, derived from the schemas: what an event of type T carries as `data`. */
export type EventPayloads = { [T in EventType]: z.infer<(typeof eventDataSchemas)[T]> };
export type EventPayload<T extends EventType> = EventPayloads[T];

/** A type with its payload, as a discriminated union over the given types: `switch (e.type)` narrows `e.data`. */
export type TypedEvent<T extends EventType = EventType> = { [K in T]: { type: K; data: EventPayloads[K] } }[T];

export function dataSchemaOf(type: string): ZodTypeAny | undefined {
  return (eventDataSchemas as Record<string, ZodTypeAny>)[type];
}
