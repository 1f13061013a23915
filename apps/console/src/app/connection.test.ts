/**
 * The connection monitor wired into the console's own machinery, end to end on jsdom with fake timers:
 * the typed API clients (fetch stubbed) tell it what they meet, TanStack Query's onlineManager follows it
 * (queries wait while lost and are fetched again when back), mutations are never held back and replayed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { focusManager, MutationObserver, onlineManager, QueryClient, QueryObserver } from '@tanstack/react-query';
import { createApiClients, unwrap } from '../api/client';
import { networkProblem } from '../api/problem';
import { ConnectionMonitor, httpProbe } from '../shared/connection';
import { json, stubApi, type Recorded } from '../test/fakeApi';
import { followConnection, watchApi } from './connection';
import { createQueryClient } from './SignedInApp';

let down: boolean;
let calls: Recorded[];
const cleanups: (() => void)[] = [];

const asked = (path: string) => calls.filter((c) => c.path === path).length;
const LIST = '/api/registry/v1/institutions';
const HEALTH = '/api/registry/health/live';

beforeEach(() => {
  vi.useFakeTimers();
  down = false;
  calls = stubApi((r) => {
    if (down) throw new TypeError('Failed to fetch');
    if (r.path === LIST) return json({ items: [], nextCursor: null });
    if (r.path === HEALTH) return json({ status: 'ok' });
    if (r.path === '/config.json') return json({});
    return undefined;
  });
});
afterEach(() => {
  cleanups.splice(0).forEach((cleanup) => cleanup());
  focusManager.setFocused(undefined);
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** The signed-in console's pieces as SignedInApp and the shell put them together. */
function connectedConsole(client: QueryClient = createQueryClient()) {
  client.mount();
  const api = createApiClients({ accessToken: () => 'token-1', language: () => 'zh', onUnauthorized: () => undefined });
  const monitor = new ConnectionMonitor({ probe: httpProbe(), random: () => 0.5, browserOnline: () => true });
  const stopFollowing = followConnection(monitor);
  const stopWatching = watchApi(api, monitor);
  const list = new QueryObserver(client, {
    queryKey: ['registry', 'institutions'],
    queryFn: ({ signal }) => unwrap(api.registry.GET('/v1/institutions', { params: { query: {} }, signal })),
  });
  const unsubscribe = list.subscribe(() => undefined);
  cleanups.push(() => {
    unsubscribe();
    stopWatching();
    stopFollowing();
    client.unmount();
    client.clear();
  });
  return { client, monitor, list };
}

describe('the connection, wired into the API clients and TanStack Query', () => {
  it('a call that gets no answer loses the connection: queries wait, only the light probe asks, back they are fetched', async () => {
    const { monitor, list } = connectedConsole();
    await vi.advanceTimersByTimeAsync(0);
    expect(asked(LIST)).toBe(1);
    expect(list.getCurrentResult().status).toBe('success');

    down = true;
    void list.refetch();
    await vi.advanceTimersByTimeAsync(0);
    expect(monitor.state).toMatchObject({ phase: 'lost', reason: 'unreachable' });
    expect(onlineManager.isOnline()).toBe(false);

    // 20 s later: the query's retry waits for the connection; probes at 1 s, 3 s, 7 s, 15 s, never a tight loop
    await vi.advanceTimersByTimeAsync(20_000);
    expect(asked(LIST)).toBe(2);
    expect(asked(HEALTH)).toBe(4);
    expect(list.getCurrentResult().fetchStatus).toBe('paused');

    down = false;
    await vi.advanceTimersByTimeAsync(11_000); // the fifth probe, 16 s after the fourth (at 15 s)
    expect(asked(HEALTH)).toBe(5);
    expect(monitor.state.phase).toBe('back');
    expect(onlineManager.isOnline()).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(asked(LIST)).toBe(3); // the paused retry went on, once
    expect(list.getCurrentResult()).toMatchObject({ status: 'success', fetchStatus: 'idle' });
    await vi.advanceTimersByTimeAsync(4000);
    expect(monitor.state.phase).toBe('online');
  });

  it('offline then online: what is on screen is fetched again, however fresh it was', async () => {
    const { monitor, list } = connectedConsole();
    await vi.advanceTimersByTimeAsync(0);
    expect(asked(LIST)).toBe(1);

    window.dispatchEvent(new Event('offline'));
    expect(monitor.state).toMatchObject({ phase: 'lost', reason: 'offline' });
    expect(onlineManager.isOnline()).toBe(false);
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toHaveLength(1); // offline: nothing is asked

    window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    expect(asked('/config.json')).toBe(1);
    expect(monitor.state.phase).toBe('back');
    await vi.advanceTimersByTimeAsync(0);
    expect(asked(LIST)).toBe(2); // 5 s old, fresh for 30 s, and fetched again
    expect(list.getCurrentResult().status).toBe('success');
  });

  it('a 503 from a service that answers its own probe is the page’s business, not a lost connection', async () => {
    calls = stubApi((r) =>
      r.path === HEALTH ? json({ status: 'ok' }) : json({ status: 503, code: 'TEMPORARILY_UNAVAILABLE', detail: 'database' }, 503),
    );
    const { monitor, list } = connectedConsole();
    await vi.advanceTimersByTimeAsync(0);
    expect(asked(HEALTH)).toBe(1);
    expect(monitor.state.phase).toBe('online');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(list.getCurrentResult().status).toBe('error'); // retried twice, then the page says it
    expect(monitor.state.phase).toBe('online');
  });

  it('a mutation while lost is sent when pressed and fails at once; back, it is not sent again', async () => {
    const { client, monitor } = connectedConsole();
    monitor.failed('referral');
    expect(onlineManager.isOnline()).toBe(false);
    let sent = 0;
    const accept = new MutationObserver(client, {
      mutationFn: async () => {
        sent++;
        throw networkProblem();
      },
    });
    const outcome = accept.mutate().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toBe(1);
    expect(await outcome).toMatchObject({ status: 0 });
    expect(accept.getCurrentResult()).toMatchObject({ status: 'error', isPaused: false });

    monitor.answered('referral');
    expect(onlineManager.isOnline()).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toBe(1);
  });

  it('(what that avoids) TanStack Query’s default would hold the mutation back and send it by itself later', async () => {
    const { client, monitor } = connectedConsole(new QueryClient());
    monitor.failed('referral');
    let sent = 0;
    const accept = new MutationObserver(client, { mutationFn: async () => ++sent });
    void accept.mutate();
    await vi.advanceTimersByTimeAsync(0);
    expect(accept.getCurrentResult().isPaused).toBe(true);
    monitor.answered('referral');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toBe(1);
  });

  it('coming back to the tab while lost probes at once instead of waiting out the backoff', async () => {
    const { monitor } = connectedConsole();
    await vi.advanceTimersByTimeAsync(0);
    down = true;
    monitor.failed('registry');
    await vi.advanceTimersByTimeAsync(1000);
    expect(monitor.state).toMatchObject({ phase: 'lost', nextProbeInMs: 2000 });
    down = false;
    focusManager.setFocused(false);
    focusManager.setFocused(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(asked(HEALTH)).toBe(2);
    expect(monitor.state.phase).toBe('back');
  });

  it('stopped, TanStack Query follows the window’s own events again', async () => {
    const { monitor } = connectedConsole();
    monitor.failed('registry');
    expect(onlineManager.isOnline()).toBe(false);
    cleanups.splice(0).forEach((cleanup) => cleanup());
    expect(onlineManager.isOnline()).toBe(true);
    const unsubscribe = onlineManager.subscribe(() => undefined); // as a QueryClient mounted later does
    cleanups.push(unsubscribe);
    window.dispatchEvent(new Event('offline'));
    expect(onlineManager.isOnline()).toBe(false);
    window.dispatchEvent(new Event('online'));
    expect(onlineManager.isOnline()).toBe(true);
  });
});
