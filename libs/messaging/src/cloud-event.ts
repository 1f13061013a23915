import { randomUUID } from 'node:crypto';
import { CloudEvent, ValidationError as CloudEventValidationError } from 'cloudevents';
import { dataSchemaOf, isKnownEventType, parseEventType } from '@yiyang/contracts';

/** Who caused a change: user id and role, never a name. Carried as the `actor` extension "role:userId". */
export interface Actor {
  userId: string;
  role: string;
}

export const SYSTEM_ACTOR: Actor = { userId: 'system', role: 'system' };

/** What a domain change becomes on the wire (SPEC §3): CloudEvents 1.0 plus sequence, division, traceparent, actor. */
export interface EventDraft<D = unknown> {
  type: string;
  aggregateType: string;
  aggregateId: string;
  /** the aggregate's version after this event */
  sequence: number;
  /** GB/T 2260 code of the institution the event concerns */
  division: string;
  subject?: string;
  data: D;
  actor: Actor;
  time?: Date;
}

export interface PlatformEvent<D = unknown> {
  id: string;
  source: string;
  type: string;
  specversion: '1.0';
  time: string;
  subject: string;
  datacontenttype: 'application/json';
  sequence: number;
  division: string;
  traceparent?: string;
  actor: string;
  data: D;
}

export const STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json; charset=utf-8';

export function buildEvent<D>(draft: EventDraft<D>, source: string, traceparent?: string): PlatformEvent<D> {
  const event = new CloudEvent<D>(
    {
      id: randomUUID(),
      source,
      type: draft.type,
      specversion: '1.0',
      time: (draft.time ?? new Date()).toISOString(),
      subject: draft.subject ?? draft.aggregateId,
      datacontenttype: 'application/json',
      sequence: draft.sequence,
      division: draft.division,
      actor: `${draft.actor.role}:${draft.actor.userId}`,
      ...(traceparent ? { traceparent } : {}),
      data: draft.data,
    },
    true,
  );
  return event.toJSON() as unknown as PlatformEvent<D>;
}

/** Why a message can never be applied: it goes to the DLQ with this reason and the consumer moves on. */
export class PoisonMessageError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PoisonMessageError';
  }
}

/**
 * Parses and validates a structured-mode CloudEvent: the envelope against CloudEvents 1.0 and the
 * platform's extensions, the data against the contract of its type. Unknown fields are ignored.
 * Throws PoisonMessageError with the reason when the message is unusable.
 */
export function parseEvent(value: Buffer | string | null | undefined): PlatformEvent {
  if (value === null || value === undefined || value.length === 0) throw new PoisonMessageError('unparsable: empty message value');
  let raw: unknown;
  try {
    raw = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (err) {
    throw new PoisonMessageError(`unparsable: ${(err as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new PoisonMessageError('unparsable: not a JSON object');
  const record = raw as Record<string, unknown>;
  if (record.specversion !== '1.0') throw new PoisonMessageError('invalid envelope: specversion must be "1.0"');
  try {
    new CloudEvent(record, true);
  } catch (err) {
    const detail = err instanceof CloudEventValidationError ? JSON.stringify(err.errors ?? err.message) : (err as Error).message;
    throw new PoisonMessageError(`invalid envelope: ${detail}`);
  }
  const type = String(record.type);
  if (!parseEventType(type)) throw new PoisonMessageError(`unknown event type: ${type}`);
  if (!isKnownEventType(type)) throw new PoisonMessageError(`unknown event type or schema version: ${type}`);
  if (typeof record.sequence !== 'number' || !Number.isInteger(record.sequence) || record.sequence < 1) {
    throw new PoisonMessageError('invalid envelope: sequence must be a positive integer');
  }
  if (typeof record.division !== 'string' || !/^\d{6}$/.test(record.division)) {
    throw new PoisonMessageError('invalid envelope: division must be a 6-digit code');
  }
  const schema = dataSchemaOf(type);
  if (!schema) throw new PoisonMessageError(`no data contract for ${type}`);
  const parsed = schema.safeParse(record.data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `data.${i.path.join('.')}: ${i.message}`).join('; ');
    throw new PoisonMessageError(`failing validation: ${issues}`);
  }
  return { ...(record as unknown as PlatformEvent), data: parsed.data };
}
