/**
 * What the audit trail's tests (unit and browser) share: entries as the services answer them, and a
 * trail answered as `GET /v1/audit` and `GET /v1/audit.csv` answer it (libs/platform/src/audit: the
 * caller's scope, the filters with China dates, newest first by (at, id), a keyset cursor, the CSV's
 * header and China time, at most 10,000 rows).
 */
import type { AuditEntry } from './model';

/** An entry as the API answers it; the actor a medical institution's administrator unless given. */
export const auditEntry = (
  e: Partial<Omit<AuditEntry, 'actor'>> &
    Pick<AuditEntry, 'id' | 'at' | 'type' | 'resourceId' | 'action'> & {
      actor?: Partial<AuditEntry['actor']>;
    },
): AuditEntry => ({
  version: 1,
  fields: ['*'],
  reason: null,
  parties: [],
  ...e,
  actor: { id: 'u-1', role: 'medical-admin', institutionId: null, name: null, ...e.actor },
});

/** Who is asking, as the services' scope sees it (auditScopeOf). */
export interface Caller {
  roles: string[];
  division?: string;
  institutionId?: string;
}

/** What a service answers: a status and a body (JSON, or the CSV text with its headers). */
export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const problem = (status: number, code: string, detail: string, errors?: { field: string; message: string }[]): Answer => ({
  status,
  body: { type: `urn:yiyang:problem:${code.toLowerCase()}`, title: 'Refused', status, code, detail, ...(errors ? { errors } : {}) },
});

const isDate = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
const chinaMidnight = (d: string) => new Date(`${d}T00:00:00+08:00`).getTime();
const chinaTime = (at: string) => new Date(new Date(at).getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
const csvCell = (v: unknown) => {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * A service's audit trail over `entries`: `readAll` the roles that read everything (the registry's
 * registrar). `path` is the service's own (`/v1/audit` or `/v1/audit.csv`).
 */
export function answerAudit(
  entries: readonly AuditEntry[],
  caller: Caller,
  path: string,
  query: URLSearchParams,
  readAll: string[] = [],
): Answer {
  // the scope, the widest the roles give (else 403)
  let scope: (e: AuditEntry) => boolean;
  if (caller.roles.some((r) => readAll.includes(r))) scope = () => true;
  else if (caller.roles.includes('regulator') && caller.division)
    scope = (e) => e.parties.some((p) => p.division.startsWith(caller.division!));
  else if (caller.institutionId && caller.roles.some((r) => ['elderly-admin', 'medical-admin', 'referral-desk'].includes(r)))
    scope = (e) => e.parties.some((p) => p.institutionId === caller.institutionId);
  else
    return problem(
      403,
      'ROLE_NOT_ALLOWED',
      'the audit trail is read by the roles: ' + [...readAll, 'regulator', 'elderly-admin'].join(', '),
    );
  const csv = path.endsWith('.csv');
  const allowed = new Set(['from', 'to', 'actor', 'institution', 'type', 'action', 'resource', ...(csv ? [] : ['limit', 'cursor'])]);
  const unknown = [...query.keys()].filter((k) => !allowed.has(k));
  if (unknown.length)
    return problem(
      400,
      'VALIDATION_FAILED',
      'invalid query',
      unknown.map((k) => ({ field: k, message: `property ${k} should not exist` })),
    );
  const from = query.get('from') ?? undefined;
  const to = query.get('to') ?? undefined;
  const bad = [
    ...(from !== undefined && !isDate(from) ? [{ field: 'from', message: 'must be a date YYYY-MM-DD' }] : []),
    ...(to !== undefined && !isDate(to) ? [{ field: 'to', message: 'must be a date YYYY-MM-DD' }] : []),
  ];
  if (bad.length) return problem(400, 'VALIDATION_FAILED', 'invalid query', bad);
  if (from && to && to < from)
    return problem(400, 'VALIDATION_FAILED', 'invalid query', [{ field: 'to', message: 'must not be before from' }]);
  const institution = query.get('institution')?.toLowerCase();
  const eq = (key: string, value: string) => !query.has(key) || query.get(key) === value;
  const before = to ? chinaMidnight(to) + 86_400_000 : Infinity;
  const matching = entries
    .filter(scope)
    .filter((e) => {
      const at = new Date(e.at).getTime();
      return (
        (!from || at >= chinaMidnight(from)) &&
        at < before &&
        eq('actor', e.actor.id) &&
        eq('type', e.type) &&
        eq('action', e.action) &&
        eq('resource', e.resourceId) &&
        (!institution || e.parties.some((p) => p.institutionId === institution))
      );
    })
    .sort((a, b) => b.at.localeCompare(a.at) || Number(b.id) - Number(a.id));
  if (csv) {
    if (matching.length > 10_000) return problem(422, 'AUDIT_EXPORT_TOO_LARGE', 'the export would hold more than 10000 entries; narrow it');
    const header =
      'time (UTC+8),type,resource,version,action,fields,reason,actor,actor role,actor institution,actor name,institutions,divisions';
    const rows = matching.map((e) =>
      [
        chinaTime(e.at),
        e.type,
        e.resourceId,
        e.version,
        e.action,
        e.fields.join(' '),
        e.reason,
        e.actor.id,
        e.actor.role,
        e.actor.institutionId,
        e.actor.name,
        e.parties.map((p) => p.institutionId).join(' '),
        e.parties.map((p) => p.division).join(' '),
      ]
        .map(csvCell)
        .join(','),
    );
    return {
      status: 200,
      body: `\ufeff${[header, ...rows].join('\r\n')}\r\n`,
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="audit-2026-11-30.csv"' },
    };
  }
  const limit = Number(query.get('limit') ?? 20);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    return problem(400, 'VALIDATION_FAILED', 'invalid query', [{ field: 'limit', message: 'must be 1–100' }]);
  const cursor = query.get('cursor');
  let start = 0;
  if (cursor) {
    const i = matching.findIndex((e) => `c${e.id}` === cursor);
    if (i < 0)
      return problem(400, 'VALIDATION_FAILED', 'invalid query', [{ field: 'cursor', message: 'is not a cursor this list returned' }]);
    start = i + 1;
  }
  const items = matching.slice(start, start + limit);
  const more = matching.length > start + limit;
  return { status: 200, body: { items, nextCursor: more ? `c${items[items.length - 1].id}` : null } };
}
