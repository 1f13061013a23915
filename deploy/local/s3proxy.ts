/**
 * S3Proxy, a real S3-compatible server, for local runs and tests, without Docker: the jar
 * (org.gaul:s3proxy, classifier jar-with-dependencies) comes from Maven Central (cached in ~/.m2, so
 * later starts work offline) and is copied under .local/s3proxy/; it serves the S3 API on 127.0.0.1
 * (port S3PROXY_PORT, 8280) from a folder (jclouds' filesystem backend, .local/s3proxy/data/), and
 * refuses any request not signed with the local credentials (AWS signature v2 or v4).
 *
 *   tsx deploy/local/s3proxy.ts start|stop|status
 *
 * The local access key and secret are generated once into .local/s3proxy/credentials.json (never
 * committed); s3proxySettings() reads them. Production points the services at MinIO, Aliyun OSS,
 * Huawei OBS or Ceph through the S3_* settings instead (docs/documents.md).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { LocalServer, fromMaven, portTaken, sayAs, serverCommandLine } from './local-server';

const ROOT = resolve(__dirname, '..', '..');
export const S3PROXY_VERSION = '2.6.0';
const ARTIFACT = `org.gaul:s3proxy:${S3PROXY_VERSION}:jar:jar-with-dependencies`;
const JAR_NAME = `s3proxy-${S3PROXY_VERSION}-jar-with-dependencies.jar`;

const HOME = join(ROOT, '.local', 's3proxy');
const JAR = join(HOME, 'lib', JAR_NAME);
const DATA = join(HOME, 'data');
const CREDENTIALS_FILE = join(HOME, 'credentials.json');
const PROPERTIES_FILE = join(HOME, 's3proxy.conf');
const PID_FILE = join(HOME, 's3proxy.pid');
const LOCK_FILE = join(HOME, 'starting.lock');
const LOG_FILE = join(HOME, 's3proxy.log');

const say = sayAs('s3proxy');

export interface S3ProxySettings {
  port: number;
  endpoint: string;
  region: 'us-east-1';
  accessKeyId: string;
  secretAccessKey: string;
  /** S3Proxy serves buckets as paths (http://127.0.0.1:8280/<bucket>/<key>), not as host names */
  forcePathStyle: true;
  /** the filesystem backend's folder: <dataDir>/<bucket>/<key> */
  dataDir: string;
  home: string;
  logFile: string;
}

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The local credentials, generated once (mode 0600) and kept under .local/s3proxy/. */
function credentials(): Credentials {
  if (existsSync(CREDENTIALS_FILE)) return JSON.parse(readFileSync(CREDENTIALS_FILE, 'utf8')) as Credentials;
  mkdirSync(HOME, { recursive: true });
  const generated: Credentials = {
    accessKeyId: `yiyang${randomBytes(7).toString('hex')}`.toUpperCase(),
    secretAccessKey: randomBytes(30).toString('base64url'),
  };
  try {
    writeFileSync(CREDENTIALS_FILE, `${JSON.stringify(generated, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch {
    return JSON.parse(readFileSync(CREDENTIALS_FILE, 'utf8')) as Credentials; // another process was first: use its credentials
  }
  say(`generated the local access key and secret into ${CREDENTIALS_FILE}`);
  return generated;
}

export function s3proxySettings(): S3ProxySettings {
  const port = Number(process.env.S3PROXY_PORT ?? 8280);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`S3PROXY_PORT is invalid (${process.env.S3PROXY_PORT})`);
  const { accessKeyId, secretAccessKey } = credentials();
  return {
    port,
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    accessKeyId,
    secretAccessKey,
    forcePathStyle: true,
    dataDir: DATA,
    home: HOME,
    logFile: LOG_FILE,
  };
}

/** The S3_* settings (libs/storage's storageSettings) that point a service at the local S3Proxy. */
export function s3proxyEnvironment(): Record<
  'S3_ENDPOINT' | 'S3_REGION' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY' | 'S3_FORCE_PATH_STYLE',
  string
> {
  const s = s3proxySettings();
  return {
    S3_ENDPOINT: s.endpoint,
    S3_REGION: s.region,
    S3_ACCESS_KEY_ID: s.accessKeyId,
    S3_SECRET_ACCESS_KEY: s.secretAccessKey,
    S3_FORCE_PATH_STYLE: 'true',
  };
}

/**
 * Where the filesystem backend keeps an object's bytes: <dataDir>/<bucket>/<key> (a key's slashes are
 * folders). Tests read the raw file to prove what is at rest (e.g. that a document is encrypted).
 */
export function rawObjectPath(bucket: string, key: string): string {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new Error(`not a bucket name: ${bucket}`);
  const path = resolve(DATA, bucket, ...key.split('/'));
  const inside = relative(join(DATA, bucket), path);
  if (!key || inside === '' || inside.startsWith('..') || isAbsolute(inside))
    throw new Error(`the key ${JSON.stringify(key)} leaves the bucket`);
  return path;
}

/** Copies the jar from the local Maven repository, downloading it from Maven Central first when missing. */
export function ensureJar(): string {
  if (existsSync(JAR)) return JAR;
  const lib = join(HOME, 'lib');
  mkdirSync(lib, { recursive: true });
  const result = fromMaven({
    goal: 'copy',
    artifact: ARTIFACT,
    outputDirectory: lib,
    workDir: join(HOME, 'maven'),
    what: `S3Proxy ${S3PROXY_VERSION}`,
    size: 'about 41 MB',
    say,
  });
  if (!existsSync(JAR)) {
    // the copy goal may be unavailable offline; the artifact itself may still be in ~/.m2
    const cached = join(homedir(), '.m2', 'repository', 'org', 'gaul', 's3proxy', S3PROXY_VERSION, JAR_NAME);
    if (existsSync(cached)) copyFileSync(cached, JAR);
  }
  if (result.error || !existsSync(JAR)) {
    throw new Error(`could not fetch ${ARTIFACT} with Maven (is mvn installed and Maven Central reachable?)`);
  }
  return JAR;
}

function writeProperties(settings: S3ProxySettings): void {
  mkdirSync(DATA, { recursive: true });
  const properties = [
    `s3proxy.endpoint=http://127.0.0.1:${settings.port}`,
    's3proxy.authorization=aws-v2-or-v4',
    `s3proxy.identity=${settings.accessKeyId}`,
    `s3proxy.credential=${settings.secretAccessKey}`,
    // no CORS: browsers never talk to the store directly except through presigned GETs (plain navigations)
    'jclouds.provider=filesystem',
    `jclouds.filesystem.basedir=${DATA}`,
  ].join('\n');
  // the file holds the secret: owner-only
  writeFileSync(PROPERTIES_FILE, `${properties}\n`, { mode: 0o600 });
}

/** An S3 client with the local credentials, for probing the server (no retries, short timeouts). */
function probeClient(settings: S3ProxySettings, timeoutMs: number): S3Client {
  return new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: true,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    maxAttempts: 1,
    requestHandler: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs, throwOnRequestTimeout: true },
  });
}

/**
 * What answers on the port: 'ours' when a ListBuckets signed with the local credentials succeeds,
 * 'other' when an S3-like server (or anything else) answers but refuses them, 'none' when nothing listens.
 */
async function probe(timeoutMs = 2000): Promise<'ours' | 'other' | 'none'> {
  const settings = s3proxySettings();
  const client = probeClient(settings, timeoutMs);
  try {
    await client.send(new ListBucketsCommand({}));
    return 'ours';
  } catch {
    return (await portTaken(settings.port)) ? 'other' : 'none';
  } finally {
    client.destroy();
  }
}

/** True when an S3 server answers on the port and accepts the local credentials. */
export async function s3proxyAnswers(timeoutMs = 2000): Promise<boolean> {
  return (await probe(timeoutMs)) === 'ours';
}

const server = new LocalServer({
  title: 'S3Proxy',
  pidFile: PID_FILE,
  lockFile: LOCK_FILE,
  logFile: LOG_FILE,
  commandLineMark: JAR,
  answers: () => s3proxyAnswers(1000),
  pollMs: 250,
  logLines: 30,
});

/** The pid of the S3Proxy this project started, if it is still running. */
export const runningPid = (): number | null => server.runningPid();

/** Resident memory of a process, in MiB, where /proc tells. */
export function residentMiB(pid: number): number | null {
  try {
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return rss ? Math.round(Number(rss) / 1024) : null;
  } catch {
    return null;
  }
}

/**
 * Starts S3Proxy unless a server accepting the local credentials already answers on the port (then it
 * is reused and left alone). Resolves once a signed ListBuckets succeeds; returns whether this call
 * started it and its endpoint.
 */
export async function startS3Proxy(deadlineMs = 60_000): Promise<{ started: boolean; endpoint: string }> {
  const { endpoint, port } = s3proxySettings();
  return server.start({
    port,
    home: HOME,
    reused: { started: false, endpoint },
    deadlineMs,
    stopHint: 'stop it first',
    launch: () => launch(deadlineMs),
  });
}

async function launch(deadlineMs: number): Promise<{ started: boolean; endpoint: string }> {
  const settings = s3proxySettings();
  const { port, endpoint } = settings;
  if ((await probe()) !== 'none') {
    throw new Error(
      `something listens on 127.0.0.1:${port} that does not accept the credentials in ${CREDENTIALS_FILE}; stop it or set S3PROXY_PORT`,
    );
  }
  const began = Date.now();
  const jar = ensureJar();
  writeProperties(settings);
  if (existsSync(LOG_FILE)) renameSync(LOG_FILE, join(HOME, 's3proxy.previous.log'));
  const out = openSync(LOG_FILE, 'a');
  const java = process.env.S3PROXY_JAVA ?? 'java';
  const child = spawn(java, ['-Xms32m', '-Xmx256m', '-Djava.awt.headless=true', '-jar', jar, '--properties', PROPERTIES_FILE], {
    cwd: HOME,
    detached: true,
    stdio: ['ignore', out, out],
    // a JAVA_TOOL_OPTIONS meant for other Java tools would change this server too
    env: { ...process.env, JAVA_TOOL_OPTIONS: undefined },
  });
  child.unref();
  if (!child.pid) throw new Error(`could not run ${java} (is Java 17 or newer installed? set S3PROXY_JAVA to its java)`);
  server.recordStarted(child.pid, port);
  say(`starting S3Proxy ${S3PROXY_VERSION} on ${endpoint} (pid ${child.pid}, data ${DATA}, log ${LOG_FILE})`);
  await server.waitUntilAnswers(child.pid, deadlineMs);
  const rss = residentMiB(child.pid);
  say(`ready in ${((Date.now() - began) / 1000).toFixed(1)}s${rss ? ` (${rss} MiB resident)` : ''} (credentials in ${CREDENTIALS_FILE})`);
  return { started: true, endpoint };
}

/**
 * For npm start and the tests: the local S3Proxy (started, or reused when it answers) unless
 * S3_ENDPOINT names another store, in which case nothing is started. Sets the S3_* settings that are
 * unset in this environment, so the services started afterwards use it.
 */
export async function ensureS3Proxy(env: NodeJS.ProcessEnv = process.env): Promise<{ started: boolean; endpoint: string }> {
  const local = s3proxySettings();
  if (env.S3_ENDPOINT && env.S3_ENDPOINT.replace(/\/$/, '') !== local.endpoint) {
    say(`S3_ENDPOINT names another store (${env.S3_ENDPOINT}); the local S3Proxy is not started`);
    return { started: false, endpoint: env.S3_ENDPOINT };
  }
  const result = await startS3Proxy();
  for (const [name, value] of Object.entries(s3proxyEnvironment())) env[name] = env[name] || value;
  return result;
}

/** Stops the S3Proxy this project started (SIGTERM; SIGKILL after 15 s). */
export async function stopS3Proxy(deadlineMs = 15_000): Promise<boolean> {
  const port = server.runningPort() ?? s3proxySettings().port;
  const stopped = await server.stop(deadlineMs);
  if (stopped) say(`S3Proxy on 127.0.0.1:${port} stopped`);
  return stopped;
}

if (require.main === module) {
  // the SDK's notice that later releases need Node 22 says nothing about this command
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  serverCommandLine('s3proxy', {
    start: async () => {
      const { started, endpoint } = await startS3Proxy();
      if (!started) say(`S3Proxy already answers at ${endpoint}; reusing it`);
    },
    stop: async () => {
      if (!(await stopS3Proxy())) say('no S3Proxy started by this project is running');
    },
    status: async () => {
      const settings = s3proxySettings();
      const up = await s3proxyAnswers();
      const pid = runningPid();
      const rss = pid ? residentMiB(pid) : null;
      say(
        up
          ? `S3Proxy answers at ${settings.endpoint} (data ${settings.dataDir})` +
              (pid ? ` (started by this project: pid ${pid}${rss ? `, ${rss} MiB resident` : ''})` : ' (not started by this project)')
          : `nothing accepting the local credentials answers at ${settings.endpoint}` + (pid ? ` (pid ${pid} is still starting)` : ''),
      );
      process.exitCode = up ? 0 : 1;
    },
  });
}
