/** Realistic data for the forms' tests: a Fuzhou nursing home, a provincial hospital, a resident, an agreement. */
import { residentIdCheckCharacter, usccCheckCharacter } from '@yiyang/kernel';
import { AgreementSummaryData, ReferralFormData, ReturnFormData } from '../src';

const uscc = (first17: string) => `${first17}${usccCheckCharacter(first17)}`;
const residentId = (first17: string) => `${first17}${residentIdCheckCharacter(first17)}`;

export const NURSING_HOME = { name: '福州市鼓楼区福寿颐养院', code: uscc('52350102MJD00421A') };
export const HOSPITAL = { name: '福建省立医院', code: uscc('12350000488000031') };
export const RESIDENT = {
  name: '林秀英',
  sex: 'F' as const,
  birthDate: '1942-03-15',
  idNumber: residentId('35010219420315002'),
  insurance: 'URBAN_RURAL_RESIDENT' as const,
};

const at = (iso: string) => new Date(iso);

/** An UP referral for a suspected stroke, accepted and arrived (times in UTC; the form prints Beijing time). */
export function upReferral(overrides: Partial<ReferralFormData> = {}): ReferralFormData {
  return {
    referralId: '3f9c2b7e-5a41-4c0d-9e7b-2d6a8c1f4e90',
    direction: 'UP',
    status: 'ARRIVED',
    priority: 'EMERGENCY',
    indication: 'SUSPECTED_STROKE',
    from: NURSING_HOME,
    to: HOSPITAL,
    agreementId: 'a7d4e2c1-0b3f-4e58-8c6a-91f2d7b3e5a0',
    via: 'EMERGENCY_GREEN_CHANNEL',
    residentRef: 'pr_Q2xpbmljYWxSZWZlcmVuY2U',
    deadlineAt: at('2026-11-30T01:27:00Z'),
    milestones: {
      requestedAt: at('2026-11-30T01:12:00Z'),
      receivedAt: at('2026-11-30T01:14:00Z'),
      answeredAt: at('2026-11-30T01:19:00Z'),
      expectedArrivalAt: at('2026-11-30T02:00:00Z'),
      arrivedAt: at('2026-11-30T01:58:00Z'),
      completedAt: null,
      closedAt: null,
    },
    particulars: {
      resident: RESIDENT,
      clinical: {
        icd10: 'I63.9',
        summary:
          '晨起 07:40 护理员发现老人右侧肢体无力、言语含糊，口角向左歪斜，约 15 分钟前仍可自行进食。既往高血压病史 20 年、2 型糖尿病 8 年，长期口服氨氯地平、二甲双胍。发病时间明确，考虑急性缺血性脑卒中可能，请求急诊绿色通道评估溶栓指征。',
        vitals: {
          bpSystolic: 178,
          bpDiastolic: 96,
          heartRate: 92,
          respiratoryRate: 20,
          temperature: 36.8,
          spo2: 95,
          consciousness: 'VOICE',
        },
      },
    },
    printedAt: at('2026-11-30T06:15:00Z'),
    ...overrides,
  };
}

/** Paragraphs of a long discharge summary (several pages). */
export const DISCHARGE_PARAGRAPHS = Array.from(
  { length: 14 },
  (_, i) =>
    `第${i + 1}段：住院第${i + 1}日，患者生命体征平稳，神经功能缺损评分较入院时改善，右上肢肌力由 2 级恢复至 3+ 级，言语较前清晰。继续阿司匹林 100mg 每日一次、阿托伐他汀 20mg 每晚一次，监测血压、血糖，康复科指导床旁被动及主动训练，防跌倒、防误吸、防压疮，家属已知情并配合。`,
);

/** The DOWN referral that takes the resident back to the nursing home, with a long discharge summary. */
export function downReferral(overrides: Partial<ReturnFormData> = {}): ReturnFormData {
  return {
    referralId: 'c81e4d2a-7f36-4b9e-a0d5-5e2f1b8c7a63',
    direction: 'DOWN',
    status: 'REQUESTED',
    priority: 'ROUTINE',
    indication: 'REHABILITATION',
    from: HOSPITAL,
    to: NURSING_HOME,
    agreementId: 'a7d4e2c1-0b3f-4e58-8c6a-91f2d7b3e5a0',
    via: 'TWO_WAY_REFERRAL',
    residentRef: 'pr_Q2xpbmljYWxSZWZlcmVuY2U',
    deadlineAt: at('2026-12-15T02:30:00Z'),
    upReferralId: '3f9c2b7e-5a41-4c0d-9e7b-2d6a8c1f4e90',
    milestones: {
      requestedAt: at('2026-12-14T02:30:00Z'),
      receivedAt: null,
      answeredAt: null,
      expectedArrivalAt: null,
      arrivedAt: null,
      completedAt: null,
      closedAt: null,
    },
    particulars: {
      resident: RESIDENT,
      clinical: {
        icd10: 'I63.9',
        summary: '急性缺血性脑卒中恢复期，病情稳定，转回养老机构继续康复与长期照护。',
        vitals: { bpSystolic: 136, bpDiastolic: 82, heartRate: 76, temperature: 36.5, spo2: 97, consciousness: 'ALERT' },
      },
      dischargeSummary: DISCHARGE_PARAGRAPHS.join('\n'),
      advice:
        '每日康复训练 2 次，每次 30 分钟；每周测量血压 3 次，收缩压控制在 140 mmHg 以下；如出现新发肢体无力、言语不清，立即经急诊绿色通道转诊。',
    },
    printedAt: at('2026-12-14T03:00:00Z'),
    ...overrides,
  };
}

export function agreement(overrides: Partial<AgreementSummaryData> = {}): AgreementSummaryData {
  return {
    agreementId: 'a7d4e2c1-0b3f-4e58-8c6a-91f2d7b3e5a0',
    status: 'ACTIVE',
    mode: 'MULTI_LEVEL',
    elderlyParty: NURSING_HOME,
    medicalParty: HOSPITAL,
    services: [
      { code: 'TWO_WAY_REFERRAL', frequency: null },
      { code: 'EMERGENCY_GREEN_CHANNEL', frequency: null },
      { code: 'REGULAR_VISITS', frequency: 'WEEKLY' },
      { code: 'REHABILITATION', frequency: 'ON_DEMAND' },
    ],
    term: { effectiveFrom: '2026-01-01', effectiveTo: '2028-12-31' },
    site: null,
    revision: 1,
    revisions: [
      {
        revision: 0,
        proposedBy: 'elderly',
        proposedByName: '陈美玲',
        proposedAt: at('2025-12-10T02:00:00Z'),
        countersignedByName: '王建国',
        countersignedAt: at('2025-12-12T08:30:00Z'),
      },
      {
        revision: 1,
        proposedBy: 'medical',
        proposedByName: '王建国',
        proposedAt: at('2026-06-01T01:00:00Z'),
        countersignedByName: '陈美玲',
        countersignedAt: at('2026-06-03T07:45:00Z'),
      },
    ],
    document: {
      fileName: '福寿颐养院-省立医院医养结合合作协议.pdf',
      sha256: '9b74c9897bac770ffc029102a200c5de6d1a1b5c0e3f0e5f8f0b6a1c2d3e4f50',
    },
    termination: null,
    printedAt: at('2026-11-30T06:15:00Z'),
    ...overrides,
  };
}
