import { QueryFailedError } from 'typeorm';

function driverCode(err: unknown): string | undefined {
  const e = err as { code?: string; driverError?: { code?: string } };
  return e?.driverError?.code ?? e?.code;
}

export function isDuplicateKeyError(err: unknown): boolean {
  return driverCode(err) === 'ER_DUP_ENTRY';
}

const TRANSIENT_CODES = new Set([
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_QUERY_INTERRUPTED',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
]);

/** Failures that may pass by themselves (deadlock, lost connection, server restarting): retry them. */
export function isTransientDbError(err: unknown): boolean {
  const code = driverCode(err);
  if (code && TRANSIENT_CODES.has(code)) return true;
  const message = err instanceof Error ? err.message : '';
  return (
    !(err instanceof QueryFailedError && !code) &&
    /(Connection lost|connect ECONNREFUSED|Pool is closed|Can't add new command when connection is in closed state|closed state)/i.test(message)
  );
}
