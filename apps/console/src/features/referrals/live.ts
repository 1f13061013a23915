/**
 * The referral lists kept current by the notification stream, not by polling. The shell reads the
 * stream (one connection per tab) and puts each notice into the inbox's query cache; this watches that
 * cache, and for each new notice about a referral reads that one referral and puts it into every list
 * that shows it. After a dropped connection comes back, the lists are read again (anything missed).
 */
import { useEffect, useRef } from 'react';
import { useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useSession } from '../../auth/session';
import { useInbox, type InboxPage, type Notice } from '../inbox/inbox';
import { useStreamStatus } from '../inbox/StreamStatus';
import { applyReferral, fetchReferral, referralKeys, type Worklist } from './api';
import type { Referral } from './types';

const REFERRAL_RESOURCE = /^\/v1\/referrals\/([0-9a-fA-F-]{36})$/;

/** The referral a notice is about, if it is about one. */
export function referralIdOf(notice: Pick<Notice, 'type' | 'resource'>): string | undefined {
  if (!notice.type.startsWith('yiyang.referral.')) return undefined;
  return REFERRAL_RESOURCE.exec(notice.resource)?.[1];
}

export interface LiveArrival {
  referral: Referral;
  /** it was not on this institution's worklist before the notice */
  isNew: boolean;
}

export function useReferralLive(onArrival?: (arrival: LiveArrival) => void): void {
  const { api, principal } = useSession();
  const client = useQueryClient();
  const status = useStreamStatus();
  const institutionId = principal.institutionId;
  const callback = useRef(onArrival);
  callback.current = onArrival;

  // the inbox list must be in the cache for the stream to put notices into it
  useInbox();

  useEffect(() => {
    const cache = client.getQueryCache();
    const seen = new Set<string>();
    const primed = new Set<string>();
    const isInboxList = (key: readonly unknown[]) => key[0] === 'inbox' && key[1] === 'list';
    const noticesOf = (data: unknown) => ((data as InfiniteData<InboxPage> | undefined)?.pages ?? []).flatMap((p) => p.items);

    // what is in the cache now is not news
    for (const query of cache.findAll({ queryKey: ['inbox', 'list'] })) {
      if (query.state.data === undefined) continue;
      noticesOf(query.state.data).forEach((n) => seen.add(n.id));
      primed.add(query.queryHash);
    }

    const arrived = async (id: string) => {
      const before = institutionId ? client.getQueryData<Worklist>(referralKeys.queue(institutionId)) : undefined;
      const wasListed = !!before?.items.some((r) => r.id === id);
      try {
        const referral = await fetchReferral(api, id);
        applyReferral(client, institutionId, referral);
        callback.current?.({ referral, isNew: !wasListed && referral.toInstitutionId === institutionId });
      } catch {
        // gone or not ours: the lists are right as they are
      }
    };

    return cache.subscribe((event) => {
      if (event.type !== 'updated' || !isInboxList(event.query.queryKey)) return;
      const data = event.query.state.data;
      if (data === undefined) return;
      const first = !primed.has(event.query.queryHash);
      primed.add(event.query.queryHash);
      for (const notice of noticesOf(data)) {
        if (seen.has(notice.id)) continue;
        seen.add(notice.id);
        const id = first ? undefined : referralIdOf(notice);
        if (id) void arrived(id);
      }
    });
  }, [client, api, institutionId]);

  // back from a dropped connection: read the lists again rather than trust what may have been missed
  const previous = useRef(status);
  useEffect(() => {
    if (previous.current === 'reconnecting' && status === 'live') void client.invalidateQueries({ queryKey: ['referrals'] });
    previous.current = status;
  }, [status, client]);
}
