import { Principal, primaryRole } from '@yiyang/auth';
import { Actor } from '@yiyang/messaging';
import { ReferralActor, STAFF_ROLES, StaffRole } from '../domain/referral';

/**
 * The caller as the aggregate judges it: the first staff role they hold, and their institution; with
 * their display name for the history lines (never judged, never in events).
 */
export function referralActor(p: Principal): ReferralActor {
  const role = (STAFF_ROLES as readonly string[]).find((r) => p.roles.includes(r as never)) as StaffRole | undefined;
  return { userId: p.sub, role: role ?? 'other', institutionId: p.institutionId ?? null, name: p.name ?? null };
}

/**
 * The caller as the audit trail records it (the platform's AuditedActor: with institution and display
 * name); events take only its role and user id, never the name.
 */
export function eventActor(p: Principal): Actor & { institutionId: string | null; name: string | null } {
  return { userId: p.sub, role: primaryRole(p), institutionId: p.institutionId ?? null, name: p.name ?? null };
}
