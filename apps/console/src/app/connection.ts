/**
 * The connection monitor (src/shared/connection.ts) wired into TanStack Query's own machinery:
 *
 * - onlineManager follows the monitor instead of the bare 'online'/'offline' events: while the
 *   connection is lost, queries pause (no request hammers a server that does not answer; the monitor's
 *   light probe does the asking) and their retries wait; when it is back, onlineManager says so and the
 *   QueryClient fetches every active query again (refetchOnReconnect 'always', createQueryClient).
 * - focusManager: coming back to the tab while lost probes at once instead of waiting out the backoff.
 * - Mutations are never paused nor replayed (networkMode 'always', no retry, createQueryClient): one made
 *   while lost fails at once with its sentence, and the person decides whether to send it again.
 */
import { createContext } from 'react';
import { focusManager, onlineManager, type OnlineManager, type FocusManager } from '@tanstack/react-query';
import type { ApiClients } from '../api/client';
import { connectionMiddleware, isReachable, type ConnectionMonitor } from '../shared/connection';

/** The signed-in console's connection monitor (SignedInApp makes it; the shell's banner reads it). */
export const ConnectionContext = createContext<ConnectionMonitor | null>(null);

type SetupOnline = Parameters<OnlineManager['setEventListener']>[0];

/** TanStack Query's own default: the window's 'online' and 'offline' events. */
const windowEvents: SetupOnline = (setOnline) => {
  if (typeof window === 'undefined') return undefined;
  const online = () => setOnline(true);
  const offline = () => setOnline(false);
  window.addEventListener('online', online);
  window.addEventListener('offline', offline);
  return () => {
    window.removeEventListener('online', online);
    window.removeEventListener('offline', offline);
  };
};

/**
 * Starts `monitor` and makes TanStack Query follow it; returns the way back (the monitor stopped,
 * onlineManager on the window's events again, online).
 */
export function followConnection(
  monitor: ConnectionMonitor,
  online: OnlineManager = onlineManager,
  focus: FocusManager = focusManager,
): () => void {
  monitor.start();
  online.setEventListener((setOnline) => {
    setOnline(isReachable(monitor.state));
    return monitor.subscribe((state) => setOnline(isReachable(state)));
  });
  const offFocus = focus.subscribe((focused) => {
    if (focused) monitor.retryNow();
  });
  return () => {
    offFocus();
    monitor.stop();
    online.setEventListener(windowEvents);
    online.setOnline(true);
  };
}

/** Every call of the API clients tells `monitor` what it met; returns the way to stop. */
export function watchApi(api: ApiClients, monitor: ConnectionMonitor): () => void {
  const middleware = connectionMiddleware(monitor);
  const clients = [api.registry, api.contract, api.referral, api.notification];
  clients.forEach((client) => client.use(middleware));
  return () => clients.forEach((client) => client.eject(middleware));
}
