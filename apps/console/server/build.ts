/** Builds the console into dist/console/ (what `npm run console:build` does, callable from start scripts). */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CONSOLE_ROOT, REPO_ROOT } from './settings';

export function buildConsole(): void {
  const vite = join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', join(CONSOLE_ROOT, 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
  if (result.status !== 0) throw new Error(`the console build failed (exit ${result.status})`);
}
