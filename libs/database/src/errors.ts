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
    /(Connection lost|connect ECONNREFUSED|Pool is closed|Can't add new command when connection is in closed state|closed state)/i.test(
      message,
    )
  );
}

/**
 * A sentence naming the setting when the database refused the service for a reason that waiting cannot
 * cure (wrong user or password, a schema that does not exist and may not be created); otherwise null.
 */
export function databaseSettingProblem(
  err: unknown,
  settings: { host: string; port: number; user: string; database: string },
): string | null {
  switch (driverCode(err) ?? '') {
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_DBACCESS_DENIED_ERROR':
    case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
      return `the database at ${settings.host}:${settings.port} refused DB_USER "${settings.user}" (check DB_USER and DB_PASSWORD, and its grants on DB_NAME "${settings.database}")`;
    case 'ER_BAD_DB_ERROR':
      return `DB_NAME "${settings.database}" does not exist at ${settings.host}:${settings.port} and DB_CREATE_DATABASE is false`;
    default:
      return null;
  }
}
