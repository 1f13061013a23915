/**
 * What the home page's tests (unit and browser) share: agreements, referrals and an institution's
 * statistics as the services answer them (typed by the generated clients).
 */
import type { components as ReferralComponents } from '../../api/referral';
import type { AgreementRow } from '../agreements/model';
import type { InstitutionStatistics } from './model';
import { milestonesFrom } from '../referrals/testing';

export type ListedReferral = ReferralComponents['schemas']['ListedReferral'];

export const HOME_ID = 'a0e00000-0000-4000-8000-0000000000a1';
export const HOSPITAL_ID = 'a0e00000-0000-4000-8000-000000000001';
export const CLINIC_ID = 'a0e00000-0000-4000-8000-000000000002';
export const NAMES: Record<string, string> = {
  [HOME_ID]: '福州市鼓楼区乐龄颐养院',
  [HOSPITAL_ID]: '福建医科大学附属协和医院',
  [CLINIC_ID]: '鼓楼区东街街道社区卫生服务中心',
};

/** An agreement as GET /v1/agreements lists it: the home and the hospital, ACTIVE, unless `o` says otherwise. */
export function listedAgreement(id: string, o: Partial<AgreementRow> = {}): AgreementRow {
  const elderly = o.elderlyInstitutionId ?? HOME_ID;
  const medical = o.medicalInstitutionId ?? HOSPITAL_ID;
  return {
    id,
    version: 4,
    status: 'ACTIVE',
    mode: 'MULTI_LEVEL',
    elderlyInstitutionId: elderly,
    medicalInstitutionId: medical,
    elderlyInstitutionName: NAMES[elderly] ?? null,
    medicalInstitutionName: NAMES[medical] ?? null,
    copiedFrom: null,
    services: [{ code: 'TWO_WAY_REFERRAL', frequency: null }],
    fees: [],
    responsibilities: { elderlyParty: ['提供医疗点用房'], medicalParty: ['每周巡诊'] },
    breachLiability: '违约方承担相应责任',
    term: { effectiveFrom: '2025-12-01', effectiveTo: '2026-11-30' },
    site: null,
    entrustment: null,
    staff: [],
    document: null,
    proposedBy: 'elderly',
    predecessorId: null,
    revision: 0,
    pendingAmendment: null,
    termination: null,
    sanctions: [],
    createdAt: '2025-11-20T02:00:00.000Z',
    updatedAt: '2025-11-25T02:00:00.000Z',
    ...o,
  };
}

/** A referral as GET /v1/referrals lists it: from the home up to the hospital, requested at `requestedAt`. */
export function listedReferral(id: string, requestedAt: string, o: Partial<ListedReferral> = {}): ListedReferral {
  const from = o.fromInstitutionId ?? HOME_ID;
  const to = o.toInstitutionId ?? HOSPITAL_ID;
  return {
    id,
    version: 1,
    status: 'REQUESTED',
    direction: 'UP',
    priority: 'URGENT',
    fromInstitutionId: from,
    toInstitutionId: to,
    from: { institutionId: from, name: NAMES[from] ?? null },
    to: { institutionId: to, name: NAMES[to] ?? null },
    agreementId: 'a-1',
    via: 'TWO_WAY_REFERRAL',
    patient: {
      ref: `p-${id.slice(-4)}`,
      name: '林秀英',
      sex: 'F',
      birthDate: '1938-04-12',
      idNumber: '350102********0013',
      insurance: 'URBAN_EMPLOYEE',
    },
    indication: 'ACUTE_EXACERBATION',
    icd10: null,
    summary: '慢阻肺病史 10 年，近 2 日咳喘加重。',
    vitals: null,
    rejectionReason: null,
    deadlineAt: requestedAt,
    expiresAt: requestedAt,
    timeLeftSeconds: null,
    overdue: false,
    claimedBy: null,
    expectedArrivalAt: null,
    milestones: milestonesFrom(requestedAt),
    parentReferralId: null,
    linkedReferralId: null,
    allowedActions: [],
    createdAt: requestedAt,
    updatedAt: requestedAt,
    ...o,
  } as ListedReferral;
}

type Figures = InstitutionStatistics['range']['sent'];

/** One side's figures over a period: nothing counted unless `o` says so. */
export function figures(o: Partial<Figures> = {}): Figures {
  const none = { count: 0, median: null, p90: null };
  return {
    requested: { UP: 0, DOWN: 0, total: 0 },
    statusChanges: {},
    received: 0,
    answered: 0,
    answeredWithinDeadline: 0,
    onTimeRate: null,
    accepted: 0,
    rejected: 0,
    acceptanceRate: null,
    rejectionReasons: {},
    arrived: 0,
    overdue: 0,
    waitTimes: { requestToReceipt: none, receiptToDecision: none, requestToDecision: none, decisionToArrival: none },
    ...o,
  };
}

/** GET /v1/statistics?institution= as the notification service answers it (the 30 days to `to`). */
export function institutionStatistics(institution: string, sent: Partial<Figures>, received: Partial<Figures>, to = '2026-11-30') {
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  const s = figures(sent);
  const r = figures(received);
  return {
    institution,
    division: null,
    period: { from, to, granularity: 'day' as const, timeZone: 'Asia/Shanghai' as const },
    range: { sent: s, received: r, total: r },
    series: [],
    waitTimes: {
      approximate: true,
      unit: 'second' as const,
      bucketUpperBounds: [60],
      percentile:
        'the upper bound of the histogram bucket in which the cumulative count first reaches ceil(q × count); null when nothing was counted or past the last bound' as const,
    },
  };
}
