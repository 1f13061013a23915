import { load } from 'js-yaml';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const file = resolve(__dirname, '..', 'docker-compose.yml');

/** `docker compose` (the v2 plugin) where it is installed, else the standalone `docker-compose`. */
function composeCommand(): string[] {
  const plugin = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
  if (plugin.status === 0) return ['docker', 'compose'];
  const standalone = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
  if (standalone.status === 0) return ['docker-compose'];
  throw new Error('neither `docker compose` nor `docker-compose` is installed (.ci/run installs Debian’s docker-compose)');
}

describe('docker-compose.yml', () => {
  it('is a valid compose file (compose config -q)', () => {
    const [command, ...args] = composeCommand();
    const result = spawnSync(command, [...args, '-f', file, 'config', '-q'], { encoding: 'utf8' });
    expect(result.error).toBeUndefined();
    expect(result.stderr.trim()).toBe('');
    expect(result.status).toBe(0);
  });

  it('builds every service from the one Dockerfile with health-gated dependencies', () => {
    const [command, ...args] = composeCommand();
    const result = spawnSync(command, [...args, '-f', file, 'config'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/institution-registry:/);
    expect(result.stdout).toMatch(/condition: service_healthy/);
    expect(result.stdout).toMatch(/SERVICE: institution-registry/);
  });

  it('runs MinIO for documents, health-gated for the services that keep them, with the S3 settings pointing at it', () => {
    const [command, ...args] = composeCommand();
    const result = spawnSync(command, [...args, '-f', file, 'config'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    const config = load(result.stdout) as {
      services: Record<string, { environment?: Record<string, string>; depends_on?: Record<string, { condition: string }> }>;
    };
    expect(config.services.minio).toBeDefined();
    for (const name of ['contract', 'referral']) {
      expect({ name, minio: config.services[name].depends_on?.minio?.condition }).toEqual({ name, minio: 'service_healthy' });
      expect(config.services[name].environment).toMatchObject({ S3_ENDPOINT: 'http://minio:9000', S3_FORCE_PATH_STYLE: 'true' });
    }
  });
});
