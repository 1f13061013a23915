/** npm run build: compiles every service with the Nest CLI (webpack, one bundle per service under dist/apps/). */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './kafka';
import { SERVICES } from './services';

export function buildServices(): void {
  for (const service of SERVICES) {
    process.stderr.write(`[build] ${service.name}\n`);
    const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'), 'build', service.name], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (result.status !== 0) throw new Error(`building ${service.name} failed`);
  }
}

if (require.main === module) {
  try {
    buildServices();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
}
