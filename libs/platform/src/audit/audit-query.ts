import { ForbiddenError, Principal, Role } from '@yiyang/auth';
import { EdgeErrorCodes, ValidationError, addDays, assertNever, decodeCursor, encodeCursor } from '@yiyang/kernel';

/** The most rows one CSV export holds. */
export const AUDIT_EXPORT_MAX_ROWS = 10_000;

/** The roles whose staff read the entries that concern their own institution. */
export const AUDIT_STAFF_ROLES: readonly Role[] = ['elderly-admin', 'medical-admin', 'referral-desk'];

/** Which entries a caller may read: all of them, those with a party in a division prefix, or those concerning one institution. */
export type AuditScope = { kind: 'all' } | { kind: 'jurisdiction'; division: string } | { kind: 'institution'; institutionId: string };

/**
 * The caller's scope, the widest their roles give: a role of `readAll` (the registry's registrar) reads
 * everything; a regulator the entries with either party inside their division; institution staff the
 * entries concerning their institution. Anyone else: 403 (a regulator without a division and staff
 * without an institution too, though their tokens are refused before: libs/auth's claims).
 */
export function auditScopeOf(p: Principal, readAll: readonly Role[]): AuditScope {
  if (p.roles.some((r) => readAll.includes(r))) return { kind: 'all' };
  if (p.roles.includes('regulator')) {
    if (!p.division || !/^\d{2,6}$/.test(p.division))
      throw new ForbiddenError(
        'a regulator reads the audit trail of their division, and this token names none',
        EdgeErrorCodes.ROLE_NOT_ALLOWED,
      );
    return { kind: 'jurisdiction', division: p.division };
  }
  if (p.roles.some((r) => AUDIT_STAFF_ROLES.includes(r))) {
    if (!p.institutionId)
      throw new ForbiddenError("staff read their institution's audit trail, and this token names none", EdgeErrorCodes.ROLE_NOT_ALLOWED);
    return { kind: 'institution', institutionId: p.institutionId };
  }
  const roles = [...readAll, 'regulator', ...AUDIT_STAFF_ROLES].join(', ');
  throw new ForbiddenError(`the audit trail is read by the roles: ${roles}`, EdgeErrorCodes.ROLE_NOT_ALLOWED);
}

/** The filters of `GET /v1/audit` as the query takes them: instants, not dates. */
export interface AuditFilter {
  /** entries at or after */
  from?: Date;
  /** entries strictly before */
  before?: Date;
  actor?: string;
  institution?: string;
  type?: string;
  action?: string;
  resource?: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a YYYY-MM-DD is a calendar date (2026-02-30 is not). */
export function isCalendarDate(date: string): boolean {
  if (!DATE.test(date)) return false;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

/** China-time midnight starting a calendar date, as an instant. */
export const chinaMidnight = (date: string): Date => new Date(`${date}T00:00:00+08:00`);

/** `from`/`to` (China-time dates, both inclusive) as an instant range; a non-date or a range ending before it starts is a 400. */
export function dateRange(from?: string, to?: string): Pick<AuditFilter, 'from' | 'before'> {
  const errors = [
    ...(from !== undefined && !isCalendarDate(from) ? [{ field: 'from', message: 'must be a date YYYY-MM-DD' }] : []),
    ...(to !== undefined && !isCalendarDate(to) ? [{ field: 'to', message: 'must be a date YYYY-MM-DD' }] : []),
  ];
  if (errors.length) throw new ValidationError(errors);
  if (from !== undefined && to !== undefined && to < from) throw new ValidationError([{ field: 'to', message: 'must not be before from' }]);
  return {
    ...(from !== undefined ? { from: chinaMidnight(from) } : {}),
    ...(to !== undefined ? { before: chinaMidnight(addDays(to, 1)) } : {}),
  };
}

/** The position after the last entry of a page: its instant and id (keyset, newest first). */
export interface AuditPosition {
  at: Date;
  id: string;
}

export const auditCursor = (p: AuditPosition): string => encodeCursor({ at: p.at.toISOString(), id: p.id });

/** A cursor this list returned, or a 400 (a forged or altered one included). */
export function auditPosition(cursor: string): AuditPosition {
  const invalid = () => new ValidationError([{ field: 'cursor', message: 'is not a cursor this list returned' }]);
  const key = decodeCursor<{ at: string; id: string }>(cursor, ['at', 'id']);
  if (typeof key.at !== 'string' || typeof key.id !== 'string' || !/^[1-9]\d{0,19}$/.test(key.id)) throw invalid();
  const at = new Date(key.at);
  if (Number.isNaN(at.getTime()) || at.toISOString() !== key.at) throw invalid();
  return { at, id: key.id };
}

const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, '\\$&')}%`;

/**
 * The WHERE clause of a read: the caller's scope, the filters and the keyset position, as SQL with
 * its parameters (every value a parameter). Newest first: `(at, id) < position`.
 */
export function auditWhere(scope: AuditScope, filter: AuditFilter, after?: AuditPosition): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const where = (sql: string, ...values: unknown[]) => {
    clauses.push(sql);
    params.push(...values);
  };
  switch (scope.kind) {
    case 'all':
      break;
    case 'jurisdiction':
      where('(party1_division LIKE ? OR party2_division LIKE ?)', likePrefix(scope.division), likePrefix(scope.division));
      break;
    case 'institution':
      where('(party1_institution_id = ? OR party2_institution_id = ?)', scope.institutionId, scope.institutionId);
      break;
    default:
      return assertNever(scope);
  }
  if (filter.from) where('at >= ?', filter.from);
  if (filter.before) where('at < ?', filter.before);
  if (filter.actor !== undefined) where('actor_id = ?', filter.actor);
  if (filter.institution !== undefined)
    where('(party1_institution_id = ? OR party2_institution_id = ?)', filter.institution, filter.institution);
  if (filter.type !== undefined) where('aggregate_type = ?', filter.type);
  if (filter.action !== undefined) where('action = ?', filter.action);
  if (filter.resource !== undefined) where('aggregate_id = ?', filter.resource);
  if (after) where('(at, id) < (?, ?)', after.at, after.id);
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}
