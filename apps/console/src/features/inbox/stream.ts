/**
 * The live notification stream (GET /api/notification/v1/stream, Server-Sent Events). EventSource
 * cannot send a bearer token, so this reads the stream with fetch (@microsoft/fetch-event-source), the
 * token in the Authorization header, never in the URL. It reconnects with Last-Event-ID (nothing is
 * missed across a dropped connection or a renewed token) and puts each notice into the query cache.
 */
import { useEffect, useRef, useState } from 'react';
import { fetchEventSource } from '@microsoft/fetch-event-source';
import { useQueryClient } from '@tanstack/react-query';
import { useSession } from '../../auth/session';
import { useI18n } from '../../i18n/i18n';
import { addArrivedNotice, type Notice } from './inbox';

export type StreamStatus = 'off' | 'connecting' | 'live' | 'reconnecting';

class StreamClosed extends Error {}

/** Backoff between reconnections: 1 s, 2 s, 4 s … at most 30 s. */
export const reconnectDelay = (attempt: number) => Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));

export function useNotificationStream(enabled: boolean, onNotice: (notice: Notice) => void): StreamStatus {
  const { accessToken, markExpired, expired } = useSession();
  const { lang } = useI18n();
  const client = useQueryClient();
  const [status, setStatus] = useState<StreamStatus>('off');
  const lastId = useRef<string | undefined>(undefined);
  const notify = useRef(onNotice);
  notify.current = onNotice;
  const token = accessToken();

  useEffect(() => {
    if (!enabled || !token || expired) {
      setStatus('off');
      return;
    }
    const abort = new AbortController();
    let attempt = 0;
    setStatus('connecting');
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'accept-language': lang === 'en' ? 'en' : 'zh-CN' };
    if (lastId.current) headers['last-event-id'] = lastId.current;
    fetchEventSource('/api/notification/v1/stream', {
      signal: abort.signal,
      headers,
      openWhenHidden: true,
      async onopen(response) {
        if (response.status === 401) {
          markExpired();
          throw new StreamClosed('unauthorized');
        }
        if (!response.ok || !response.headers.get('content-type')?.startsWith('text/event-stream'))
          throw new Error(`stream answered ${response.status}`);
        attempt = 0;
        setStatus('live');
      },
      onmessage(message) {
        if (message.id) lastId.current = message.id;
        if (message.event !== 'notification' || !message.data) return;
        let notice: Notice;
        try {
          notice = JSON.parse(message.data) as Notice;
        } catch {
          return;
        }
        addArrivedNotice(client, lang, notice);
        notify.current(notice);
      },
      onclose() {
        // the server ended the stream (a restart): reconnect
        throw new Error('stream closed');
      },
      onerror(err) {
        if (err instanceof StreamClosed) throw err;
        attempt += 1;
        setStatus('reconnecting');
        return reconnectDelay(attempt);
      },
    }).catch(() => {
      if (!abort.signal.aborted) setStatus('off');
    });
    return () => abort.abort();
  }, [enabled, token, expired, lang, client, markExpired]);

  return status;
}
