import { Principal } from '@yiyang/auth';
import { DomainError, NotFoundError, withinJurisdiction } from '@yiyang/kernel';
import { ErrorCodes } from '../domain/error-codes';
import { InboxOwner, NamedInstitution, NotificationRow } from '../persistence/inbox.repository';

/**
 * Institution staff own their institution's inbox; a regulator their jurisdiction's; a registrar the
 * registry's notices (lapsed licences, sanctions) of their division, or of every division when their
 * token names none (a provincial registry's registrar).
 */
export function inboxOwner(p: Principal): InboxOwner {
  if (p.roles.includes('regulator') && p.division) return { kind: 'regulator', jurisdiction: p.division, reader: p.sub };
  if (p.institutionId) return { kind: 'institution', id: p.institutionId };
  if (p.roles.includes('registrar')) return { kind: 'registrar', jurisdiction: p.division ?? '', reader: p.sub };
  throw new DomainError(ErrorCodes.ROLE_NOT_ALLOWED, 'forbidden', 'inboxes belong to institution staff, regulators and registrars');
}

/** A regulator's requested division must lie inside their jurisdiction (anything else is a 404). */
export function regulatorScope(p: Principal, division?: string): string {
  const own = p.division!;
  const wanted = division ?? own;
  if (!withinJurisdiction(wanted, own)) throw new NotFoundError('jurisdiction', ErrorCodes.OUTSIDE_JURISDICTION);
  return wanted;
}

/** A notification as the API shows it, in the caller's language. */
export function notificationView(
  row: Omit<NotificationRow, 'id' | 'recipient_kind' | 'recipient' | 'recipient_alt' | 'institutions'> & {
    id: string | number;
    institutions?: unknown;
  },
  english: boolean,
) {
  return {
    id: String(row.id),
    type: row.event_type,
    title: english ? row.title_en : row.title_zh,
    body: english ? row.body_en : row.body_zh,
    resource: row.resource,
    /** the institutions it concerns, by name (null: not known to this service when it was written) */
    institutions: namedInstitutions(row.institutions),
    createdAt: new Date(row.created_at).toISOString(),
    readAt: row.read_at ? new Date(row.read_at).toISOString() : null,
  };
}

function namedInstitutions(v: unknown): NamedInstitution[] {
  const parsed: unknown = typeof v === 'string' ? JSON.parse(v) : v;
  return Array.isArray(parsed) ? (parsed as NamedInstitution[]).map((i) => ({ id: i.id, name: i.name ?? null })) : [];
}

export const prefersEnglish = (acceptLanguage: string | undefined) => !!acceptLanguage && /^\s*en\b/i.test(acceptLanguage);
