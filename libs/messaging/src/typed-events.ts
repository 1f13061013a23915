import { EntityManager } from 'typeorm';
import { EventType, TypedEvent } from '@yiyang/contracts';
import { Actor, PlatformEvent } from './cloud-event';

/** A consumed event of one of the types T: `switch (event.type)` narrows `event.data` to that type's payload. */
export type IncomingEvent<T extends EventType = EventType> = Omit<PlatformEvent, 'type' | 'data'> & TypedEvent<T>;

/** Handlers by event type, each taking its own type's payload; types without one are ignored by the consumer. */
export type EventHandlers = { [T in EventType]?: (event: IncomingEvent<T>, em: EntityManager) => Promise<void> };

/** One handler for several types (it narrows on `event.type` itself). */
export function handleEach<T extends EventType>(
  types: readonly T[] | Readonly<Record<string, T>>,
  handler: (event: IncomingEvent<T>, em: EntityManager) => Promise<void>,
): EventHandlers {
  const list: readonly T[] = Array.isArray(types) ? types : Object.values(types);
  return Object.fromEntries(list.map((type) => [type, handler]));
}

/** What a producer appends to the outbox: the envelope's facts and one type with its payload (checked at compile time). */
export type TypedDraft<T extends EventType = EventType> = {
  aggregateType: string;
  aggregateId: string;
  /** the aggregate's version after this event */
  sequence: number;
  /** GB/T 2260 code of the institution the event concerns */
  division: string;
  subject?: string;
  actor: Actor;
  time?: Date;
} & TypedEvent<T>;
