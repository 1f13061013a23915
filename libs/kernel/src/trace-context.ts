import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/** W3C trace context of the work in progress (an HTTP request or a consumed event). */
export interface TraceContext {
  traceId: string;
  spanId: string;
  traceparent: string;
}

const storage = new AsyncLocalStorage<TraceContext>();
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/** Continues the caller's trace when a valid traceparent is given, otherwise starts a new one. */
export function traceFrom(traceparent?: string | null): TraceContext {
  const match = traceparent ? TRACEPARENT.exec(traceparent.trim()) : null;
  const random = randomBytes(24).toString('hex');
  const traceId = match && !/^0+$/.test(match[1]) ? match[1] : random.slice(16);
  const spanId = random.slice(0, 16);
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
}

export function runWithTrace<T>(context: TraceContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentTrace(): TraceContext | undefined {
  return storage.getStore();
}
