import { AgreementSnapshot, EventTypes, InstitutionSnapshot, ReferralSnapshot } from '@yiyang/contracts';
import {
  agreementExpiredUnrenewed,
  distantAgreement,
  overdueReferral,
  referralOutsideAgreement,
  sanctionedParty,
  staffFilingMissing,
  withoutMedicalCover,
  AgreementView,
} from './compliance';
import { agreementNotices, findingNotice, institutionNotices, referralNotices } from './notices';
import { referralSnapshotFixture } from './referral-snapshot.fixture';
import { isPrivateAddress, matchesTypeFilter, retryDelayMs, signatureHeader, verifySignature, webhookUrlProblem } from './webhook';

const agreement = (o: Partial<AgreementView> = {}): AgreementView => ({
  id: 'a1',
  status: 'ACTIVE',
  mode: 'MULTI_LEVEL',
  elderlyId: 'e1',
  medicalId: 'm1',
  elderlyDivision: '350102',
  medicalDivision: '350103',
  elderlyLocation: { lat: 26.08, lng: 119.3 },
  medicalLocation: { lat: 26.05, lng: 119.31 },
  staffFiled: false,
  staffCount: 0,
  ...o,
});

describe('compliance rules', () => {
  it('OVERDUE_REFERRAL_RESPONSE: open while overdue and unanswered; an answer or a cancellation clears it, an expiry does not', () => {
    const r = { id: 'r1', status: 'REQUESTED', toId: 'm1', toDivision: '350103', overdueAt: new Date(), answeredAt: null };
    expect(overdueReferral({ ...r, overdueAt: null }).open).toBe(false);
    expect(overdueReferral(r)).toMatchObject({ open: true, subject: 'referral:r1', division: '350103' });
    expect(overdueReferral({ ...r, status: 'ACCEPTED', answeredAt: new Date() }).open).toBe(false);
    expect(overdueReferral({ ...r, status: 'CANCELLED' }).open).toBe(false);
    expect(overdueReferral({ ...r, status: 'EXPIRED' }).open).toBe(true);
  });
  it('REFERRAL_OUTSIDE_AGREEMENT: open after a refusal until the pair is covered', () => {
    const pair = { elderlyId: 'e1', medicalId: 'm1', division: '350102', refusals: 2 };
    expect(referralOutsideAgreement(pair, false)).toMatchObject({ open: true, subject: 'pair:e1:m1' });
    expect(referralOutsideAgreement(pair, true).open).toBe(false);
    expect(referralOutsideAgreement({ ...pair, refusals: 0 }, false).open).toBe(false);
  });
  it('AGREEMENT_EXPIRED_UNRENEWED: open when expired with nothing in force for the pair', () => {
    expect(agreementExpiredUnrenewed(agreement({ status: 'EXPIRED' }), false).open).toBe(true);
    expect(agreementExpiredUnrenewed(agreement({ status: 'EXPIRED' }), true).open).toBe(false);
    expect(agreementExpiredUnrenewed(agreement(), false).open).toBe(false);
  });
  it('ELDERLY_INSTITUTION_WITHOUT_MEDICAL_COVER: only after the grace period, only without a licence or agreement', () => {
    const since = new Date('2026-01-01T00:00:00Z');
    const i = { id: 'e1', category: 'ELDERLY_CARE', status: 'ACTIVE', division: '350102', hasLicence: false, uncoveredSince: since };
    const day = 86_400_000;
    expect(withoutMedicalCover(i, 0, new Date(since.getTime() + 29 * day), 30 * day).open).toBe(false);
    expect(withoutMedicalCover(i, 0, new Date(since.getTime() + 30 * day), 30 * day).open).toBe(true);
    expect(withoutMedicalCover(i, 1, new Date(since.getTime() + 30 * day), 30 * day).open).toBe(false);
    expect(withoutMedicalCover({ ...i, hasLicence: true }, 0, new Date(since.getTime() + 90 * day), 30 * day).open).toBe(false);
    expect(withoutMedicalCover({ ...i, category: 'MEDICAL' }, 0, new Date(since.getTime() + 90 * day), 30 * day).open).toBe(false);
  });
  it('SANCTIONED_PARTY_WITH_ACTIVE_AGREEMENTS: open while agreements in force are flagged', () => {
    expect(sanctionedParty('m1', '350103', ['a1']).open).toBe(true);
    expect(sanctionedParty('m1', '350103', []).open).toBe(false);
  });
  it('DISTANT_AGREEMENT: parties farther apart than the limit, while in force', () => {
    const far = agreement({ medicalLocation: { lat: 24.48, lng: 118.09 } }); // Xiamen, ~200 km
    expect(distantAgreement(far, 50).open).toBe(true);
    expect(distantAgreement(agreement(), 50).open).toBe(false);
    expect(distantAgreement({ ...far, status: 'TERMINATED' }, 50).open).toBe(false);
  });
  it('STAFF_FILING_MISSING: EMBEDDED or ENTRUSTED in force without filed staff', () => {
    expect(staffFilingMissing(agreement({ mode: 'EMBEDDED' })).open).toBe(true);
    expect(staffFilingMissing(agreement({ mode: 'ENTRUSTED', staffFiled: true })).open).toBe(false);
    expect(staffFilingMissing(agreement({ mode: 'MULTI_LEVEL' })).open).toBe(false);
    expect(staffFilingMissing(agreement({ mode: 'EMBEDDED', status: 'EXPIRED' })).open).toBe(false);
  });
});

describe('notices', () => {
  const institution: InstitutionSnapshot = {
    id: 'e1',
    version: 1,
    name: '颐养院',
    uscc: '12350100MB0000000X',
    medicalInstitutionCode: null,
    category: 'ELDERLY_CARE',
    kind: 'NURSING_HOME',
    hospitalGrade: null,
    ownership: 'PUBLIC',
    nonProfit: true,
    divisionCode: '350102',
    address: '福州市鼓楼区',
    location: { lat: 26.08, lng: 119.3 },
    medicalLicence: null,
    elderlyCareFiling: null,
    medicalInsuranceDesignation: null,
    longTermCareInsuranceDesignation: null,
    capabilities: [],
    beds: {},
    status: 'ACTIVE',
  };
  const name = (id: string) => ({ e1: '颐养院', m1: '第一医院' })[id] ?? id;
  const referral: ReferralSnapshot = referralSnapshotFixture({
    priority: 'EMERGENCY',
    deadlineAt: '2026-11-22T02:15:00.000Z',
    expiresAt: '2026-11-22T08:00:00.000Z',
  });
  const party = (institutionId: string, category: 'ELDERLY_CARE' | 'MEDICAL') => ({
    institutionId,
    category,
    kind: category === 'MEDICAL' ? ('GENERAL_HOSPITAL' as const) : ('NURSING_HOME' as const),
    divisionCode: '350102',
    location: { lat: 26.08, lng: 119.3 },
  });
  const agreementSnapshot: AgreementSnapshot = {
    id: 'a1',
    version: 2,
    status: 'WITHDRAWN',
    mode: 'MULTI_LEVEL',
    proposedBy: 'elderly',
    elderlyParty: party('e1', 'ELDERLY_CARE'),
    medicalParty: party('m1', 'MEDICAL'),
    services: [{ code: 'TWO_WAY_REFERRAL', frequency: null }],
    term: { effectiveFrom: '2027-01-01', effectiveTo: '2029-12-31' },
    staffCount: 0,
    staffFiled: false,
    predecessorId: null,
    revision: 0,
    sanctions: [],
    terminationOn: null,
    amendmentPending: false,
  };
  it('tells the receiving desk of a new referral in Chinese and English, with no patient name', () => {
    const [n] = referralNotices({ type: EventTypes.referral.requested, data: { referral } }, name);
    expect(n.recipient).toEqual({ kind: 'institution', id: 'm1' });
    expect(n.title.zh).toBe('新急诊上转转诊');
    expect(n.body.zh).toContain('颐养院');
    expect(n.title.en).toBe('New emergency up referral');
    expect(n.resource).toBe('/v1/referrals/r1');
  });
  it('tells both sides when a referral is overdue', () => {
    expect(
      referralNotices({ type: EventTypes.referral.responseOverdue, data: { referral, overdueBySeconds: 120 } }, name).map(
        (n) => n.recipient,
      ),
    ).toEqual([
      { kind: 'institution', id: 'm1' },
      { kind: 'institution', id: 'e1' },
    ]);
  });
  it('tells regulators of a finding in their division', () => {
    const n = findingNotice(
      {
        id: 'f1',
        rule: 'DISTANT_AGREEMENT',
        subject: 'agreement:a1',
        division: '350102',
        status: 'OPEN',
        raisedAt: '',
        resolvedAt: null,
        details: {},
      },
      name,
    );
    expect(n.recipient).toEqual({ kind: 'regulator', divisions: ['350102'] });
    expect(n.title.zh).toBe('合规问题：签约双方距离过远');
  });
  it('tells the other party when a submitted agreement is withdrawn before countersignature', () => {
    const [n, ...more] = agreementNotices(
      { type: EventTypes.agreement.withdrawn, data: { agreement: agreementSnapshot, reason: '条款需修改' } },
      name,
    );
    expect(more).toEqual([]);
    expect(n.recipient).toEqual({ kind: 'institution', id: 'm1' });
    expect(n.title.zh).toBe('合作协议已撤回');
    expect(n.body.zh).toContain('条款需修改');
  });
  it('ignores events that concern nobody', () =>
    expect(institutionNotices({ type: EventTypes.institution.registered, data: { institution: { ...institution, id: 'x' } } })).toEqual(
      [],
    ));
});

describe('webhooks', () => {
  it('refuses non-http schemes, credentials and private addresses unless allowed', () => {
    expect(webhookUrlProblem('https://hooks.example.com/yiyang', false)).toBeNull();
    expect(webhookUrlProblem('ftp://example.com/x', false)).toMatch(/http/);
    expect(webhookUrlProblem('https://user:pw@example.com/x', false)).toMatch(/credentials/);
    for (const u of [
      'http://127.0.0.1:8080/x',
      'http://10.1.2.3/x',
      'http://192.168.0.5/x',
      'http://172.20.0.1/x',
      'http://[::1]/x',
      'http://localhost/x',
      'http://169.254.169.254/latest',
    ]) {
      expect(webhookUrlProblem(u, false)).toMatch(/private/);
      expect(webhookUrlProblem(u, true)).toBeNull();
    }
    expect(webhookUrlProblem('not a url', true)).toBe('is not a URL');
    expect(isPrivateAddress('8.8.8.8')).toBe(false);
    expect(isPrivateAddress('::ffff:10.0.0.1')).toBe(true);
  });
  it('signs the timestamp and body so the subscriber can verify with its secret', () => {
    const header = signatureHeader('s3cret', '{"a":1}', 1_700_000_000);
    expect(verifySignature('s3cret', '{"a":1}', header, 1_700_000_010)).toBe(true);
    expect(verifySignature('other', '{"a":1}', header, 1_700_000_010)).toBe(false);
    expect(verifySignature('s3cret', '{"a":2}', header, 1_700_000_010)).toBe(false);
    expect(verifySignature('s3cret', '{"a":1}', header, 1_700_001_000)).toBe(false);
  });
  it('backs off exponentially up to a cap', () => {
    expect([1, 2, 3, 4, 10].map((a) => retryDelayMs(a, 1000, 30_000))).toEqual([1000, 2000, 4000, 8000, 30_000]);
  });
  it('filters event types by full name, short name or family', () => {
    expect(matchesTypeFilter('yiyang.referral.requested.v1', ['referral.requested'])).toBe(true);
    expect(matchesTypeFilter('yiyang.referral.requested.v1', ['referral.*'])).toBe(true);
    expect(matchesTypeFilter('yiyang.referral.requested.v1', ['yiyang.referral.requested.v1'])).toBe(true);
    expect(matchesTypeFilter('yiyang.referral.requested.v1', ['agreement.*'])).toBe(false);
    expect(matchesTypeFilter('yiyang.referral.requested.v1', [])).toBe(true);
  });
});
