import { Principal, primaryRole } from '@yiyang/auth';
import { Actor } from '@yiyang/messaging';
import { ReferralActor, STAFF_ROLES, StaffRole } from '../domain/referral';

/** The caller as the aggregate judges it: the first staff role they hold, and their institution. */
export function referralActor(p: Principal): ReferralActor {
  const role = (STAFF_ROLES as readonly string[]).find((r) => p.roles.includes(r as never)) as StaffRole | undefined;
  return { userId: p.sub, role: role ?? 'other', institutionId: p.institutionId ?? null };
}

/** The caller as events record it. */
export function eventActor(p: Principal): Actor {
  return { userId: p.sub, role: primaryRole(p) };
}
