import { ComplianceRule } from '@yiyang/contracts';
import { LatLng, distanceKm } from '@yiyang/kernel';

/**
 * The compliance rules of SPEC §4.4 as pure functions of this service's read models: each says
 * whether a finding about a subject should be open now. The caller reconciles that with the findings
 * stored (raise when it should be open and is not, resolve when it is open and should not be), so
 * duplicated or reordered events cannot raise a finding twice or leave a wrong one standing.
 */
export interface DesiredFinding {
  rule: ComplianceRule;
  subject: string;
  /** the division the finding is keyed by (compliance.events' key) */
  division: string;
  open: boolean;
  /** what it is about; `divisions` lists every division concerned when two parties are (the regulators of either see it) */
  details: Record<string, unknown>;
}

/** Both parties' divisions, the first the finding's own: regulators of either see it. */
const divisions = (own: string, other: string) => [...new Set([own, other])];

export interface AgreementView {
  id: string;
  status: string;
  mode: string;
  elderlyId: string;
  medicalId: string;
  elderlyDivision: string;
  medicalDivision: string;
  elderlyLocation: LatLng;
  medicalLocation: LatLng;
  staffFiled: boolean;
  staffCount: number;
}

export interface ReferralView {
  id: string;
  status: string;
  /** the sender and its division (absent in views built before they were kept) */
  fromId?: string;
  fromDivision?: string;
  toId: string;
  toDivision: string;
  overdueAt: Date | null;
  answeredAt: Date | null;
}

export interface InstitutionView {
  id: string;
  category: string;
  status: string;
  division: string;
  /** a practice licence of its own that is in force */
  hasLicence: boolean;
  uncoveredSince: Date | null;
}

const IN_FORCE = ['SIGNED', 'ACTIVE'];

/** A referral past its response deadline and not answered; cleared by an answer or a cancellation (an expiry leaves it standing). */
export function overdueReferral(r: ReferralView): DesiredFinding {
  const open = r.overdueAt !== null && r.answeredAt === null && r.status !== 'CANCELLED';
  return {
    rule: 'OVERDUE_REFERRAL_RESPONSE',
    subject: `referral:${r.id}`,
    division: r.toDivision,
    open,
    details: {
      referralId: r.id,
      receiverId: r.toId,
      ...(r.fromId ? { senderId: r.fromId } : {}),
      divisions: divisions(r.toDivision, r.fromDivision ?? r.toDivision),
    },
  };
}

/**
 * A pair refused a referral for want of an agreement; cleared once the pair has an ACTIVE agreement covering
 * referrals. The pair is keyed as agreements name their parties (`elderlyId` is the care side, which for a
 * CONTINUING_CARE cooperation is a medical institution); the finding names the last refused sender and
 * receiver, neutrally, and both their divisions.
 */
export function referralOutsideAgreement(
  pair: {
    elderlyId: string;
    medicalId: string;
    division: string;
    refusals: number;
    senderId?: string | null;
    receiverId?: string | null;
    receiverDivision?: string | null;
  },
  covered: boolean,
): DesiredFinding {
  return {
    rule: 'REFERRAL_OUTSIDE_AGREEMENT',
    subject: `pair:${pair.elderlyId}:${pair.medicalId}`,
    division: pair.division,
    open: pair.refusals > 0 && !covered,
    details: {
      senderId: pair.senderId ?? pair.elderlyId,
      receiverId: pair.receiverId ?? pair.medicalId,
      refusals: pair.refusals,
      divisions: divisions(pair.division, pair.receiverDivision ?? pair.division),
    },
  };
}

const parties = (a: AgreementView) => ({
  elderlyInstitutionId: a.elderlyId,
  medicalInstitutionId: a.medicalId,
  divisions: divisions(a.elderlyDivision, a.medicalDivision),
});

/** An agreement that expired while the pair has no other agreement in force (no renewal); cleared when one is. */
export function agreementExpiredUnrenewed(a: AgreementView, pairHasAgreementInForce: boolean): DesiredFinding {
  return {
    rule: 'AGREEMENT_EXPIRED_UNRENEWED',
    subject: `agreement:${a.id}`,
    division: a.elderlyDivision,
    open: a.status === 'EXPIRED' && !pairHasAgreementInForce,
    details: { agreementId: a.id, ...parties(a) },
  };
}

/**
 * An ACTIVE elderly-care institution without a licence of its own in force and with no ACTIVE agreement whose
 * medical party's licence is in force (the caller counts those), for longer than the grace period.
 */
export function withoutMedicalCover(i: InstitutionView, activeAgreements: number, now: Date, graceMs: number): DesiredFinding {
  const uncovered = i.category === 'ELDERLY_CARE' && i.status === 'ACTIVE' && !i.hasLicence && activeAgreements === 0;
  const open = uncovered && i.uncoveredSince !== null && now.getTime() - i.uncoveredSince.getTime() >= graceMs;
  return {
    rule: 'ELDERLY_INSTITUTION_WITHOUT_MEDICAL_COVER',
    subject: `institution:${i.id}`,
    division: i.division,
    open,
    details: { institutionId: i.id },
  };
}

/** A suspended or revoked party with agreements still in force (flagged by the contract service); cleared when none remain flagged. */
export function sanctionedParty(institutionId: string, division: string, flaggedAgreements: string[]): DesiredFinding {
  return {
    rule: 'SANCTIONED_PARTY_WITH_ACTIVE_AGREEMENTS',
    subject: `institution:${institutionId}`,
    division,
    open: flaggedAgreements.length > 0,
    details: { institutionId, agreementIds: flaggedAgreements },
  };
}

/** 就近就便: parties of an agreement in force farther apart than the configured distance. */
export function distantAgreement(a: AgreementView, limitKm: number): DesiredFinding {
  const km = Math.round(distanceKm(a.elderlyLocation, a.medicalLocation) * 10) / 10;
  return {
    rule: 'DISTANT_AGREEMENT',
    subject: `agreement:${a.id}`,
    division: a.elderlyDivision,
    open: IN_FORCE.includes(a.status) && km > limitKm,
    details: { agreementId: a.id, distanceKm: km, limitKm, ...parties(a) },
  };
}

/** An EMBEDDED or ENTRUSTED agreement in force whose dispatched staff have not all filed multi-site practice. */
export function staffFilingMissing(a: AgreementView): DesiredFinding {
  const needsStaff = a.mode === 'EMBEDDED' || a.mode === 'ENTRUSTED';
  return {
    rule: 'STAFF_FILING_MISSING',
    subject: `agreement:${a.id}`,
    division: a.elderlyDivision,
    open: IN_FORCE.includes(a.status) && needsStaff && !a.staffFiled,
    details: { agreementId: a.id, staffCount: a.staffCount, ...parties(a) },
  };
}
