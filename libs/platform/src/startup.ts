import { Server, createServer } from 'node:http';
import type { Logger } from 'pino';
import { ConfigError } from '@yiyang/config';
import { EdgeErrorCodes, backoffDelay, sleep } from '@yiyang/kernel';

/**
 * What a starting process is still waiting for (the database, Kafka), with the last reason it heard.
 * One per process: a service process starts one application; `/health/ready` of the holding server
 * reads it while the application is being built.
 */
export class StartupStatus {
  private readonly waiting = new Map<string, string>();

  wait(what: string, reason: string): void {
    this.waiting.set(what, reason);
  }

  done(what: string): void {
    this.waiting.delete(what);
  }

  snapshot(): Record<string, string> {
    return Object.fromEntries(this.waiting);
  }
}

export const startupStatus = new StartupStatus();

/**
 * A setting that cannot work however long the process waits: the only kind of start-up failure that
 * ends the process. Its message is a sentence naming the setting.
 */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}

export function isConfigurationError(err: unknown): boolean {
  return err instanceof ConfigError || err instanceof ConfigurationError;
}

/**
 * Calls `attempt` until it succeeds, waiting with capped exponential backoff between tries and
 * recording in the start-up status what is awaited and why. A configuration error is not retried.
 */
export async function patiently<T>(what: string, logger: Logger, attempt: () => Promise<T>, maxDelayMs = 5000): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      const result = await attempt();
      if (n > 1) logger.info({ waitedFor: what, attempts: n }, `${what} answered; start-up continues`);
      startupStatus.done(what);
      return result;
    } catch (err) {
      if (isConfigurationError(err)) throw err;
      const reason = (err as Error)?.message ?? String(err);
      startupStatus.wait(what, reason);
      const delayMs = backoffDelay(n, { baseMs: 500, maxMs: maxDelayMs });
      logger.warn({ waitingFor: what, reason, attempt: n, retryInMs: delayMs }, `waiting for ${what}`);
      await sleep(delayMs);
    }
  }
}

/**
 * Answers on the service's port while the application is being built, so that probes and clients get
 * an honest answer instead of a refused connection: `/health/live` 200, `/health/ready` 503 with what
 * the service waits for, anything else 503 problem+json with Retry-After.
 */
export class HoldingServer {
  private server?: Server;

  constructor(
    private readonly port: number,
    private readonly host: string,
    private readonly status: StartupStatus,
  ) {}

  get listening(): boolean {
    return this.server !== undefined;
  }

  async open(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      // every answer closes its connection: once the application listens, clients reconnect to it
      res.setHeader('connection', 'close');
      if (path === '/health/live') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', starting: true }));
        return;
      }
      res.setHeader('retry-after', '5');
      const waitingFor = this.status.snapshot();
      if (path === '/health/ready') {
        res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'starting', waitingFor }));
        return;
      }
      const awaited = Object.keys(waitingFor);
      const detail = awaited.length
        ? `the service is starting and waits for ${awaited.join(' and ')}; retry shortly`
        : 'the service is starting; retry shortly';
      res.writeHead(503, { 'content-type': 'application/problem+json' }).end(
        JSON.stringify({
          type: 'urn:yiyang:problem:starting',
          title: 'Service Unavailable',
          status: 503,
          detail,
          code: EdgeErrorCodes.STARTING,
        }),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE')
        throw new ConfigurationError(`PORT ${this.port} is already in use on ${this.host}: choose another PORT`);
      if (err.code === 'EADDRNOTAVAIL') throw new ConfigurationError(`HOST ${this.host} is not an address of this machine`);
      throw err;
    });
    server.on('error', () => undefined);
    this.server = server;
  }

  /** Frees the port for the application (connections still open are closed). */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

let guarded = false;

/**
 * A rejection nobody awaited or an exception nobody caught is logged with its stack as structured JSON,
 * and the process goes on: a transient fault in some client must not take the service down with it.
 */
export function guardProcess(logger: Logger): void {
  if (guarded) return;
  guarded = true;
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason instanceof Error ? reason : new Error(String(reason)) }, 'unhandled promise rejection');
  });
  process.on('uncaughtException', (err, origin) => {
    logger.error({ err, origin }, 'uncaught exception');
  });
}
