/**
 * Whether the console can reach its server, as a small state machine in plain TypeScript (no React, no
 * TanStack; timers only through setTimeout, so tests drive it with fake timers):
 *
 *   online ──(the browser goes offline │ an API call gets no answer │ a 502/503/504 a probe confirms)──▶ lost
 *   lost ──(the wait is over │ "retry now" │ the browser is online again)──▶ retrying: one light probe, with a deadline
 *   retrying ──(the probe fails)──▶ lost, the next wait doubled (1 s, 2 s, 4 s … 30 s at most, ±20 %)
 *   retrying ──(the probe answers)──▶ back ──(4 s)──▶ online
 *   lost │ retrying ──(an API call to every service that failed is answered)──▶ back
 *
 * While the browser says it is offline nothing is probed (it cannot succeed): the 'online' event starts a
 * probe at once. A probe asks each service that failed for `/api/<service>/health/live` (or, when none did,
 * the console's own `/config.json`); it never replays the person's requests. Lost again within a minute of
 * coming back (a service that answers its probe but not the calls), the wait keeps growing instead of
 * starting again at 1 s.
 *
 * The monitor only knows; the shell shows it (ConnectionBanner) and TanStack Query's onlineManager follows
 * it (src/app/connection.ts): queries pause while lost and the active ones are fetched again when back.
 */
import type { Middleware } from 'openapi-fetch';

export type ConnectionPhase = 'online' | 'lost' | 'retrying' | 'back';
/** offline: the browser says so; unreachable: the browser is online but the server does not answer. */
export type LossReason = 'offline' | 'unreachable';

export interface ConnectionState {
  readonly phase: ConnectionPhase;
  /** why the connection is lost (in 'lost' and 'retrying') */
  readonly reason?: LossReason;
  /** probes that failed since the connection was lost */
  readonly attempt: number;
  /** in 'lost' while the browser is online: the wait before the next probe, in milliseconds */
  readonly nextProbeInMs?: number;
}

/** Does `service` answer ('' for the console's own server)? False, never a throw, when it does not. */
export type Probe = (service: string, signal: AbortSignal) => Promise<boolean>;

export interface ConnectionOptions {
  probe: Probe;
  /** where the 'online' and 'offline' events come from (window) */
  events?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  /** what the browser says now (navigator.onLine) */
  browserOnline?: () => boolean;
  /** the first wait before a probe (1 s); each failed probe doubles it */
  baseDelayMs?: number;
  /** the longest wait between probes (30 s) */
  maxDelayMs?: number;
  /** each wait is drawn in ±jitter of itself, so that many consoles do not ask at the same instant (0.2) */
  jitter?: number;
  /** a probe that has not answered within this is a failed one (5 s) */
  deadlineMs?: number;
  /** how long "reconnected" stays before the banner goes away (4 s) */
  backMs?: number;
  /** lost again within this after coming back, the waits keep growing (60 s) */
  settleMs?: number;
  /** a number in [0, 1) (Math.random) */
  random?: () => number;
}

/** The wait before probe number `attempt` + 1: base × 2^attempt, at most `max`, within ±jitter. */
export function backoffDelay(attempt: number, { base = 1000, max = 30_000, jitter = 0.2, random = Math.random } = {}): number {
  const plain = Math.min(max, base * 2 ** Math.min(attempt, 30));
  return Math.round(plain * (1 + jitter * (2 * random() - 1)));
}

/** The state in which requests can go out: TanStack Query's "online". */
export const isReachable = (state: ConnectionState) => state.phase === 'online' || state.phase === 'back';

type Timer = ReturnType<typeof setTimeout>;

export class ConnectionMonitor {
  #state: ConnectionState = { phase: 'online', attempt: 0 };
  readonly #listeners = new Set<(state: ConnectionState) => void>();
  readonly #options: Required<Omit<ConnectionOptions, 'events'>> & Pick<ConnectionOptions, 'events'>;
  /** the browser said 'offline' (and has not said 'online' since) */
  #offline = false;
  /** services whose calls got no answer, '' for the console's own server */
  readonly #failing = new Set<string>();
  /** services being asked whether a 503 meant "not answering" (no banner while asked) */
  readonly #verifying = new Set<string>();
  #attempt = 0;
  #retryTimer?: Timer;
  #backTimer?: Timer;
  #settleTimer?: Timer;
  #probing?: AbortController;
  /** bumped by stop(): answers of probes started before are ignored */
  #generation = 0;
  #detach?: () => void;

  constructor(options: ConnectionOptions) {
    this.#options = {
      browserOnline: () => (typeof navigator === 'undefined' ? true : navigator.onLine !== false),
      baseDelayMs: 1000,
      maxDelayMs: 30_000,
      jitter: 0.2,
      deadlineMs: 5000,
      backMs: 4000,
      settleMs: 60_000,
      random: Math.random,
      ...options,
    };
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Calls `listener` on every change; returns the way to stop. */
  subscribe = (listener: (state: ConnectionState) => void): (() => void) => {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  };

  /** Follows the browser's 'online' and 'offline' events (and starts offline if the browser is). */
  start(): void {
    if (this.#detach) return;
    const events = this.#options.events ?? (typeof window === 'undefined' ? undefined : window);
    const offline = () => this.browserOffline();
    const online = () => this.browserOnline();
    events?.addEventListener('offline', offline);
    events?.addEventListener('online', online);
    this.#detach = () => {
      events?.removeEventListener('offline', offline);
      events?.removeEventListener('online', online);
    };
    if (!this.#options.browserOnline()) this.browserOffline();
  }

  /** Stops listening, forgets every timer and probe, and is online again (start() may follow). */
  stop(): void {
    this.#detach?.();
    this.#detach = undefined;
    this.#generation++;
    this.#cancelProbe();
    this.#clear('retry', 'back', 'settle');
    this.#offline = false;
    this.#failing.clear();
    this.#verifying.clear();
    this.#attempt = 0;
    this.#set({ phase: 'online', attempt: 0 });
  }

  browserOffline(): void {
    this.#offline = true;
    this.#cancelProbe();
    this.#clear('retry');
    this.#enterLost();
  }

  browserOnline(): void {
    if (!this.#offline) return;
    this.#offline = false;
    // a new network: start the waits again, and look at once
    this.#attempt = 0;
    if (this.#lost()) this.#probeNow();
  }

  /** A call to `service` got no answer at all (network error, the console's server gone). */
  failed(service: string): void {
    this.#failing.add(service);
    if (!this.#lost()) this.#enterLost();
  }

  /**
   * A call to `service` was answered 502, 503 or 504: the one-origin server saying the service does not
   * answer, or the service itself saying something it needs (its database, file storage) is down. A probe
   * tells which: only when the service does not answer it either is the connection lost.
   */
  suspect(service: string): void {
    if (this.#lost()) return this.failed(service);
    if (this.#verifying.has(service)) return;
    this.#verifying.add(service);
    const generation = this.#generation;
    void this.#ask([service]).then(([ok]) => {
      if (generation !== this.#generation) return;
      this.#verifying.delete(service);
      if (!ok) this.failed(service);
    });
  }

  /** A call to `service` was answered (whatever the status but 502/503/504): it is reachable. */
  answered(service: string): void {
    this.#failing.delete(service);
    if (this.#lost() && !this.#offline && this.#failing.size === 0) this.#enterBack();
  }

  /** The person asked to try now (or came back to the tab): probe at once unless one is under way. */
  retryNow = (): void => {
    if (this.#state.phase === 'lost') this.#probeNow();
  };

  // ── transitions ──

  #lost(): boolean {
    return this.#state.phase === 'lost' || this.#state.phase === 'retrying';
  }

  #enterLost(): void {
    this.#clear('back');
    if (this.#settleTimer !== undefined) {
      // lost again soon after coming back: keep backing off
      this.#clear('settle');
      this.#attempt++;
    }
    this.#waitOrIdle();
  }

  /** 'lost': offline, nothing scheduled; unreachable, the next probe after the backoff. */
  #waitOrIdle(): void {
    this.#clear('retry');
    if (this.#offline) {
      this.#set({ phase: 'lost', reason: 'offline', attempt: this.#attempt });
      return;
    }
    const { baseDelayMs: base, maxDelayMs: max, jitter, random } = this.#options;
    const delay = backoffDelay(this.#attempt, { base, max, jitter, random });
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#probeNow();
    }, delay);
    this.#set({ phase: 'lost', reason: 'unreachable', attempt: this.#attempt, nextProbeInMs: delay });
  }

  #probeNow(): void {
    if (this.#offline || this.#probing) return;
    this.#clear('retry');
    const targets = this.#failing.size ? [...this.#failing] : [''];
    const controller = new AbortController();
    this.#probing = controller;
    const generation = this.#generation;
    this.#set({ phase: 'retrying', reason: this.#state.reason ?? 'unreachable', attempt: this.#attempt });
    void this.#ask(targets, controller).then((answers) => {
      if (generation !== this.#generation || this.#probing !== controller) return;
      this.#probing = undefined;
      targets.forEach((service, i) => (answers[i] ? this.#failing.delete(service) : this.#failing.add(service)));
      if (this.#failing.size === 0) return this.#enterBack();
      this.#attempt++;
      this.#waitOrIdle();
    });
  }

  #enterBack(): void {
    this.#cancelProbe();
    this.#clear('retry', 'back', 'settle');
    this.#failing.clear();
    this.#set({ phase: 'back', attempt: this.#attempt });
    this.#backTimer = setTimeout(() => {
      this.#backTimer = undefined;
      this.#set({ phase: 'online', attempt: this.#attempt });
    }, this.#options.backMs);
    this.#settleTimer = setTimeout(() => {
      this.#settleTimer = undefined;
      this.#attempt = 0;
    }, this.#options.settleMs);
  }

  // ── probes and timers ──

  /** Asks each service, all at once, each answer false after the deadline or when `controller` aborts. */
  #ask(services: string[], controller = new AbortController()): Promise<boolean[]> {
    const deadline = setTimeout(() => controller.abort(), this.#options.deadlineMs);
    const aborted = new Promise<false>((resolve) => controller.signal.addEventListener('abort', () => resolve(false), { once: true }));
    const one = (service: string) =>
      Promise.race([
        this.#options.probe(service, controller.signal).then(
          (ok) => ok === true,
          () => false,
        ),
        aborted,
      ]);
    return Promise.all(services.map(one)).finally(() => clearTimeout(deadline));
  }

  #cancelProbe(): void {
    const probing = this.#probing;
    this.#probing = undefined;
    probing?.abort();
  }

  #clear(...which: ('retry' | 'back' | 'settle')[]): void {
    if (which.includes('retry')) {
      clearTimeout(this.#retryTimer);
      this.#retryTimer = undefined;
    }
    if (which.includes('back')) {
      clearTimeout(this.#backTimer);
      this.#backTimer = undefined;
    }
    if (which.includes('settle')) {
      clearTimeout(this.#settleTimer);
      this.#settleTimer = undefined;
    }
  }

  #set(state: ConnectionState): void {
    const s = this.#state;
    if (s.phase === state.phase && s.reason === state.reason && s.attempt === state.attempt && s.nextProbeInMs === state.nextProbeInMs)
      return;
    this.#state = state;
    for (const listener of [...this.#listeners]) listener(state);
  }
}

// ── what the monitor is told by, and asks ──

/** The service a call went to: /api/<service>/… (else '' for the console's own server). */
export function serviceOf(url: string): string {
  const path = url.startsWith('/') ? url : new URL(url).pathname;
  return /^\/api\/([a-z][a-z0-9-]*)\//.exec(path)?.[1] ?? '';
}

const GATEWAY = new Set([502, 503, 504]);

/**
 * openapi-fetch middleware for the console's API clients: every answer tells the monitor the service is
 * reachable, a 502/503/504 makes it check, a call that gets no answer makes it lost. It changes nothing
 * in the call (the error still reaches the page, which says it in its own sentence). A cancelled call
 * (the page went elsewhere) says nothing about the connection.
 */
export function connectionMiddleware(monitor: ConnectionMonitor): Middleware {
  return {
    onResponse({ request, response }) {
      const service = serviceOf(request.url);
      if (GATEWAY.has(response.status)) monitor.suspect(service);
      else monitor.answered(service);
      return undefined;
    },
    onError({ request, error }) {
      const aborted = (error instanceof DOMException || error instanceof Error) && error.name === 'AbortError';
      if (!aborted && !request.signal?.aborted) monitor.failed(serviceOf(request.url));
      return undefined;
    },
  };
}

/**
 * The light probe: GET /api/<service>/health/live (public, answered by the service's process, through the
 * one-origin server that answers 503 when the service is silent) or, for the console itself, /config.json;
 * never from a cache, never with the person's token.
 */
export function httpProbe(origin: string = window.location.origin, fetchImpl: typeof fetch = (...a) => fetch(...a)): Probe {
  return async (service, signal) => {
    const url = service ? `${origin}/api/${service}/health/live` : `${origin}/config.json`;
    try {
      const response = await fetchImpl(url, { signal, cache: 'no-store', credentials: 'omit', headers: { accept: 'application/json' } });
      return response.ok;
    } catch {
      return false;
    }
  };
}
