/**
 * An audit entry in words: who (name, role, institution by name), what (the change kind), which record
 * (the institution, the agreement between its two parties, the referral from one to the other), the
 * fields the change set (the status move where the life cycle tells it), the reason with its code in
 * words, and one sentence of all that for the list's buttons and the drawer.
 */
import { PLATFORM_ROLES } from '../../auth/principal';
import type { MessageKey } from '../../i18n/messages';
import type { AuditTranslate } from './i18n';
import { labelOf, type AuditLabels } from './messages';
import {
  FIELDS,
  ROUTINE_FIELDS,
  STATUS_MOVES,
  isSource,
  partiesOf,
  shortRef,
  type AuditEntry,
  type PartyRole,
  type Source,
  type StatusMove,
} from './model';

/** An institution's name by id, when it is known (undefined while it is read, or when it cannot be). */
export type NameOf = (id: string) => string | undefined;

export interface Words {
  lang: 'zh' | 'en';
  t: AuditTranslate;
  L: AuditLabels;
}

export interface DescribedEntry {
  source: Source;
  /** the person's name, 系统 for a scheduled job or consumer */
  who: string;
  /** the role the change was made in, in words */
  role: string;
  /** the actor's institution by name (absent: none, e.g. a registrar or the system) */
  actorInstitution?: string;
  action: string;
  /** the record by name: an institution, "A 与 B 的合作协议", "A → B 的转诊" */
  record: string;
  /** a short reference of the record's id, beside its name */
  recordRef: string;
  parties: { role: PartyRole; label: string; name: string }[];
  /** where the status went, in words, when the change moved it */
  statusMove?: string;
  /** what the change set, in words, for the list: the status move, then the other fields on one line (routine bookkeeping left out) */
  changes: string[];
  /** every field the change set, in words, for the drawer */
  fields: string[];
  reason?: string;
  sentence: string;
}

const SYSTEM = 'system';

/** The role in words: the platform's roles from the console's sentences, the system's from this feature's. */
export function roleWords(role: string, t: AuditTranslate): string {
  if (role === SYSTEM) return t('role_system');
  return (PLATFORM_ROLES as readonly string[]).includes(role) ? t(`role_${role}` as MessageKey) : role;
}

/** An institution by name, or a short reference while its name is unknown (never the whole UUID). */
export const institutionWords = (id: string, nameOf: NameOf, t: AuditTranslate): string =>
  nameOf(id) ?? t('institutionUnknown', { ref: shortRef(id) });

function statusMoveOf(source: Source, action: string): StatusMove | undefined {
  const moves: Partial<Record<string, StatusMove>> = STATUS_MOVES[source];
  return moves[action];
}

/** A status in the trail's words (a code the table does not know stays as it is). */
export const statusWords = (source: Source, status: string, L: AuditLabels): string =>
  labelOf(L.status[source] as Record<string, string>, status);

/** A field's name in words, or the name itself when the trail does not know it (a newer service). */
export const fieldWords = (source: Source, field: string, L: AuditLabels): string =>
  labelOf(L.field[source] as Record<string, string>, field);

/** The change kind in words, or the kind itself when the trail does not know it. */
export const actionWords = (source: Source, action: string, L: AuditLabels): string =>
  labelOf(L.action[source] as Record<string, string>, action);

function reasonWords(source: Source, entry: AuditEntry, { lang, t, L }: Words): string | undefined {
  const reason = entry.reason?.trim();
  if (!reason) return undefined;
  // a referral keeps its rejection's reason code only (free text stays sealed in the referral)
  if (source === 'referral' && entry.action === 'rejected') return labelOf(L.rejectionReason, reason);
  // an agreement's party sanction records the sanction itself
  if (source === 'agreement' && entry.action === 'party-sanctioned') {
    const status = statusWords('institution', reason, L);
    return t('reasonSanction', { status: lang === 'en' ? status.toLowerCase() : status });
  }
  return reason;
}

/** The record the entry changed, by its parties' names. */
export function recordWords(source: Source, entry: Pick<AuditEntry, 'parties' | 'resourceId'>, nameOf: NameOf, t: AuditTranslate): string {
  const name = (id: string | undefined) => (id ? institutionWords(id, nameOf, t) : '—');
  const [first, second] = entry.parties.map((p) => p.institutionId);
  switch (source) {
    case 'institution':
      return t('recordInstitution', { name: name(first ?? entry.resourceId) });
    case 'agreement':
      return t('recordAgreement', { elderly: name(first), medical: name(second) });
    case 'referral':
      return t('recordReferral', { sender: name(first), receiver: name(second) });
  }
}

/** An entry in words (see the module's comment); `source` is the trail it was read from. */
export function describeEntry(entry: AuditEntry, source: Source, nameOf: NameOf, words: Words): DescribedEntry {
  const { t, L } = words;
  const trail = isSource(entry.type) ? entry.type : source;
  const system = entry.actor.role === SYSTEM || entry.actor.id === SYSTEM;
  const who = entry.actor.name?.trim() || (system ? t('actorSystem') : t('actorUnnamed'));
  const action = actionWords(trail, entry.action, L);
  const record = recordWords(trail, entry, nameOf, t);
  const move = statusMoveOf(trail, entry.action);
  const created = entry.fields.includes('*');
  let statusMove: string | undefined;
  if (move && created) statusMove = t('createdWithStatus', { to: statusWords(trail, move.to, L) });
  else if (move && entry.fields.includes('status'))
    statusMove = move.from
      ? t('statusMove', { from: statusWords(trail, move.from, L), to: statusWords(trail, move.to, L) })
      : t('statusTo', { to: statusWords(trail, move.to, L) });
  const known: readonly string[] = FIELDS[trail];
  // the trail's own order first, then any field it does not know yet
  const ordered = [...entry.fields.filter((f) => known.includes(f)).sort((a, b) => known.indexOf(a) - known.indexOf(b))].concat(
    entry.fields.filter((f) => f !== '*' && !known.includes(f)),
  );
  const fields = created ? [t('created')] : ordered.map((f) => fieldWords(trail, f, L));
  const others = ordered.filter((f) => !ROUTINE_FIELDS.includes(f) && !(statusMove && f === 'status')).map((f) => fieldWords(trail, f, L));
  const changes = created
    ? [statusMove ?? t('created')]
    : [...(statusMove ? [statusMove] : []), ...(others.length ? [t('changedFields', { fields: others.join(t('listSeparator')) })] : [])];
  return {
    source: trail,
    who,
    role: roleWords(entry.actor.role, t),
    ...(entry.actor.institutionId ? { actorInstitution: institutionWords(entry.actor.institutionId, nameOf, t) } : {}),
    action,
    record,
    recordRef: t('recordRef', { ref: shortRef(entry.resourceId) }),
    parties: partiesOf(trail, entry).map((p) => ({
      role: p.role,
      label: L.party[p.role],
      name: institutionWords(p.institutionId, nameOf, t),
    })),
    ...(statusMove ? { statusMove } : {}),
    changes,
    fields,
    ...(reasonWords(trail, entry, words) ? { reason: reasonWords(trail, entry, words) } : {}),
    sentence: t('sentence', { who, action, record }),
  };
}
