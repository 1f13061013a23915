/** The connection monitor's state machine, driven by fake timers and a probe the test answers. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import createClient from 'openapi-fetch';
import {
  backoffDelay,
  connectionMiddleware,
  ConnectionMonitor,
  httpProbe,
  serviceOf,
  type ConnectionOptions,
  type ConnectionState,
  type Probe,
} from './connection';

/** A probe the test answers: each call waits until the test says whether the service answered. */
function answeredProbe() {
  const calls: { service: string; signal: AbortSignal; answer: (ok: boolean) => void }[] = [];
  const probe: Probe = (service, signal) => new Promise<boolean>((answer) => calls.push({ service, signal, answer }));
  return { calls, probe };
}

let events: EventTarget;
let online: boolean;
let calls: ReturnType<typeof answeredProbe>['calls'];
let seen: ConnectionState[];

/** A monitor with the defaults but no jitter (every wait exact), on a test's own window events. */
function monitorOf(options: Partial<ConnectionOptions> = {}) {
  const probe = answeredProbe();
  calls = probe.calls;
  const monitor = new ConnectionMonitor({ probe: probe.probe, events, browserOnline: () => online, random: () => 0.5, ...options });
  seen = [];
  monitor.subscribe((state) => seen.push(state));
  monitor.start();
  return monitor;
}

const phases = () => seen.map((s) => (s.reason ? `${s.phase}:${s.reason}` : s.phase));
const flush = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
  events = new EventTarget();
  online = true;
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('backoffDelay', () => {
  it('doubles from 1 s to at most 30 s', () => {
    const exact = (attempt: number) => backoffDelay(attempt, { random: () => 0.5 });
    expect([0, 1, 2, 3, 4, 5, 6, 20, 100].map(exact)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000]);
  });

  it('draws each wait within ±20 % so that many consoles do not ask at once', () => {
    expect(backoffDelay(2, { random: () => 0 })).toBe(3200);
    expect(backoffDelay(2, { random: () => 0.999999 })).toBe(4800);
    expect(backoffDelay(10, { random: () => 0.999999 })).toBe(36_000);
  });
});

describe('the connection monitor', () => {
  it('is lost while the browser is offline, probes nothing then, and is back after one probe once online', async () => {
    const monitor = monitorOf();
    events.dispatchEvent(new Event('offline'));
    expect(monitor.state).toEqual({ phase: 'lost', reason: 'offline', attempt: 0 });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(calls).toEqual([]);

    events.dispatchEvent(new Event('online'));
    expect(monitor.state.phase).toBe('retrying');
    expect(calls.map((c) => c.service)).toEqual(['']); // the console's own /config.json
    calls[0].answer(true);
    await flush();
    expect(monitor.state.phase).toBe('back');
    await vi.advanceTimersByTimeAsync(3999);
    expect(monitor.state.phase).toBe('back');
    await vi.advanceTimersByTimeAsync(1);
    expect(monitor.state.phase).toBe('online');
    expect(phases()).toEqual(['lost:offline', 'retrying:offline', 'back', 'online']);
  });

  it('starts lost when the browser is already offline', () => {
    online = false;
    expect(monitorOf().state).toEqual({ phase: 'lost', reason: 'offline', attempt: 0 });
  });

  it('probes a service that did not answer with a growing wait, never a tight loop, until it answers', async () => {
    const monitor = monitorOf();
    monitor.failed('registry');
    expect(monitor.state).toEqual({ phase: 'lost', reason: 'unreachable', attempt: 0, nextProbeInMs: 1000 });
    const waits: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      const wait = monitor.state.nextProbeInMs!;
      waits.push(wait);
      await vi.advanceTimersByTimeAsync(wait - 1);
      expect(calls).toHaveLength(attempt);
      await vi.advanceTimersByTimeAsync(1);
      expect(calls).toHaveLength(attempt + 1);
      expect(calls[attempt].service).toBe('registry');
      expect(monitor.state.phase).toBe('retrying');
      calls[attempt].answer(false);
      await flush();
      expect(monitor.state).toMatchObject({ phase: 'lost', reason: 'unreachable', attempt: attempt + 1 });
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);

    await vi.advanceTimersByTimeAsync(30_000);
    calls[7].answer(true);
    await flush();
    expect(monitor.state.phase).toBe('back');
    await vi.advanceTimersByTimeAsync(4000);
    expect(monitor.state.phase).toBe('online');
    // nothing more is asked once it is back
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(calls).toHaveLength(8);
  });

  it('counts a probe that does not answer within its deadline as failed, and aborts it', async () => {
    const monitor = monitorOf();
    monitor.failed('referral');
    await vi.advanceTimersByTimeAsync(1000);
    expect(monitor.state.phase).toBe('retrying');
    await vi.advanceTimersByTimeAsync(4999);
    expect(monitor.state.phase).toBe('retrying');
    expect(calls[0].signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls[0].signal.aborted).toBe(true);
    expect(monitor.state).toMatchObject({ phase: 'lost', attempt: 1, nextProbeInMs: 2000 });
    // the late answer changes nothing
    calls[0].answer(true);
    await flush();
    expect(monitor.state.phase).toBe('lost');
  });

  it('is back only when every service that failed answers its probe', async () => {
    const monitor = monitorOf();
    monitor.failed('registry');
    monitor.failed('contract');
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.map((c) => c.service)).toEqual(['registry', 'contract']);
    calls[0].answer(true);
    calls[1].answer(false);
    await flush();
    expect(monitor.state).toMatchObject({ phase: 'lost', attempt: 1 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls.slice(2).map((c) => c.service)).toEqual(['contract']);
    calls[2].answer(true);
    await flush();
    expect(monitor.state.phase).toBe('back');
  });

  it('checks a 502/503/504 first: a service that answers its probe (its database is down, say) shows no banner', async () => {
    const monitor = monitorOf();
    monitor.suspect('contract');
    expect(monitor.state.phase).toBe('online');
    monitor.suspect('contract'); // asked once however many calls meet it
    expect(calls.map((c) => c.service)).toEqual(['contract']);
    calls[0].answer(true);
    await flush();
    expect(monitor.state.phase).toBe('online');
    expect(seen).toEqual([]);

    monitor.suspect('contract');
    calls[1].answer(false);
    await flush();
    expect(monitor.state).toMatchObject({ phase: 'lost', reason: 'unreachable' });
  });

  it('is back as soon as a call to the failed service is answered, without waiting for the probe', async () => {
    const monitor = monitorOf();
    monitor.failed('registry');
    monitor.answered('contract'); // another service answering says nothing of the registry
    expect(monitor.state.phase).toBe('lost');
    await vi.advanceTimersByTimeAsync(1000);
    expect(monitor.state.phase).toBe('retrying');
    monitor.answered('registry');
    expect(monitor.state.phase).toBe('back');
    expect(calls[0].signal.aborted).toBe(true);
  });

  it('probes at once when asked (retry now), never two probes at a time', async () => {
    const monitor = monitorOf();
    monitor.failed('registry');
    monitor.retryNow();
    expect(monitor.state.phase).toBe('retrying');
    monitor.retryNow();
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(1);
    calls[0].answer(false);
    await flush();
    expect(monitor.state).toMatchObject({ phase: 'lost', nextProbeInMs: 2000 });
    monitor.retryNow();
    expect(calls).toHaveLength(2);
  });

  it('going offline during a probe ignores its answer; online again starts the waits afresh', async () => {
    const monitor = monitorOf();
    monitor.failed('registry');
    await vi.advanceTimersByTimeAsync(1000);
    calls[0].answer(false);
    await flush();
    await vi.advanceTimersByTimeAsync(2000);
    expect(monitor.state).toMatchObject({ phase: 'retrying', attempt: 1 });
    events.dispatchEvent(new Event('offline'));
    expect(calls[1].signal.aborted).toBe(true);
    calls[1].answer(true);
    await flush();
    expect(monitor.state).toEqual({ phase: 'lost', reason: 'offline', attempt: 1 });

    events.dispatchEvent(new Event('online'));
    expect(calls[2].service).toBe('registry');
    calls[2].answer(false);
    await flush();
    expect(monitor.state).toEqual({ phase: 'lost', reason: 'unreachable', attempt: 1, nextProbeInMs: 2000 });
  });

  it('keeps backing off when lost again soon after coming back, and starts afresh once settled', async () => {
    const monitor = monitorOf();
    const loseAndComeBack = async () => {
      monitor.failed('registry');
      const wait = monitor.state.nextProbeInMs!;
      await vi.advanceTimersByTimeAsync(wait);
      calls.at(-1)!.answer(true);
      await flush();
      expect(monitor.state.phase).toBe('back');
      return wait;
    };
    // a service that answers its probe but not the calls: the waits grow instead of flapping every second
    expect([await loseAndComeBack(), await loseAndComeBack(), await loseAndComeBack()]).toEqual([1000, 2000, 4000]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await loseAndComeBack()).toBe(1000);
  });

  it('stops: no listener, no timer, no probe; and can start again', async () => {
    const monitor = monitorOf();
    monitor.failed('registry');
    monitor.stop();
    expect(monitor.state.phase).toBe('online');
    await vi.advanceTimersByTimeAsync(60_000);
    events.dispatchEvent(new Event('offline'));
    expect(calls).toEqual([]);
    expect(monitor.state.phase).toBe('online');
    monitor.start();
    events.dispatchEvent(new Event('offline'));
    expect(monitor.state.phase).toBe('lost');
  });
});

describe('what the API calls tell the monitor', () => {
  const spy = () => {
    const monitor = monitorOf();
    return {
      monitor,
      failed: vi.spyOn(monitor, 'failed'),
      suspect: vi.spyOn(monitor, 'suspect'),
      answered: vi.spyOn(monitor, 'answered'),
    };
  };
  const clientWith = (monitor: ConnectionMonitor, fetch: (request: Request) => Promise<Response>) => {
    const client = createClient<Record<string, never>>({ baseUrl: 'http://console.test/api/referral', fetch });
    client.use(connectionMiddleware(monitor));
    return client as unknown as { GET(path: string, init?: { signal?: AbortSignal }): Promise<{ response?: Response }> };
  };

  it('names the service from the address', () => {
    expect(serviceOf('http://console.test/api/registry/v1/institutions?q=1')).toBe('registry');
    expect(serviceOf('/api/notification/v1/inbox')).toBe('notification');
    expect(serviceOf('http://console.test/config.json')).toBe('');
  });

  it('an answer: reachable; a 502/503/504: to be checked; no answer: lost; the call itself unchanged', async () => {
    const { monitor, failed, suspect, answered } = spy();
    let next: () => Promise<Response> = async () => new Response('{}', { status: 404, headers: { 'content-type': 'application/json' } });
    const client = clientWith(monitor, () => next());

    expect((await client.GET('/v1/referrals')).response?.status).toBe(404);
    expect(answered).toHaveBeenLastCalledWith('referral');
    for (const status of [502, 503, 504]) {
      next = async () => new Response('{}', { status, headers: { 'content-type': 'application/problem+json' } });
      expect((await client.GET('/v1/referrals')).response?.status).toBe(status);
      expect(suspect).toHaveBeenLastCalledWith('referral');
    }
    next = () => Promise.reject(new TypeError('Failed to fetch'));
    await expect(client.GET('/v1/referrals')).rejects.toThrow('Failed to fetch');
    expect(failed).toHaveBeenCalledWith('referral');
    expect(answered).toHaveBeenCalledTimes(1);
  });

  it('a cancelled call says nothing about the connection', async () => {
    const { monitor, failed } = spy();
    const controller = new AbortController();
    const client = clientWith(monitor, () => {
      controller.abort();
      return Promise.reject(new DOMException('aborted', 'AbortError'));
    });
    await expect(client.GET('/v1/referrals', { signal: controller.signal })).rejects.toThrow('aborted');
    expect(failed).not.toHaveBeenCalled();
    expect(monitor.state.phase).toBe('online');
  });
});

describe('the light probe', () => {
  it('asks a service for /health/live, the console for /config.json, never from a cache nor with a token', async () => {
    const asked: { url: string; init?: RequestInit }[] = [];
    const probe = httpProbe('http://console.test', async (url, init) => {
      asked.push({ url: String(url), init });
      return new Response('{}', { status: String(url).includes('contract') ? 503 : 200 });
    });
    const signal = new AbortController().signal;
    expect(await probe('registry', signal)).toBe(true);
    expect(await probe('contract', signal)).toBe(false);
    expect(await probe('', signal)).toBe(true);
    expect(asked.map((a) => a.url)).toEqual([
      'http://console.test/api/registry/health/live',
      'http://console.test/api/contract/health/live',
      'http://console.test/config.json',
    ]);
    expect(asked[0].init).toMatchObject({ signal, cache: 'no-store', credentials: 'omit' });
    expect(new Headers(asked[0].init?.headers).has('authorization')).toBe(false);
  });

  it('is false, not a throw, when nothing answers', async () => {
    const probe = httpProbe('http://console.test', () => Promise.reject(new TypeError('Failed to fetch')));
    expect(await probe('registry', new AbortController().signal)).toBe(false);
  });
});
