import { createHmac, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { EventTypes } from '@yiyang/contracts';

/** Loopback, private, link-local, CGNAT, unspecified and unique-local addresses: never a target unless allowed. */
export function isPrivateAddress(address: string): boolean {
  const v = isIP(address);
  if (v === 4) {
    const [a, b] = address.split('.').map(Number);
    return (
      a === 10 ||
      a === 127 ||
      a === 0 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (v === 6) {
    const x = address.toLowerCase();
    if (x.startsWith('::ffff:')) return isPrivateAddress(x.slice(7));
    return x === '::1' || x === '::' || x.startsWith('fc') || x.startsWith('fd') || x.startsWith('fe80');
  }
  return false;
}

/** Why a webhook URL is refused, or null: http(s) only, no credentials, no private or loopback host unless allowed. */
export function webhookUrlProblem(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must use http or https';
  if (url.username || url.password) return 'must not carry credentials';
  if (url.hash) return 'must not have a fragment';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (
    !allowPrivate &&
    (isPrivateAddress(host) || host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal'))
  ) {
    return 'must not point at a private, loopback or internal address';
  }
  return null;
}

/** `X-Yiyang-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** What a subscriber does to check a delivery (documented in the README): recompute and compare in constant time. */
export function verifySignature(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!m || Math.abs(nowSeconds - Number(m[1])) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureHeader(secret, body, Number(m[1])).split('v1=')[1], 'hex');
  return timingSafeEqual(expected, Buffer.from(m[2], 'hex'));
}

/** Exponential backoff of deliveries: base × 2^(attempt-1), capped. */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** (attempt - 1));
}

/** Event-type filters: full types (yiyang.referral.requested.v1), short ones (referral.requested) or a family (referral.*). */
export function matchesTypeFilter(type: string, filters: string[]): boolean {
  if (filters.length === 0) return true;
  const short = type.replace(/^yiyang\./, '').replace(/\.v\d+$/, '');
  return filters.some((f) => f === type || f === short || f === '*' || (f.endsWith('.*') && short.startsWith(f.slice(0, -1))));
}

const ALL_TYPES = new Set<string>(Object.values(EventTypes).flatMap((group) => Object.values(group)));
const SHORT_TYPES = new Set([...ALL_TYPES].map((t) => t.replace(/^yiyang\./, '').replace(/\.v\d+$/, '')));
const FAMILIES = new Set(Object.keys(EventTypes).map((k) => `${k}.*`));

/** Whether a subscription's filter names something that exists: a full type, a short one, a family, or `*`. */
export function isKnownTypeFilter(f: string): boolean {
  return f === '*' || ALL_TYPES.has(f) || SHORT_TYPES.has(f) || FAMILIES.has(f);
}

const divisionAt = (v: unknown): string | undefined => {
  const d = (v as { divisionCode?: unknown } | undefined)?.divisionCode;
  return typeof d === 'string' ? d : undefined;
};

/**
 * Every division an event concerns: the envelope's (one party's) and, for an agreement, a referral or a
 * refusal, the other party's from its data; for a finding, every division it lists. A regulator of any of
 * them sees the event (rule 5).
 */
export function eventDivisions(event: { division: string; data: unknown }): string[] {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const found: (string | undefined)[] = [event.division];
  const agreement = data.agreement as Record<string, unknown> | undefined;
  if (agreement) found.push(divisionAt(agreement.elderlyParty), divisionAt(agreement.medicalParty));
  const referral = (data.referral as Record<string, unknown> | undefined) ?? data;
  found.push(divisionAt(referral.from), divisionAt(referral.to));
  const finding = data.finding as { division?: unknown; details?: { divisions?: unknown } } | undefined;
  if (finding) {
    if (typeof finding.division === 'string') found.push(finding.division);
    if (Array.isArray(finding.details?.divisions))
      found.push(...finding.details.divisions.filter((d): d is string => typeof d === 'string'));
  }
  return [...new Set(found.filter((d): d is string => !!d))];
}
