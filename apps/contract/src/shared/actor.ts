import { Principal, primaryRole } from '@yiyang/auth';
import { AuditedActor } from '@yiyang/platform';
import { AgreementActor } from '../domain/agreement';

/** The caller as the aggregate judges it (role and institution), with the display name history records. */
export function agreementActor(p: Principal): AgreementActor {
  const role = p.roles.includes('elderly-admin') ? 'elderly-admin' : p.roles.includes('medical-admin') ? 'medical-admin' : 'other';
  return { userId: p.sub, role, institutionId: p.institutionId ?? null, name: p.name ?? null };
}

/** The caller as the audit trail records it; events take only its role and user id (never the name). */
export function eventActor(p: Principal): AuditedActor {
  return { userId: p.sub, role: primaryRole(p), institutionId: p.institutionId ?? null, name: p.name ?? null };
}

/** The institution whose agreements the caller may change: one that is not a party gets 404, and so does a caller without one (null). */
export function visibleTo(p: Principal): string | null {
  return p.institutionId ?? null;
}

/** Who a command acts for, in every form the store and the aggregate need (spread into a use case's command). */
export function caller(p: Principal): { visibleTo: string | null; actor: AgreementActor; eventActor: AuditedActor } {
  return { visibleTo: visibleTo(p), actor: agreementActor(p), eventActor: eventActor(p) };
}
