import {
  AGREEMENT_MODES,
  AgreementEventType,
  AgreementSnapshot,
  COMPLIANCE_RULES,
  EventTypes,
  FindingSnapshot,
  InstitutionEventType,
  InstitutionSnapshot,
  REFERRAL_PRIORITIES,
  REJECTION_REASONS,
  TypedEvent,
} from '@yiyang/contracts';
import {
  Notice,
  ReferralChangeEventType,
  agreementNotices,
  dayLabel,
  durationLabel,
  findingNotice,
  findingSubject,
  institutionNotices,
  referralNotices,
  refusalNotices,
  timeLabel,
} from './notices';
import { referralSnapshotFixture } from './referral-snapshot.fixture';

const HOME = '0f5b7a1e-2c4d-4e6f-8a9b-1c2d3e4f5a6b';
const HOSPITAL = '7d3c2b1a-9e8f-4a7b-8c6d-5e4f3a2b1c0d';
const STRANGER = 'b1b2b3b4-c1c2-4d1d-8e1e-f1f2f3f4f5f6';
const AGREEMENT = 'a9a8a7a6-b5b4-4c3c-9d2d-e1e0f9f8f7f6';
const REFERRAL = 'c0c1c2c3-d4d5-4e6e-af7f-8a9a0b1b2c3c';
const names: Record<string, string> = { [HOME]: '鼓楼颐养院', [HOSPITAL]: '福州市第一医院' };
const name = (id: string) => names[id];

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** a code as the vocabularies spell them: CAPACITY_FULL, EMERGENCY, UP (CST, the time zone, is words) */
const CODE = /\b(?!CST\b)[A-Z]{2,}(?:_[A-Z0-9]+)*\b/;
const ZERO_MINUTES = /(^|[^\d])0\s*(分钟|minutes?\b|min\b)/;

function expectReadable(notices: Notice[]): void {
  for (const n of notices)
    for (const text of [n.title.zh, n.title.en, n.body.zh, n.body.en]) {
      expect(text).not.toMatch(UUID);
      expect(text).not.toMatch(CODE);
      expect(text).not.toMatch(ZERO_MINUTES);
      expect(text).not.toMatch(/(pair|agreement|referral|institution):[0-9a-z]|undefined|null|NaN/);
    }
}

const party = (institutionId: string, medical: boolean) => ({
  institutionId,
  category: medical ? ('MEDICAL' as const) : ('ELDERLY_CARE' as const),
  kind: medical ? ('GENERAL_HOSPITAL' as const) : ('NURSING_HOME' as const),
  divisionCode: medical ? '350103' : '350102',
  location: { lat: 26.08, lng: 119.3 },
});

const agreement = (o: Partial<AgreementSnapshot> = {}): AgreementSnapshot => ({
  id: AGREEMENT,
  version: 3,
  status: 'ACTIVE',
  mode: 'MULTI_LEVEL',
  proposedBy: 'elderly',
  elderlyParty: party(HOME, false),
  medicalParty: party(HOSPITAL, true),
  services: [{ code: 'TWO_WAY_REFERRAL', frequency: null }],
  term: { effectiveFrom: '2026-12-01', effectiveTo: '2029-11-30' },
  staffCount: 0,
  staffFiled: false,
  predecessorId: null,
  revision: 1,
  sanctions: [],
  terminationOn: null,
  amendmentPending: false,
  ...o,
});

/** Every agreement event with the data its schema requires. */
function agreementEvents(a: AgreementSnapshot): TypedEvent<AgreementEventType>[] {
  const T = EventTypes.agreement;
  const extra: { [K in AgreementEventType]: Omit<Extract<TypedEvent<AgreementEventType>, { type: K }>['data'], 'agreement'> } = {
    [T.submitted]: {},
    [T.renewed]: { predecessorId: AGREEMENT },
    [T.countersigned]: {},
    [T.rejected]: { reason: '服务条款需补充' },
    [T.activated]: {},
    [T.terminationScheduled]: { effectiveOn: '2027-03-31', reason: '机构搬迁' },
    [T.terminated]: { effectiveOn: '2027-03-31', reason: '机构搬迁' },
    [T.expiring]: { daysBefore: 30, daysLeft: 1, effectiveTo: '2029-11-30' },
    [T.expired]: {},
    [T.amendmentProposed]: { revision: 2, proposedBy: 'medical' },
    [T.amended]: { revision: 2 },
    [T.amendmentRejected]: { revision: 2, reason: '不同意' },
    [T.partySanctioned]: { institutionId: HOSPITAL, sanction: 'SUSPENDED' },
    [T.partyReinstated]: { institutionId: HOSPITAL },
    [T.withdrawn]: { reason: '条款需修改' },
    [T.documentAttached]: { version: 1, sha256: 'a'.repeat(64), mediaType: 'application/pdf', sizeBytes: 1000, fileName: '协议.pdf' },
  };
  return Object.entries(extra).map(([type, data]) => ({ type, data: { agreement: a, ...data } }) as TypedEvent<AgreementEventType>);
}

const referral = referralSnapshotFixture({
  id: REFERRAL,
  agreementId: AGREEMENT,
  from: { institutionId: HOME, category: 'ELDERLY_CARE', kind: 'NURSING_HOME', divisionCode: '350102' },
  to: { institutionId: HOSPITAL, category: 'MEDICAL', kind: 'GENERAL_HOSPITAL', divisionCode: '350103' },
  deadlineAt: '2026-11-30T06:05:00.000Z',
});

/** Every referral change with the data its schema requires (the rejection in every reason, overdue by 0 s to hours). */
function referralEvents(r = referral): TypedEvent<ReferralChangeEventType>[] {
  const T = EventTypes.referral;
  const events: TypedEvent<ReferralChangeEventType>[] = [
    { type: T.requested, data: { referral: r } },
    { type: T.received, data: { referral: r } },
    { type: T.released, data: { referral: r } },
    { type: T.accepted, data: { referral: r, expectedArrivalAt: '2026-11-30T07:30:00.000Z' } },
    { type: T.returnedWithAdvice, data: { referral: r } },
    { type: T.cancelled, data: { referral: r } },
    { type: T.arrived, data: { referral: r } },
    { type: T.completed, data: { referral: r, returnReferralId: null } },
    { type: T.completed, data: { referral: r, returnReferralId: REFERRAL } },
    { type: T.expired, data: { referral: r } },
  ];
  for (const reasonCode of REJECTION_REASONS) events.push({ type: T.rejected, data: { referral: r, reasonCode } });
  for (const overdueBySeconds of [0, 30, 59, 60, 3_599, 3_600, 5_400, 90_000])
    events.push({ type: T.responseOverdue, data: { referral: r, overdueBySeconds } });
  return events;
}

const institution: InstitutionSnapshot = {
  id: HOSPITAL,
  version: 3,
  name: '福州市第一医院',
  uscc: '12350100MB0000000X',
  medicalInstitutionCode: null,
  category: 'MEDICAL',
  kind: 'GENERAL_HOSPITAL',
  hospitalGrade: 'LEVEL_3',
  ownership: 'PUBLIC',
  nonProfit: true,
  divisionCode: '350103',
  address: '福州市台江区',
  location: { lat: 26.05, lng: 119.31 },
  medicalLicence: { number: 'PDY00001', scope: ['内科'], validFrom: '2021-12-01', validTo: '2026-11-29' },
  elderlyCareFiling: null,
  medicalInsuranceDesignation: null,
  longTermCareInsuranceDesignation: null,
  capabilities: [],
  beds: {},
  status: 'SUSPENDED',
};

function institutionEvents(): TypedEvent<InstitutionEventType>[] {
  const T = EventTypes.institution;
  return [
    { type: T.registered, data: { institution } },
    { type: T.updated, data: { institution, changed: ['name'] } },
    { type: T.suspended, data: { institution, reason: '整改期间暂停' } },
    { type: T.reinstated, data: { institution } },
    { type: T.revoked, data: { institution, reason: '执业许可被吊销' } },
    { type: T.licenceExpired, data: { institution, licence: { number: 'PDY00001', validTo: '2026-11-29' } } },
    { type: T.operationsUpdated, data: { institution, changed: ['freeBeds'] } },
  ] as TypedEvent<InstitutionEventType>[];
}

function finding(rule: FindingSnapshot['rule'], status: FindingSnapshot['status'], details: Record<string, unknown>): FindingSnapshot {
  return {
    id: 'f0f1f2f3-a4a5-4b6b-8c7c-d8d9e0e1f2f3',
    rule,
    subject: `pair:${HOME}:${HOSPITAL}`,
    division: '350102',
    status,
    raisedAt: '2026-11-30T06:00:00.000Z',
    resolvedAt: null,
    details,
  };
}

const DETAILS: Record<FindingSnapshot['rule'], Record<string, unknown>> = {
  OVERDUE_REFERRAL_RESPONSE: { referralId: REFERRAL, receiverId: HOSPITAL, senderId: HOME, divisions: ['350103', '350102'] },
  REFERRAL_OUTSIDE_AGREEMENT: { senderId: HOSPITAL, receiverId: HOME, refusals: 2, divisions: ['350103', '350102'] },
  AGREEMENT_EXPIRED_UNRENEWED: { agreementId: AGREEMENT, elderlyInstitutionId: HOME, medicalInstitutionId: HOSPITAL },
  ELDERLY_INSTITUTION_WITHOUT_MEDICAL_COVER: { institutionId: HOME },
  SANCTIONED_PARTY_WITH_ACTIVE_AGREEMENTS: { institutionId: HOSPITAL, agreementIds: [AGREEMENT] },
  DISTANT_AGREEMENT: { agreementId: AGREEMENT, distanceKm: 212.4, limitKm: 50, elderlyInstitutionId: HOME, medicalInstitutionId: HOSPITAL },
  STAFF_FILING_MISSING: { agreementId: AGREEMENT, staffCount: 2, elderlyInstitutionId: HOME, medicalInstitutionId: HOSPITAL },
};

describe('readable notices', () => {
  it('formats times in China Standard Time and days as people read them', () => {
    expect(timeLabel('2026-11-30T06:05:00.000Z')).toEqual({ zh: '2026年11月30日 14:05', en: '30 Nov 2026 14:05 CST' });
    expect(timeLabel('2026-12-31T16:30:00.000Z')).toEqual({ zh: '2027年1月1日 00:30', en: '1 Jan 2027 00:30 CST' });
    expect(dayLabel('2027-03-09')).toEqual({ zh: '2027年3月9日', en: '9 Mar 2027' });
  });

  it('says a duration in hours and minutes, and nothing below a minute', () => {
    expect([0, 59].map(durationLabel)).toEqual([null, null]);
    expect(durationLabel(60)).toEqual({ zh: '1分钟', en: '1 min' });
    expect(durationLabel(5_400)).toEqual({ zh: '1小时30分钟', en: '1 h 30 min' });
    expect(durationLabel(7_200)).toEqual({ zh: '2小时', en: '2 h' });
  });

  it.each(AGREEMENT_MODES)('every agreement notice of a %s agreement is words: no id, no code', (mode) => {
    for (const proposedBy of ['elderly', 'medical'] as const) {
      const notices = agreementEvents(agreement({ mode, proposedBy })).flatMap((e) => agreementNotices(e, name));
      expect(notices.length).toBeGreaterThan(15);
      expectReadable(notices);
    }
  });

  it('names the mode and the parties, and the dates as days', () => {
    const [n] = agreementNotices(
      { type: EventTypes.agreement.activated, data: { agreement: agreement({ mode: 'CONTINUING_CARE' }) } },
      name,
    );
    expect(n.body.zh).toBe('鼓楼颐养院与福州市第一医院的接续服务合作协议自2026年12月1日起生效');
    expect(n.body.en).toBe('The continuing-care cooperation agreement between 鼓楼颐养院 and 福州市第一医院 is in force from 1 Dec 2026');
    expect(n.institutions).toEqual([HOME, HOSPITAL]);
  });

  it.each(REFERRAL_PRIORITIES)('every referral notice of a %s referral is words: no id, no code, no "0 minutes"', (priority) => {
    for (const direction of ['UP', 'DOWN'] as const) {
      const notices = referralEvents({ ...referral, priority, direction }).flatMap((e) => referralNotices(e, name));
      expect(notices.length).toBeGreaterThan(20);
      expectReadable(notices);
    }
  });

  it('gives the rejection reason as words: 拒绝原因：床位已满', () => {
    const [n] = referralNotices({ type: EventTypes.referral.rejected, data: { referral, reasonCode: 'CAPACITY_FULL' } }, name);
    expect(n.body.zh).toContain('拒绝原因：床位已满');
    expect(n.body.en).toContain('reason: no bed available');
  });

  it('gives the deadline in China time, and an overdue referral a real duration or none', () => {
    const [requested] = referralNotices({ type: EventTypes.referral.requested, data: { referral } }, name);
    expect(requested.body.zh).toContain('请于2026年11月30日 14:05前响应');
    expect(requested.body.en).toContain('answer by 30 Nov 2026 14:05 CST');
    const overdue = (s: number) =>
      referralNotices({ type: EventTypes.referral.responseOverdue, data: { referral, overdueBySeconds: s } }, name)[0].body;
    expect(overdue(0).zh).toContain('已超过响应时限，');
    expect(overdue(0).en).toContain('is past its response deadline');
    expect(overdue(5_400).zh).toContain('已超过响应时限1小时30分钟');
    expect(overdue(5_400).en).toContain('is 1 h 30 min past its response deadline');
  });

  it('calls an institution it has not heard of "an institution", never by its id', () => {
    const r = { ...referral, to: { ...referral.to, institutionId: STRANGER } };
    const notices = referralEvents(r).flatMap((e) => referralNotices(e, name));
    expectReadable(notices);
    expect(notices.some((n) => n.body.zh.includes('某机构'))).toBe(true);
  });

  it('tells the sender of a refused referral, in words', () => {
    const notices = refusalNotices(
      {
        type: EventTypes.referral.refused,
        data: {
          attemptId: REFERRAL,
          reason: 'NO_AGREEMENT',
          direction: 'DOWN',
          priority: 'ROUTINE',
          from: referral.to,
          to: referral.from,
          at: '2026-11-30T06:00:00.000Z',
        },
      },
      name,
    );
    expect(notices.map((n) => n.recipient)).toEqual([{ kind: 'institution', id: HOSPITAL }]);
    expectReadable(notices);
  });

  it('tells the institution and its division’s registrars of a sanction or a lapsed licence, in words', () => {
    const notices = institutionEvents().flatMap(institutionNotices);
    expectReadable(notices);
    const registrars = notices.filter((n) => n.recipient.kind === 'registrar');
    expect(registrars.map((n) => n.title.en)).toEqual(['Institution suspended', 'Institution revoked', 'Licence expired']);
    expect(registrars.every((n) => JSON.stringify(n.recipient) === JSON.stringify({ kind: 'registrar', division: '350103' }))).toBe(true);
    expect(registrars[2].body.zh).toBe('福州市第一医院的医疗机构执业许可证已于2026年11月29日到期');
  });

  it.each(COMPLIANCE_RULES)('a %s finding, raised and resolved, names its subject and goes to both parties’ regulators', (rule) => {
    const notices = (['OPEN', 'RESOLVED'] as const).map((status) => findingNotice(finding(rule, status, DETAILS[rule]), name));
    expectReadable(notices);
    expect(notices[0].recipient.kind).toBe('regulator');
    expect(notices[0].resource).toMatch(/^\/v1\/compliance\/findings\//);
  });

  it('names sender and receiver of a referral outside an agreement neutrally (a hospital may send down to a rehabilitation hospital)', () => {
    const s = findingSubject(finding('REFERRAL_OUTSIDE_AGREEMENT', 'OPEN', DETAILS.REFERRAL_OUTSIDE_AGREEMENT), name);
    expect(s.zh).toBe('福州市第一医院向鼓楼颐养院发起的转诊（无有效协议，被拒2次）');
    expect(s.zh).not.toContain('养老机构');
    expect(s.en).not.toMatch(/elderly/i);
    const n = findingNotice(finding('OVERDUE_REFERRAL_RESPONSE', 'OPEN', DETAILS.OVERDUE_REFERRAL_RESPONSE), name);
    expect(n.recipient).toEqual({ kind: 'regulator', divisions: ['350102', '350103'] });
  });
});
