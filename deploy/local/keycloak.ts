/**
 * Keycloak, the platform's OpenID Connect provider, for local runs and tests, without Docker: the
 * server distribution comes from Maven Central (cached in ~/.m2, so later starts work offline) and
 * is unpacked under .local/keycloak/; it runs in production mode (`kc.sh build` once, then
 * `kc.sh start --optimized`) on its own schema of the project's MySQL/MariaDB, and imports the
 * realm in deploy/keycloak/ on first start.
 *
 *   tsx deploy/local/keycloak.ts start|stop|status   (npm run keycloak:start / keycloak:stop / keycloak:status)
 *
 * Local secrets (the master realm's admin, the yiyang-accounts client secret) are generated once into
 * .local/keycloak/secrets.json (never committed); keycloakAdmin() and keycloakAccountsClient() read them.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { KeycloakAdmin } from '../../libs/identity/src';
import { LocalServer, fromMaven, portTaken, sayAs, serverCommandLine, tail } from './local-server';
import { mysqlAddress } from './mysql';

const ROOT = resolve(__dirname, '..', '..');
export const KEYCLOAK_VERSION = '26.4.0';
export const KEYCLOAK_REALM = 'yiyang';
/** the client whose service account manages this realm's users (client credentials) */
export const ACCOUNTS_CLIENT_ID = 'yiyang-accounts';
/** the realm file reads the yiyang-accounts secret from this environment variable */
export const ACCOUNTS_SECRET_VARIABLE = 'YIYANG_ACCOUNTS_CLIENT_SECRET';

const HOME = join(ROOT, '.local', 'keycloak');
const DIST = join(HOME, `keycloak-${KEYCLOAK_VERSION}`);
const REALM_FILE = join(ROOT, 'deploy', 'keycloak', `${KEYCLOAK_REALM}-realm.json`);
const SECRETS_FILE = join(HOME, 'secrets.json');
const STATE_FILE = join(HOME, 'state.json');
const PID_FILE = join(HOME, 'keycloak.pid');
const LOCK_FILE = join(HOME, 'starting.lock');
const LOG_FILE = join(HOME, 'keycloak.log');
const BUILD_MARKER = join(DIST, '.yiyang-build.json');
/** build-time options; a change here (or in the version) rebuilds the optimized server once */
const BUILD_OPTIONS = ['--db=mariadb', '--health-enabled=true', '--metrics-enabled=false'];

const say = sayAs('keycloak');

export interface KeycloakSettings {
  port: number;
  /** health endpoints (/health/ready, /health/live) */
  managementPort: number;
  baseUrl: string;
  realm: string;
  issuer: string;
  discoveryUrl: string;
  /** schema of its own in the project's MySQL/MariaDB */
  schema: string;
  home: string;
  logFile: string;
}

export function keycloakSettings(): KeycloakSettings {
  const port = Number(process.env.KEYCLOAK_PORT ?? 8180);
  const baseUrl = `http://127.0.0.1:${port}`;
  const issuer = `${baseUrl}/realms/${KEYCLOAK_REALM}`;
  return {
    port,
    managementPort: Number(process.env.KEYCLOAK_MANAGEMENT_PORT ?? port + 1000),
    baseUrl,
    realm: KEYCLOAK_REALM,
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    schema: process.env.KEYCLOAK_DB_NAME ?? 'yiyang_keycloak',
    home: HOME,
    logFile: LOG_FILE,
  };
}

interface Secrets {
  adminUsername: string;
  adminPassword: string;
  accountsClientSecret: string;
}

/** The local secrets, generated once (mode 0600) and kept under .local/keycloak/. */
function secrets(): Secrets {
  if (existsSync(SECRETS_FILE)) return JSON.parse(readFileSync(SECRETS_FILE, 'utf8')) as Secrets;
  mkdirSync(HOME, { recursive: true });
  const generated: Secrets = {
    adminUsername: `admin-${randomBytes(3).toString('hex')}`,
    adminPassword: randomBytes(18).toString('base64url'),
    accountsClientSecret: randomBytes(24).toString('base64url'),
  };
  try {
    writeFileSync(SECRETS_FILE, `${JSON.stringify(generated, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch {
    return JSON.parse(readFileSync(SECRETS_FILE, 'utf8')) as Secrets; // another process was first: use its secrets
  }
  say(`generated local admin credentials and the ${ACCOUNTS_CLIENT_ID} secret into ${SECRETS_FILE}`);
  return generated;
}

interface State {
  /** the admin in secrets.json was seen to work against the master realm */
  adminVerified?: boolean;
  /** sha-256 of the realm file this project imported */
  realmSha256?: string;
}
const readState = (): State => (existsSync(STATE_FILE) ? (JSON.parse(readFileSync(STATE_FILE, 'utf8')) as State) : {});
const writeState = (patch: State) => writeFileSync(STATE_FILE, `${JSON.stringify({ ...readState(), ...patch }, null, 2)}\n`);

/** The master realm's admin (admin-cli, password grant) for tools that use the admin REST API. */
export function keycloakAdmin(): { baseUrl: string; realm: 'master'; clientId: 'admin-cli'; username: string; password: string } {
  const { adminUsername, adminPassword } = secrets();
  return { baseUrl: keycloakSettings().baseUrl, realm: 'master', clientId: 'admin-cli', username: adminUsername, password: adminPassword };
}

/** The local realm's admin API, signed in as the master realm's administrator (tools and test setup only). */
export function localRealmAdmin(): KeycloakAdmin {
  const { baseUrl, realm } = keycloakSettings();
  const { username, password } = keycloakAdmin();
  return new KeycloakAdmin({ baseUrl, realm, credentials: { kind: 'admin', username, password } });
}

/** The confidential client whose service account may manage, view and query the realm's users. */
export function keycloakAccountsClient(): { issuer: string; tokenEndpoint: string; clientId: string; clientSecret: string } {
  const { issuer } = keycloakSettings();
  return {
    issuer,
    tokenEndpoint: `${issuer}/protocol/openid-connect/token`,
    clientId: ACCOUNTS_CLIENT_ID,
    clientSecret: secrets().accountsClientSecret,
  };
}

async function postForm(url: string, form: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
    signal: AbortSignal.timeout(10_000),
  });
}

/** An access token of the master realm's admin (short-lived: one minute by default). */
export async function keycloakAdminToken(): Promise<string> {
  const admin = keycloakAdmin();
  const res = await postForm(`${admin.baseUrl}/realms/master/protocol/openid-connect/token`, {
    grant_type: 'password',
    client_id: admin.clientId,
    username: admin.username,
    password: admin.password,
  });
  if (!res.ok) throw new Error(`the admin in ${SECRETS_FILE} was refused by the master realm (${res.status})`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** True when the realm's discovery document answers on the port with the expected issuer. */
export async function keycloakAnswers(timeoutMs = 2000): Promise<boolean> {
  const { discoveryUrl, issuer } = keycloakSettings();
  try {
    const res = await fetch(discoveryUrl, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return false;
    return ((await res.json()) as { issuer?: string }).issuer === issuer;
  } catch {
    return false;
  }
}

/** The feature release of the JDK at this home (from its `release` file), 0 when unknown. */
function javaMajor(home: string): number {
  try {
    const release = readFileSync(join(home, 'release'), 'utf8');
    const version = /^JAVA_VERSION="([^"]+)"/m.exec(release)?.[1] ?? '';
    return Number(version.startsWith('1.') ? version.split('.')[1] : version.split(/[.+-]/)[0]) || 0;
  } catch {
    return 0;
  }
}

/** A Java home with Java 21 or newer: KEYCLOAK_JAVA_HOME, JAVA_HOME, else the newest under /usr/lib/jvm. */
export function findJava21(): string {
  const major = javaMajor;
  const usable = (home: string | undefined): home is string => !!home && existsSync(join(home, 'bin', 'java')) && major(home) >= 21;
  for (const home of [process.env.KEYCLOAK_JAVA_HOME, process.env.JAVA_HOME]) if (usable(home)) return home;
  const jvm = '/usr/lib/jvm';
  const found = existsSync(jvm)
    ? readdirSync(jvm)
        .map((name) => join(jvm, name))
        .filter(usable)
        .sort((a, b) => major(b) - major(a))
    : [];
  if (found.length === 0) {
    throw new Error(
      'Keycloak 26 needs Java 21 or newer and none was found (looked at KEYCLOAK_JAVA_HOME, JAVA_HOME and /usr/lib/jvm); ' +
        'install one (e.g. apt-get install openjdk-21-jre-headless) or set KEYCLOAK_JAVA_HOME',
    );
  }
  return found[0];
}

/** Fetches and unpacks the server distribution with Maven (offline first: ~/.m2 usually has it). */
export function ensureDistribution(): void {
  if (existsSync(join(DIST, 'lib', 'quarkus-run.jar'))) return;
  const unpacking = join(HOME, 'unpacking');
  rmSync(unpacking, { recursive: true, force: true });
  mkdirSync(unpacking, { recursive: true });
  // the dependency plugin's unpack keeps the archive's file modes (bin/kc.sh stays executable): no unzip needed
  const result = fromMaven({
    goal: 'unpack',
    artifact: `org.keycloak:keycloak-quarkus-dist:${KEYCLOAK_VERSION}:zip`,
    outputDirectory: unpacking,
    workDir: join(HOME, 'maven'),
    what: `Keycloak ${KEYCLOAK_VERSION}`,
    size: 'about 160 MB',
    say,
  });
  const unpacked = join(unpacking, `keycloak-${KEYCLOAK_VERSION}`);
  if (result.error || result.status !== 0 || !existsSync(join(unpacked, 'lib', 'quarkus-run.jar'))) {
    throw new Error(`could not fetch Keycloak ${KEYCLOAK_VERSION} with Maven (is mvn installed and Maven Central reachable?)`);
  }
  rmSync(DIST, { recursive: true, force: true });
  renameSync(unpacked, DIST);
  rmSync(unpacking, { recursive: true, force: true });
}

function kc(javaHome: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync('sh', [join(DIST, 'bin', 'kc.sh'), ...args], {
    cwd: DIST,
    env: { ...process.env, JAVA_HOME: javaHome, JAVA_OPTS: undefined, JAVA_OPTS_APPEND: javaOptionsFor(javaHome), ...env },
    encoding: 'utf8',
  });
}

/** `kc.sh build` once per set of build options (remembered in a marker file inside the distribution). */
function ensureBuilt(javaHome: string): void {
  const wanted = JSON.stringify({ version: KEYCLOAK_VERSION, options: BUILD_OPTIONS });
  if (existsSync(BUILD_MARKER) && readFileSync(BUILD_MARKER, 'utf8') === wanted) return;
  say(`building the optimized server (${BUILD_OPTIONS.join(' ')}; once)…`);
  const began = Date.now();
  const result = kc(javaHome, ['build', ...BUILD_OPTIONS]);
  writeFileSync(join(HOME, 'build.log'), `${result.stdout ?? ''}${result.stderr ?? ''}`);
  if (result.status !== 0) {
    say(tail(join(HOME, 'build.log')));
    throw new Error(`kc.sh build failed; see ${join(HOME, 'build.log')}`);
  }
  writeFileSync(BUILD_MARKER, wanted);
  say(`built in ${((Date.now() - began) / 1000).toFixed(1)}s`);
}

/** Creates the schema (utf8mb4) if missing and tells which realms it already holds. */
async function prepareSchema(schema: string): Promise<Set<string>> {
  const address = mysqlAddress();
  let connection;
  try {
    connection = await createConnection({ ...address, connectTimeout: 3000 });
  } catch (err) {
    throw new Error(
      `MySQL/MariaDB at ${address.host}:${address.port} did not let us in (${(err as Error).message}); Keycloak keeps its data there (npm start starts a local MariaDB)`,
    );
  }
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${schema}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const [tables] = await connection.query('SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?', [
      schema,
      'REALM',
    ]);
    if ((tables as unknown[]).length === 0) return new Set();
    const [rows] = await connection.query(`SELECT NAME AS name FROM \`${schema}\`.REALM`);
    return new Set((rows as { name: string }[]).map((r) => r.name));
  } finally {
    await connection.end();
  }
}

const server = new LocalServer({
  title: 'Keycloak',
  pidFile: PID_FILE,
  lockFile: LOCK_FILE,
  logFile: LOG_FILE,
  commandLineMark: join(DIST, 'bin', 'kc.sh'),
  answers: () => keycloakAnswers(),
  pollMs: 500,
  logLines: 40,
  // kc.sh and its JVM
  group: true,
});

/** The pid (process group) of the Keycloak this project started, if it is still running. */
export const runningPid = (): number | null => server.runningPid();

/** Resident memory of the server's JVM (the child of kc.sh), in MiB, where /proc tells. */
export function residentMiB(pid: number): number | null {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    const jvm = children.length ? Number(children[0]) : pid;
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${jvm}/status`, 'utf8'))?.[1];
    return rss ? Math.round(Number(rss) / 1024) : null;
  } catch {
    return null;
  }
}

async function adminFetch(token: string, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${keycloakSettings().baseUrl}/admin/realms/${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
    signal: AbortSignal.timeout(10_000),
  });
}

/**
 * After our server is up: check that the local admin works, and that yiyang-accounts has the local
 * secret (a realm imported before .local/ was wiped keeps the secret it was imported with).
 */
async function reconcile(): Promise<void> {
  let token: string;
  try {
    token = await keycloakAdminToken();
    writeState({ adminVerified: true });
  } catch (err) {
    writeState({ adminVerified: false });
    say(`${(err as Error).message}; the next start adds this admin (kc.sh bootstrap-admin)`);
    return;
  }
  const res = await adminFetch(token, `${KEYCLOAK_REALM}/clients?clientId=${ACCOUNTS_CLIENT_ID}`);
  const [client] = res.ok ? ((await res.json()) as { id: string }[]) : [];
  if (!client) {
    say(`the realm has no client ${ACCOUNTS_CLIENT_ID}`);
    return;
  }
  const current = await adminFetch(token, `${KEYCLOAK_REALM}/clients/${client.id}/client-secret`);
  const { value } = current.ok ? ((await current.json()) as { value?: string }) : { value: undefined };
  const wanted = secrets().accountsClientSecret;
  if (value === wanted) return;
  const update = await adminFetch(token, `${KEYCLOAK_REALM}/clients/${client.id}`, {
    method: 'PUT',
    body: JSON.stringify({ ...client, secret: wanted }),
  });
  say(
    update.ok
      ? `set the ${ACCOUNTS_CLIENT_ID} secret to the one in ${SECRETS_FILE}`
      : `could not set the ${ACCOUNTS_CLIENT_ID} secret (${update.status})`,
  );
}

/**
 * Starts Keycloak unless the realm's discovery document already answers on the port (then it is
 * reused and left alone). Resolves once the discovery document answers; returns whether this call
 * started it and the realm's issuer.
 */
export async function startKeycloak(deadlineMs = 240_000): Promise<{ started: boolean; issuer: string }> {
  const { issuer, port } = keycloakSettings();
  return server.start({
    port,
    home: HOME,
    reused: { started: false, issuer },
    deadlineMs,
    stopHint: 'npm run keycloak:stop first',
    launch: () => launch(deadlineMs),
  });
}

async function launch(deadlineMs: number): Promise<{ started: boolean; issuer: string }> {
  const settings = keycloakSettings();
  const { issuer, port } = settings;
  if (await portTaken(port)) {
    throw new Error(
      `something that is not Keycloak with the realm ${KEYCLOAK_REALM} listens on 127.0.0.1:${port}; stop it or set KEYCLOAK_PORT`,
    );
  }
  const began = Date.now();
  const javaHome = findJava21();
  const realms = await prepareSchema(settings.schema);
  ensureDistribution();
  ensureBuilt(javaHome);
  const local = secrets();
  const state = readState();

  if (realms.has('master') && !state.adminVerified) {
    // the schema outlived .local/ (or its admin is unknown): add the local admin to the master realm
    say(`adding the admin ${local.adminUsername} to the existing master realm…`);
    const added = kc(
      javaHome,
      [
        'bootstrap-admin',
        'user',
        '--optimized',
        '--no-prompt',
        '--username:env',
        'KC_YIYANG_ADMIN_USERNAME',
        '--password:env',
        'KC_YIYANG_ADMIN_PASSWORD',
        ...dbOptions(settings),
      ],
      {
        ...dbEnvironment(),
        KC_CACHE: 'local',
        KC_YIYANG_ADMIN_USERNAME: local.adminUsername,
        KC_YIYANG_ADMIN_PASSWORD: local.adminPassword,
      },
    );
    if (added.status !== 0)
      say(`kc.sh bootstrap-admin failed:\n${`${added.stdout}${added.stderr}`.trim().split('\n').slice(-10).join('\n')}`);
  }
  const realmSha256 = createHash('sha256').update(readFileSync(REALM_FILE)).digest('hex');
  if (realms.has(KEYCLOAK_REALM) && state.realmSha256 && state.realmSha256 !== realmSha256) {
    say(
      `${REALM_FILE} changed since the realm was imported; Keycloak keeps the imported realm ` +
        `(to import it again: keycloak:stop, DROP DATABASE ${settings.schema}, keycloak:start)`,
    );
  }
  const importDir = join(DIST, 'data', 'import');
  rmSync(importDir, { recursive: true, force: true });
  mkdirSync(importDir, { recursive: true });
  copyFileSync(REALM_FILE, join(importDir, `${KEYCLOAK_REALM}-realm.json`));

  if (existsSync(LOG_FILE)) renameSync(LOG_FILE, join(HOME, 'keycloak.previous.log'));
  const out = openSync(LOG_FILE, 'a');
  const args = [
    join(DIST, 'bin', 'kc.sh'),
    'start',
    '--optimized',
    '--import-realm',
    '--http-enabled=true',
    '--http-host=127.0.0.1',
    `--http-port=${port}`,
    `--hostname=${settings.baseUrl}`,
    `--http-management-port=${settings.managementPort}`,
    '--cache=local',
    ...dbOptions(settings),
  ];
  const child = spawn('sh', args, {
    cwd: DIST,
    detached: true,
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      JAVA_HOME: javaHome,
      // a JAVA_OPTS meant for other Java tools would replace all of kc.sh's options, the heap limit too
      JAVA_OPTS: undefined,
      JAVA_OPTS_KC_HEAP: process.env.JAVA_OPTS_KC_HEAP ?? '-Xms64m -Xmx512m',
      JAVA_OPTS_APPEND: [javaOptionsFor(javaHome), process.env.JAVA_OPTS_APPEND].filter(Boolean).join(' '),
      ...dbEnvironment(),
      // used only when the master realm is created (a fresh schema)
      KC_BOOTSTRAP_ADMIN_USERNAME: local.adminUsername,
      KC_BOOTSTRAP_ADMIN_PASSWORD: local.adminPassword,
      [ACCOUNTS_SECRET_VARIABLE]: local.accountsClientSecret,
    },
  });
  child.unref();
  server.recordStarted(child.pid!, port);
  say(
    `starting Keycloak ${KEYCLOAK_VERSION} on 127.0.0.1:${port} (pid ${child.pid}, Java ${javaHome}, database ${settings.schema}, log ${LOG_FILE})`,
  );
  await server.waitUntilAnswers(child.pid!, deadlineMs);
  if (!realms.has(KEYCLOAK_REALM)) writeState({ realmSha256 });
  await reconcile();
  const rss = residentMiB(child.pid!);
  say(
    `ready in ${((Date.now() - began) / 1000).toFixed(1)}s${rss ? ` (${rss} MiB resident)` : ''}: issuer ${issuer}, admin console ${settings.baseUrl}/admin/ (credentials in ${SECRETS_FILE})`,
  );
  return { started: true, issuer };
}

/**
 * Java 24+ needs java.lang opened to JBoss Threads (else its worker threads die with
 * IllegalAccessError), and warns about Netty's use of sun.misc.Unsafe unless it is allowed.
 */
function javaOptionsFor(javaHome: string): string {
  return javaMajor(javaHome) >= 24 ? '--add-opens=java.base/java.lang=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow' : '';
}

/**
 * For npm start and the integration tests' setup: the local Keycloak (started, or reused when its realm
 * already answers) unless OIDC_ISSUER names another provider, in which case nothing is started. Sets
 * OIDC_ISSUER in this environment when it is unset, so the services started afterwards trust the realm.
 */
export async function ensureKeycloak(env: NodeJS.ProcessEnv = process.env): Promise<{ started: boolean; issuer: string }> {
  const { issuer } = keycloakSettings();
  if (env.OIDC_ISSUER && env.OIDC_ISSUER.replace(/\/$/, '') !== issuer) {
    say(`OIDC_ISSUER names another provider (${env.OIDC_ISSUER}); the local Keycloak is not started`);
    return { started: false, issuer: env.OIDC_ISSUER };
  }
  const result = await startKeycloak();
  if (!result.started && !runningPid()) {
    // one that another checkout of this project (or someone else) started: usable only with our admin
    await keycloakAdminToken().catch((err: Error) => {
      throw new Error(
        `a Keycloak answers at ${issuer} that this checkout did not start, and ${err.message}: stop it ` +
          '(npm run keycloak:stop where it was started) or give this checkout another KEYCLOAK_PORT',
      );
    });
  }
  env.OIDC_ISSUER = env.OIDC_ISSUER ?? issuer;
  return result;
}

function dbOptions(settings: KeycloakSettings): string[] {
  const { host, port, user } = mysqlAddress();
  return [`--db-url=jdbc:mariadb://${host}:${port}/${settings.schema}`, `--db-username=${user}`];
}

/** The database password goes through the environment, not the command line (which `ps` shows). */
function dbEnvironment(): Record<string, string> {
  return { KC_DB_PASSWORD: mysqlAddress().password };
}

/** Stops the Keycloak this project started (SIGTERM to its process group; SIGKILL after 30 s). */
export async function stopKeycloak(deadlineMs = 30_000): Promise<boolean> {
  const stopped = await server.stop(deadlineMs);
  if (stopped) say(`Keycloak on 127.0.0.1:${keycloakSettings().port} stopped`);
  return stopped;
}

if (require.main === module) {
  serverCommandLine('keycloak', {
    start: async () => {
      const { started, issuer } = await startKeycloak();
      if (!started)
        say(`the realm ${KEYCLOAK_REALM} already answers on 127.0.0.1:${keycloakSettings().port}; reusing it (issuer ${issuer})`);
    },
    stop: async () => {
      if (!(await stopKeycloak())) say('no Keycloak started by this project is running');
    },
    status: async () => {
      const settings = keycloakSettings();
      const up = await keycloakAnswers();
      const pid = runningPid();
      const rss = pid ? residentMiB(pid) : null;
      say(
        up
          ? `the realm ${KEYCLOAK_REALM} answers: issuer ${settings.issuer}` +
              (pid ? ` (started by this project: pid ${pid}${rss ? `, ${rss} MiB resident` : ''})` : ' (not started by this project)')
          : `nothing answers at ${settings.discoveryUrl}` + (pid ? ` (pid ${pid} is still starting)` : ''),
      );
      process.exitCode = up ? 0 : 1;
    },
  });
}
