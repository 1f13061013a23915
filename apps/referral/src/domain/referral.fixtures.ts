/**
 * The referral aggregate's test fixtures (its spec, the printed form's spec, the state-machine
 * properties): two institutions of Fuzhou as the domain sees them, the people who move a referral,
 * a valid resident ID, the deadlines of SPEC §4.3 and an urgent upward request.
 */
import { residentIdCheckCharacter } from '@yiyang/kernel';
import { ReferralRequest } from './referral';
import { DeadlinePolicy, PartyFacts, ReferralActor } from './referral.types';

export const at = new Date('2026-11-22T02:00:00Z');
/** `minutes` after `at` */
export const later = (minutes: number) => new Date(at.getTime() + minutes * 60_000);

export const HOME = '11111111-1111-4111-8111-111111111111';
export const HOSPITAL = '22222222-2222-4222-8222-222222222222';
export const OTHER = '33333333-3333-4333-8333-333333333333';

/** A nursing home in Gulou (350102). */
export const home = (o: Partial<PartyFacts> = {}): PartyFacts => ({
  institutionId: HOME,
  category: 'ELDERLY_CARE',
  kind: 'NURSING_HOME',
  status: 'ACTIVE',
  divisionCode: '350102',
  location: { lat: 26.08, lng: 119.3 },
  ...o,
});
/** A general hospital in Taijiang (350103). */
export const hospital = (o: Partial<PartyFacts> = {}): PartyFacts => ({
  institutionId: HOSPITAL,
  category: 'MEDICAL',
  kind: 'GENERAL_HOSPITAL',
  status: 'ACTIVE',
  divisionCode: '350103',
  location: { lat: 26.05, lng: 119.31 },
  ...o,
});

/** A valid 18-digit resident ID (born 1941-05-02). */
export const idNumber = (() => {
  const first17 = '35010219410502123';
  return first17 + residentIdCheckCharacter(first17);
})();

export const deadlines: DeadlinePolicy = {
  responseMs: { EMERGENCY: 15 * 60_000, URGENT: 2 * 3600_000, ROUTINE: 24 * 3600_000 },
  expiryMs: { EMERGENCY: 60 * 60_000, URGENT: 8 * 3600_000, ROUTINE: 72 * 3600_000 },
};

/** the home's nurse, who sends */
export const nurse: ReferralActor = { userId: 'u-home', role: 'elderly-admin', institutionId: HOME };
/** the hospital's referral desk, which answers */
export const desk: ReferralActor = { userId: 'u-desk', role: 'referral-desk', institutionId: HOSPITAL };
/** the pair's agreement in force, with two-way referral and the green channel */
export const cover = { agreementId: '44444444-4444-4444-8444-444444444444', twoWayReferral: true, greenChannel: true };

/** An urgent upward referral from the home to the hospital (a suspected stroke). */
export const referralRequest = (o: Partial<ReferralRequest> = {}): ReferralRequest => ({
  id: '55555555-5555-4555-8555-555555555555',
  direction: 'UP',
  priority: 'URGENT',
  from: home(),
  to: hospital(),
  patient: { name: '张三', sex: 'M', birthDate: '1941-05-02', idNumber, insurance: 'URBAN_EMPLOYEE' },
  patientRef: 'pr_0123456789abcdef',
  clinical: {
    indication: 'SUSPECTED_STROKE',
    icd10: 'I63.9',
    summary: '左侧肢体无力2小时',
    vitals: { bpSystolic: 180, bpDiastolic: 100, heartRate: 96 },
  },
  cover,
  actor: nurse,
  deadlines,
  ...o,
});
