import { load } from 'js-yaml';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONSOLE_APIS, consoleOptionsFromEnv } from '../apps/console/server/settings';

const file = resolve(__dirname, '..', 'docker-compose.yml');

interface ComposeService {
  build?: { context: string; dockerfile?: string; args?: Record<string, string> };
  environment?: Record<string, string>;
  ports?: ({ published: number | string; target: number } | string)[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

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

  it('runs the web console on 8080 from Dockerfile.console, its /api/<name>/ sent to each service on its port', () => {
    const [command, ...args] = composeCommand();
    const result = spawnSync(command, [...args, '-f', file, 'config'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    const { services } = load(result.stdout) as { services: Record<string, ComposeService> };
    const web = services.console;
    expect(web).toBeDefined();
    expect(web.build?.dockerfile).toBe('Dockerfile.console');
    expect(existsSync(resolve(__dirname, '..', 'Dockerfile.console'))).toBe(true);
    const env = web.environment ?? {};
    expect(env.CONSOLE_HOST).toBe('0.0.0.0');
    expect(web.ports?.map((p) => (typeof p === 'string' ? p : `${p.published}:${p.target}`))).toEqual([`8080:${env.CONSOLE_PORT}`]);
    // what the console server itself makes of these settings
    const { apis, client } = consoleOptionsFromEnv(env);
    for (const api of CONSOLE_APIS) {
      const name = api.name === 'registry' ? 'institution-registry' : api.name;
      const url = new URL(apis[api.name]);
      expect({ api: api.name, set: !!env[api.urlVariable], host: url.hostname, port: url.port }).toEqual({
        api: api.name,
        set: true,
        host: name,
        port: services[name]?.environment?.PORT,
      });
      expect({ api: api.name, after: web.depends_on?.[name]?.condition }).toEqual({ api: api.name, after: 'service_healthy' });
    }
    // the issuer the services verify tokens against is the one the browser signs in with
    expect(client.oidc.authority).toBe(services['institution-registry'].environment?.OIDC_ISSUER);
    expect(web.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${env.CONSOLE_PORT}/health/live`);
  });
});
