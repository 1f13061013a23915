/**
 * Makes sure MySQL/MariaDB answers at DB_HOST:DB_PORT. On this kind of machine MariaDB is installed
 * and usually running; when it is not, and the address is local, it is started the way the machine
 * starts it (start-stop-daemon), and reported as started so the caller can stop it again.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection } from 'mysql2/promise';

const MARIADBD = '/usr/sbin/mariadbd';
const say = (msg: string) => process.stderr.write(`[mysql] ${msg}\n`);

export const mysqlAddress = () => ({
  host: process.env.DB_HOST ?? '127.0.0.1',
  port: Number(process.env.DB_PORT ?? 3306),
  user: process.env.DB_USER ?? 'root',
  password: process.env.DB_PASSWORD ?? '',
});

export async function mysqlAnswers(): Promise<boolean> {
  try {
    const connection = await createConnection({ ...mysqlAddress(), connectTimeout: 2000 });
    await connection.query('SELECT 1');
    await connection.end();
    return true;
  } catch {
    return false;
  }
}

export async function ensureMysql(deadlineMs = 60_000): Promise<{ started: boolean }> {
  if (await mysqlAnswers()) return { started: false };
  const { host, port } = mysqlAddress();
  const local = host === '127.0.0.1' || host === 'localhost';
  if (!local || port !== 3306 || !existsSync(MARIADBD)) {
    throw new Error(`MySQL/MariaDB does not answer at ${host}:${port}; start it or set DB_HOST/DB_PORT/DB_USER/DB_PASSWORD`);
  }
  say(`nothing answers at ${host}:${port}; starting MariaDB`);
  const result = spawnSync('start-stop-daemon', ['--start', '--oknodo', '--background', '--exec', MARIADBD], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('could not start MariaDB with start-stop-daemon');
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (await mysqlAnswers()) {
      say('MariaDB is up');
      return { started: true };
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`MariaDB did not answer within ${deadlineMs / 1000}s`);
}

export async function stopMysql(): Promise<void> {
  spawnSync('start-stop-daemon', ['--stop', '--oknodo', '--retry', '30', '--exec', MARIADBD], { stdio: 'inherit' });
}
