import { Principal } from '@yiyang/auth';
import { maskResidentId } from '@yiyang/kernel';
import { Referral, ReferralAction, ReferralState } from '../domain/referral';
import { referralActor } from './actor';
import { isoMilestones } from './referral-events';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** How much of the resident the caller may see: staff of the two institutions everything, regulators a masked view. */
export type Audience = 'staff' | 'regulator';

/** An institution's name as this service's directory knows it (null: not heard of yet). */
export type PartyNames = (institutionId: string) => string | null;

function patientView(s: Readonly<ReferralState>, audience: Audience) {
  const p = s.patient;
  if (audience === 'staff')
    return { ref: s.patientRef, name: p.name, sex: p.sex, birthDate: p.birthDate, idNumber: p.idNumber, insurance: p.insurance };
  return {
    ref: s.patientRef,
    name: `${[...p.name][0]}${'*'.repeat(Math.max(1, [...p.name].length - 1))}`,
    sex: p.sex,
    birthYear: p.birthDate.slice(0, 4),
    idNumber: maskResidentId(p.idNumber),
    insurance: p.insurance,
  };
}

export function toReferralResponse(
  s: Readonly<ReferralState>,
  audience: Audience,
  now: Date,
  names: PartyNames,
  allowedActions: ReferralAction[] = [],
  withHistory = true,
) {
  const awaiting = s.status === 'REQUESTED' || s.status === 'RECEIVED';
  return {
    id: s.id,
    version: s.version,
    status: s.status,
    direction: s.direction,
    priority: s.priority,
    fromInstitutionId: s.from.institutionId,
    toInstitutionId: s.to.institutionId,
    /** the sending institution, with its name from the directory (null until the directory has heard of it) */
    from: { institutionId: s.from.institutionId, name: names(s.from.institutionId) },
    /** the receiving institution, with its name from the directory (null until the directory has heard of it) */
    to: { institutionId: s.to.institutionId, name: names(s.to.institutionId) },
    agreementId: s.agreementId,
    via: s.via,
    patient: patientView(s, audience),
    indication: s.clinical.indication,
    ...(audience === 'staff'
      ? {
          icd10: s.clinical.icd10,
          summary: s.clinical.summary,
          vitals: s.clinical.vitals,
          rejectionComment: s.notes.rejectionComment,
          advice: s.notes.advice,
          cancellationReason: s.notes.cancellationReason,
          dischargeSummary: s.notes.dischargeSummary,
        }
      : {}),
    rejectionReason: s.rejectionReason,
    deadlineAt: s.deadlineAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    /** seconds left to answer (negative: overdue); null once answered or closed */
    timeLeftSeconds: awaiting ? Math.floor((s.deadlineAt.getTime() - now.getTime()) / 1000) : null,
    overdue: awaiting && now.getTime() > s.deadlineAt.getTime(),
    claimedBy: s.claimedBy,
    expectedArrivalAt: iso(s.expectedArrivalAt),
    milestones: isoMilestones(s.milestones),
    parentReferralId: s.parentReferralId,
    linkedReferralId: s.linkedReferralId,
    allowedActions,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    ...(withHistory
      ? {
          history: s.history.map((h) => ({
            at: h.at.toISOString(),
            action: h.action,
            from: h.from,
            to: h.to,
            actor: { id: h.actorId, role: h.actorRole, name: h.actorName ?? null },
            code: h.code,
          })),
        }
      : {}),
  };
}

/** The full view a staff caller gets, with the steps open to them now. */
export function toStaffResponse(s: Readonly<ReferralState>, p: Principal, now: Date, names: PartyNames, withHistory = true) {
  return toReferralResponse(s, 'staff', now, names, Referral.restore(s).allowedActions(referralActor(p)), withHistory);
}
