/**
 * npm test: every check, in order, against real servers; what it had to start it stops at the end.
 *   1. layer rules (dependency-cruiser), the type check of the whole repository (tsc --noEmit) and the
 *      linter (ESLint with typescript-eslint) and the formatter's check (Prettier);
 *   2. the console: its API client still matches the services' OpenAPI, its component and server tests;
 *   3. MariaDB, Kafka, Keycloak and S3Proxy: reused when they answer, started when they do not;
 *   4. the quick chaos run (its own MariaDB and broker), then every jest suite (unit, integration,
 *      end-to-end, abuse);
 *   5. the console's browser tests in Debian's Chromium (installed when missing, as root).
 * Every step runs even when an earlier one failed (except when the servers cannot be had), and the
 * last line sums them up: `steps: N passed, N failed`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ROOT, defaultInstance, startBroker, stopBroker } from './kafka';
import { ensureKeycloak, stopKeycloak } from './keycloak';
import { ensureS3Proxy, stopS3Proxy } from './s3proxy';
import { ensureMysql, stopMysql } from './mysql';

const say = (msg: string) => process.stderr.write(`[test] ${msg}\n`);

interface Step {
  name: string;
  command: string[];
  env?: Record<string, string>;
}

function run(step: Step): boolean {
  say(`── ${step.name}: ${step.command.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(step.command[0], step.command.slice(1), { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...step.env } });
  const ok = result.status === 0;
  say(
    `── ${step.name}: ${ok ? 'passed' : `FAILED (${result.status ?? result.signal})`} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  return ok;
}

const npm = (...args: string[]) => ['npm', 'run', '-s', ...args];

async function main(): Promise<number> {
  const results: { name: string; ok: boolean }[] = [];
  const step = (s: Step) => results.push({ name: s.name, ok: run(s) });

  step({ name: 'layer rules', command: npm('lint:deps') });
  step({ name: 'type check', command: npm('typecheck') });
  step({ name: 'lint', command: npm('lint') });
  step({ name: 'format', command: npm('format:check') });
  step({ name: 'console API client matches the services', command: npm('console:api', '--', '--check') });
  step({ name: 'console component and server tests', command: npm('console:test') });

  const started = { mysql: false, kafka: false, keycloak: false, s3proxy: false };
  try {
    started.mysql = (await ensureMysql()).started;
    started.kafka = (await startBroker(defaultInstance())).started;
    started.keycloak = (await ensureKeycloak()).started;
    started.s3proxy = (await ensureS3Proxy()).started;
  } catch (err) {
    say(`the servers the tests need could not be had: ${(err as Error).message}`);
    results.push({ name: 'servers', ok: false });
  }
  try {
    if (!results.some((r) => r.name === 'servers')) {
      step({ name: 'quick chaos run', command: npm('chaos', '--', '--quick') });
      step({ name: 'unit, integration, end-to-end and abuse tests', command: ['npx', 'jest', '--maxWorkers=2'] });
      if (!existsSync('/usr/lib/chromium/chromium'))
        step({ name: "Debian's Chromium for the browser tests", command: npm('console:browser') });
      step({ name: 'console browser tests', command: npm('console:e2e') });
    }
  } finally {
    if (started.s3proxy) await stopS3Proxy();
    if (started.keycloak) await stopKeycloak();
    if (started.kafka) await stopBroker(defaultInstance());
    if (started.mysql) await stopMysql();
  }
  const failed = results.filter((r) => !r.ok);
  for (const r of results) say(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}`);
  process.stdout.write(`steps: ${results.length - failed.length} passed, ${failed.length} failed\n`);
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    say((err as Error).stack ?? String(err));
    process.exit(1);
  },
);
