import { EntityManager } from 'typeorm';
import { Actor } from '@yiyang/messaging';

/**
 * Who made a change, as the audit trail keeps it: the event actor (user id and role) plus, where
 * known, their institution and display name. Events carry only "role:userId" (`eventActorOf`).
 */
export interface AuditedActor extends Actor {
  institutionId?: string | null;
  name?: string | null;
}

/** An institution a change concerns, and its GB/T 2260 division: who may read the change's entry. */
export interface AuditParty {
  institutionId: string;
  division: string;
}

/** One audit entry to write: a recorded change of one aggregate. */
export interface AuditDraft {
  at: Date;
  aggregateType: string;
  aggregateId: string;
  version: number;
  /** the change's `kind` */
  action: string;
  /** the state fields the change set (`['*']`: the creation) */
  fields: string[];
  reason: string | null;
  actor: AuditedActor;
  /** one or two parties; a third and more are refused (the table has two) */
  parties: AuditParty[];
}

/** What an event may carry of an audited actor: its user id and role, never a name or an institution. */
export const eventActorOf = (actor: AuditedActor): Actor => ({ userId: actor.userId, role: actor.role });

/** A change's `reason` when it has one as text (the default of an AggregateDefinition's `reason`). */
export function reasonOf(change: unknown): string | null {
  if (typeof change !== 'object' || change === null || !('reason' in change)) return null;
  const reason = change.reason;
  return typeof reason === 'string' && reason.length > 0 ? reason : null;
}

const clip = (text: string | null | undefined, max: number): string | null => (text ? text.slice(0, max) : null);

/** The row values of one draft, in the column order of `AuditWriter.append`. */
export function auditRow(d: AuditDraft): unknown[] {
  if (d.parties.length < 1 || d.parties.length > 2) throw new Error(`an audit entry concerns one or two parties, not ${d.parties.length}`);
  const [first, second] = d.parties;
  return [
    d.at,
    d.aggregateType,
    d.aggregateId,
    d.version,
    d.action,
    JSON.stringify(d.fields),
    d.reason,
    d.actor.userId,
    d.actor.role,
    d.actor.institutionId ?? null,
    clip(d.actor.name, 200),
    first.institutionId,
    first.division,
    second?.institutionId ?? null,
    second?.division ?? null,
  ];
}

/**
 * Appends audit entries inside the caller's transaction (one statement for a write's entries), so a
 * change and its entry commit together or not at all. The only writer of `audit_entries`.
 */
export class AuditWriter {
  async append(em: EntityManager, drafts: AuditDraft[]): Promise<void> {
    if (drafts.length === 0) return;
    await em.query(
      `INSERT INTO audit_entries (at, aggregate_type, aggregate_id, version, action, fields, reason, actor_id, actor_role,
        actor_institution_id, actor_name, party1_institution_id, party1_division, party2_institution_id, party2_division) VALUES ?`,
      [drafts.map(auditRow)],
    );
  }
}
