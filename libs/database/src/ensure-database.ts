import { createConnection } from 'mysql2/promise';

export interface ConnectionSettings {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

const SCHEMA_NAME = /^[A-Za-z0-9_]{1,64}$/;

/** DB_NAME cannot name a schema: a setting to fix, not a fault to wait out. */
export class InvalidSchemaNameError extends Error {
  readonly code = 'INVALID_SCHEMA_NAME';
}

/** Creates the service's schema when it does not exist yet (utf8mb4: names and addresses are Chinese). */
export async function ensureDatabase(settings: ConnectionSettings): Promise<void> {
  if (!SCHEMA_NAME.test(settings.database)) {
    throw new InvalidSchemaNameError(`DB_NAME "${settings.database}" is not a plain schema name (letters, digits, underscore)`);
  }
  const connection = await createConnection({ host: settings.host, port: settings.port, user: settings.user, password: settings.password });
  // a connection lost while idle is reported as an event: without a listener it would end the process
  connection.on('error', () => undefined);
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${settings.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await connection.end();
  }
}

export async function dropDatabase(settings: ConnectionSettings): Promise<void> {
  if (!SCHEMA_NAME.test(settings.database)) throw new Error(`refusing to drop "${settings.database}"`);
  const connection = await createConnection({ host: settings.host, port: settings.port, user: settings.user, password: settings.password });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${settings.database}\``);
  } finally {
    await connection.end();
  }
}
