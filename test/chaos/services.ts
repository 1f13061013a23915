/**
 * The four services as real processes (the built bundles), so the suite can SIGKILL and restart them;
 * with `replicas` > 1 each service runs that many times, each replica on its own port, and requests are
 * spread over the replicas that are up (as a load balancer with health checks would).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';

const SERVICE_NAMES = ['institution-registry', 'contract', 'referral', 'notification'];

export interface ServiceProcess {
  /** the process: the service's name, or `<service>@<n>` when it runs in replicas */
  name: string;
  /** the service it is a replica of */
  service: string;
  port: number;
  child?: ChildProcess;
  /** the suite stopped or killed it on purpose */
  stopping?: boolean;
}

export class Services {
  readonly list: ServiceProcess[];
  /** exits the suite did not cause: a service must never end by itself */
  readonly unplannedExits: string[] = [];

  private turn = 0;

  constructor(
    private readonly root: string,
    private readonly dir: string,
    private readonly env: Record<string, string>,
    private readonly basePort: number,
    private readonly dbPrefix = 'chaos',
    private readonly replicas = 1,
  ) {
    this.list = SERVICE_NAMES.flatMap((service) => Array.from({ length: replicas }, (_, r) => this.instance(service, r + 1)));
  }

  private instance(service: string, n: number): ServiceProcess {
    // replica n of service i listens on basePort + i + 10·(n − 1): 14001–14004, 14011–14014, …
    return {
      name: this.replicas === 1 && n === 1 ? service : `${service}@${n}`,
      service,
      port: this.basePort + SERVICE_NAMES.indexOf(service) + 10 * (n - 1),
    };
  }

  /** The replicas of a service, the ones added later included. */
  replicasOf(service: string): ServiceProcess[] {
    return this.list.filter((s) => s.service === service);
  }

  /** Adds (without starting) one more replica of a service; returns its process name. */
  addReplica(service: string): string {
    const added = { ...this.instance(service, this.replicasOf(service).length + 1) };
    if (!added.name.includes('@')) added.name = `${service}@${this.replicasOf(service).length + 1}`;
    this.list.push(added);
    return added.name;
  }

  /**
   * The base URL of a process by its name, or of a service: then one of its replicas that is up, in
   * turn (requests to a replica killed meanwhile fail and are retried, as behind a load balancer).
   */
  url(name: string): string {
    const exact = this.list.find((s) => s.name === name);
    if (exact) return `http://127.0.0.1:${exact.port}`;
    const replicas = this.replicasOf(name);
    if (replicas.length === 0) throw new Error(`no service ${name}`);
    const up = replicas.filter((s) => s.child && s.child.exitCode === null && !s.stopping);
    const pool = up.length ? up : replicas;
    return `http://127.0.0.1:${pool[this.turn++ % pool.length].port}`;
  }

  get(name: string): ServiceProcess {
    const s = this.list.find((x) => x.name === name);
    if (!s) throw new Error(`no service ${name}`);
    return s;
  }

  /** Starts one process; `settings` are this process's own, over the suite's (e.g. a consumer group of its own). */
  start(name: string, settings: Record<string, string> = {}): void {
    const s = this.get(name);
    const log = openSync(join(this.dir, `${name.replace('@', '.')}.log`), 'a');
    // PROFILE_SERVICE=<name> writes a V8 CPU profile of that service to <dir>/profiles when it stops
    const profile = process.env.PROFILE_SERVICE === name ? ['--cpu-prof', '--cpu-prof-dir', join(this.dir, 'profiles')] : [];
    s.child = spawn(process.execPath, [...profile, join(this.root, 'dist', 'apps', s.service, 'main.js')], {
      cwd: this.root,
      env: {
        ...process.env,
        ...this.env,
        ...settings,
        PORT: String(s.port),
        SERVICE_NAME: s.service,
        DB_NAME: `${this.dbPrefix}_${s.service.replace(/-/g, '_')}`,
      },
      stdio: ['ignore', log, log],
    });
    s.stopping = false;
    const child = s.child;
    child.once('exit', (code, signal) => {
      if (!s.stopping)
        this.unplannedExits.push(`${name} exited by itself (${code ?? signal}); see ${join(this.dir, `${name.replace('@', '.')}.log`)}`);
    });
  }

  /** SIGKILL: no shutdown hooks, in-flight work lost mid-way. */
  async kill(name: string): Promise<void> {
    const child = this.get(name).child;
    if (!child || child.exitCode !== null) return;
    this.get(name).stopping = true;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      this.list.map(async (s) => {
        if (!s.child || s.child.exitCode !== null) return;
        s.stopping = true;
        const exited = new Promise((r) => s.child!.once('exit', r));
        s.child.kill('SIGTERM');
        const timer = setTimeout(() => s.child?.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }

  /**
   * Waits until the starting service answers `/health/ready` with 503 and names `what` among the things
   * it waits for, while `/health/live` says it is alive and a business route answers 503 problem+json
   * with Retry-After. Returns a description of the first failed expectation, or null.
   */
  async waitWaitingFor(name: string, what: string, deadlineMs = 60_000): Promise<string | null> {
    const deadline = Date.now() + deadlineMs;
    let last = 'no answer';
    while (Date.now() < deadline) {
      const child = this.get(name).child;
      if (child && child.exitCode !== null) return `${name} exited (${child.exitCode}) while waiting for ${what}`;
      try {
        const ready = await fetch(`${this.url(name)}/health/ready`, { signal: AbortSignal.timeout(2000) });
        const body = (await ready.json()) as { waitingFor?: Record<string, string> };
        last = `${ready.status} ${JSON.stringify(body)}`;
        if (ready.status === 503 && body.waitingFor && what in body.waitingFor) {
          const live = await fetch(`${this.url(name)}/health/live`, { signal: AbortSignal.timeout(2000) });
          const business = await fetch(`${this.url(name)}/v1/anything`, { signal: AbortSignal.timeout(2000) });
          const problem = (await business.json()) as { code?: string };
          if (live.status !== 200) return `${name}: /health/live answered ${live.status} while starting`;
          if (
            business.status !== 503 ||
            !business.headers.get('retry-after') ||
            !business.headers.get('content-type')?.includes('problem+json')
          ) {
            return `${name}: a request while starting answered ${business.status} ${JSON.stringify(problem)} (expected 503 problem+json with Retry-After)`;
          }
          return null;
        }
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    return `${name} never reported waiting for ${what} (last answer: ${last})`;
  }

  /** Waits until the service answers on `path` (readiness: database and Kafka up). */
  async waitReady(name: string, path = '/health/ready', deadlineMs = 90_000): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    while (Date.now() < deadline) {
      const child = this.get(name).child;
      if (child && child.exitCode !== null)
        throw new Error(`${name} exited (${child.exitCode}); see ${join(this.dir, `${name.replace('@', '.')}.log`)}`);
      try {
        const res = await fetch(`${this.url(name)}${path}`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) return;
      } catch {
        // not yet
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(`${name} was not ready within ${deadlineMs / 1000}s`);
  }
}
