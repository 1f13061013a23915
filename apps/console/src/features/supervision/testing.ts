/**
 * What the supervision tests (unit and browser) share: agreements and referrals as the contract and the
 * referral services answer a regulator (lists without history; a referral's resident masked, no clinical
 * text, no actions; one read with its history).
 */
import type { AgreementItem, Agreement, ReferralItem, Referral } from './model';
import { milestonesFrom } from '../referrals/testing';

export const HOME = 'a9e00000-0000-4000-8000-0000000000a1';
export const HOSPITAL = 'a9e00000-0000-4000-8000-000000000001';
export const CLINIC = 'a9e00000-0000-4000-8000-000000000002';
export const REHAB = 'a9e00000-0000-4000-8000-0000000000b1';
export const NAMES: Record<string, string> = {
  [HOME]: '福州市鼓楼区乐龄颐养院',
  [HOSPITAL]: '福建医科大学附属协和医院',
  [CLINIC]: '鼓楼区东街社区卫生服务中心',
  [REHAB]: '福州市康复医院',
};

/** An agreement as a list item: the named parties, no history, no attached document. */
export function agreementItem(over: Partial<AgreementItem> & Pick<AgreementItem, 'id'>): AgreementItem {
  return {
    version: 4,
    status: 'ACTIVE',
    mode: 'MULTI_LEVEL',
    elderlyInstitutionId: HOME,
    elderlyInstitutionName: NAMES[HOME],
    medicalInstitutionId: HOSPITAL,
    medicalInstitutionName: NAMES[HOSPITAL],
    services: [
      { code: 'TWO_WAY_REFERRAL', frequency: null },
      { code: 'EMERGENCY_GREEN_CHANNEL', frequency: null },
      { code: 'REGULAR_VISITS', frequency: 'WEEKLY' },
    ],
    fees: [{ item: '巡诊服务费', amountFen: 50000, unit: 'PER_MONTH', payer: 'ELDERLY_PARTY' }],
    responsibilities: { elderlyParty: ['提供诊疗场地'], medicalParty: ['每周巡诊一次'] },
    breachLiability: '违约方承担相应责任。',
    term: { effectiveFrom: '2026-01-01', effectiveTo: '2026-12-31' },
    site: null,
    entrustment: null,
    staff: [],
    document: { fileName: '合作协议.pdf', sha256: 'a'.repeat(64) },
    proposedBy: 'elderly',
    predecessorId: null,
    copiedFrom: null,
    revision: 0,
    pendingAmendment: null,
    termination: null,
    sanctions: [],
    createdAt: '2025-12-10T02:30:00.000Z',
    updatedAt: '2026-01-01T00:00:05.000Z',
    ...over,
  };
}

/** One agreement as `GET /v1/agreements/{id}` answers it: with its history and latest document. */
export function agreementRead(item: AgreementItem, history: NonNullable<Agreement['history']> = []): Agreement {
  return { ...item, attachedDocument: null, history, renewals: [] };
}

/** A referral as a regulator's list shows it: masked resident, no clinical text, no actions, no history. */
export function referralItem(over: Partial<ReferralItem> & Pick<ReferralItem, 'id'>): ReferralItem {
  return {
    version: 1,
    status: 'REQUESTED',
    direction: 'UP',
    priority: 'URGENT',
    fromInstitutionId: HOME,
    toInstitutionId: HOSPITAL,
    from: { institutionId: HOME, name: NAMES[HOME] },
    to: { institutionId: HOSPITAL, name: NAMES[HOSPITAL] },
    agreementId: 'ag000000-0000-4000-8000-000000000001',
    via: 'TWO_WAY_REFERRAL',
    patient: {
      ref: 'pr_7Yx2b',
      name: '王**',
      sex: 'F',
      birthYear: '1941',
      idNumber: '350102********1229',
      insurance: 'URBAN_EMPLOYEE',
    },
    indication: 'SUSPECTED_STROKE',
    rejectionReason: null,
    deadlineAt: '2026-11-30T04:00:00.000Z',
    expiresAt: '2026-11-30T10:00:00.000Z',
    timeLeftSeconds: 3600,
    overdue: false,
    claimedBy: null,
    expectedArrivalAt: null,
    milestones: milestonesFrom('2026-11-30T02:00:00.000Z'),
    parentReferralId: null,
    linkedReferralId: null,
    allowedActions: [],
    createdAt: '2026-11-30T02:00:00.000Z',
    updatedAt: '2026-11-30T02:00:00.000Z',
    ...over,
  };
}

/** One referral as a regulator reads it: the list's view with its history. */
export function referralRead(item: ReferralItem, history: NonNullable<Referral['history']> = []): Referral {
  return { ...item, history };
}
