/** A MariaDB instance of the chaos suite's own (own port and data folder): the machine's is never touched. */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';

export class PrivateMariaDb {
  private child?: ChildProcess;

  constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(deadlineMs = 60_000): Promise<void> {
    const data = join(this.dir, 'data');
    if (!existsSync(join(data, 'mysql'))) {
      mkdirSync(data, { recursive: true });
      const init = spawnSync(
        'mariadb-install-db',
        ['--no-defaults', '--user=root', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db'],
        { encoding: 'utf8' },
      );
      if (init.status !== 0) throw new Error(`mariadb-install-db failed: ${init.stderr || init.stdout}`);
    }
    const log = openSync(join(this.dir, 'mariadbd.out'), 'a');
    this.child = spawn(
      'mariadbd',
      [
        '--no-defaults',
        '--user=root',
        `--datadir=${data}`,
        `--port=${this.port}`,
        '--bind-address=127.0.0.1',
        `--socket=${join(this.dir, 'mysqld.sock')}`,
        `--pid-file=${join(this.dir, 'mysqld.pid')}`,
        `--log-error=${join(this.dir, 'error.log')}`,
        '--innodb-buffer-pool-size=256M',
        '--max-connections=500',
      ],
      { stdio: ['ignore', log, log] },
    );
    const deadline = Date.now() + deadlineMs;
    while (Date.now() < deadline) {
      if (await this.answers()) return;
      if (this.child.exitCode !== null) throw new Error(`mariadbd exited (${this.child.exitCode}); see ${join(this.dir, 'error.log')}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error('the private MariaDB did not answer in time');
  }

  /** A clean shutdown (SIGTERM), waited for. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }

  async answers(): Promise<boolean> {
    try {
      const c = await createConnection({ host: '127.0.0.1', port: this.port, user: 'root', password: '', connectTimeout: 1000 });
      await c.query('SELECT 1');
      await c.end();
      return true;
    } catch {
      return false;
    }
  }
}
