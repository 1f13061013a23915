import { createConnection } from 'mysql2/promise';

/** Set by the integration suite's global setup: unique per `npm test` run. */
export function runId(): string {
  const id = process.env.TEST_RUN_ID;
  if (!id) throw new Error('TEST_RUN_ID is not set: run integration tests through jest (npm test), which starts the infrastructure');
  return id;
}

/** A throwaway schema name for one test file of this run (dropped by the global teardown). */
export function testDatabase(name: string): string {
  return `yt_${runId()}_${name}`.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 64);
}

export const mysqlSettings = () => ({
  host: process.env.DB_HOST ?? '127.0.0.1',
  port: Number(process.env.DB_PORT ?? 3306),
  user: process.env.DB_USER ?? 'root',
  password: process.env.DB_PASSWORD ?? '',
});

export async function query<T = Record<string, unknown>>(database: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const connection = await createConnection({ ...mysqlSettings(), database });
  try {
    const [rows] = await connection.query(sql, params);
    return rows as T[];
  } finally {
    await connection.end();
  }
}

/** Polls until check() returns a value other than undefined/false, or fails with what it last saw. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} not met within ${timeoutMs} ms${lastError ? `: ${(lastError as Error).message}` : ''}`);
}
