import { DomainError, InvalidTransitionError, StaleVersionError, ValidationError } from '@yiyang/kernel';
import { Agreement, AgreementActor, AgreementTerms, PartyFacts } from './agreement';

const at = new Date('2026-11-22T02:00:00Z');
const today = '2026-11-22';
const ELDERLY = '11111111-1111-4111-8111-111111111111';
const MEDICAL = '22222222-2222-4222-8222-222222222222';

const elderly = (o: Partial<PartyFacts> = {}): PartyFacts => ({
  institutionId: ELDERLY,
  category: 'ELDERLY_CARE',
  kind: 'NURSING_HOME',
  status: 'ACTIVE',
  divisionCode: '350102',
  location: { lat: 26.08, lng: 119.3 },
  ...o,
});
const medical = (o: Partial<PartyFacts> = {}): PartyFacts => ({
  institutionId: MEDICAL,
  category: 'MEDICAL',
  kind: 'GENERAL_HOSPITAL',
  status: 'ACTIVE',
  divisionCode: '350103',
  location: { lat: 26.05, lng: 119.31 },
  ...o,
});
const terms = (o: Partial<AgreementTerms> = {}): AgreementTerms => ({
  mode: 'MULTI_LEVEL',
  services: [{ code: 'TWO_WAY_REFERRAL', frequency: null }, { code: 'REGULAR_VISITS', frequency: 'WEEKLY' }],
  fees: [{ item: '巡诊', amountFen: 20000, unit: 'PER_VISIT', payer: 'ELDERLY_PARTY' }],
  responsibilities: { elderlyParty: ['提供场地'], medicalParty: ['每周巡诊'] },
  breachLiability: '违约方承担损失',
  term: { effectiveFrom: '2026-12-01', effectiveTo: '2027-11-30' },
  site: null,
  entrustment: null,
  staff: [],
  document: { fileName: 'agreement.pdf', sha256: 'a'.repeat(64) },
  ...o,
});
const elderlyAdmin: AgreementActor = { userId: 'u-e', role: 'elderly-admin', institutionId: ELDERLY };
const medicalAdmin: AgreementActor = { userId: 'u-m', role: 'medical-admin', institutionId: MEDICAL };
const otherMedicalAdmin: AgreementActor = { userId: 'u-x', role: 'medical-admin', institutionId: '33333333-3333-4333-8333-333333333333' };

const draft = (o: { elderly?: Partial<PartyFacts>; medical?: Partial<PartyFacts>; terms?: Partial<AgreementTerms>; actor?: AgreementActor } = {}) =>
  Agreement.draft({ id: 'a-1', elderlyParty: elderly(o.elderly), medicalParty: medical(o.medical), terms: terms(o.terms), actor: o.actor ?? elderlyAdmin }, at);

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  throw new Error('expected a DomainError');
};

const submitted = (o: Parameters<typeof draft>[0] = {}) => {
  const a = draft(o);
  a.submit(elderlyAdmin, at);
  return a;
};
const parties = { elderly: elderly(), medical: medical() };

describe('Agreement', () => {
  describe('drafting (rules)', () => {
    it('starts as a DRAFT at version 1 with its history', () => {
      const a = draft();
      expect(a.snapshot).toMatchObject({ status: 'DRAFT', version: 1 });
      expect(a.snapshot.history).toEqual([expect.objectContaining({ action: 'draft', to: 'DRAFT', actorId: 'u-e' })]);
      expect(a.pullChanges()).toEqual([]);
    });

    it('is filed only by an elderly-admin of the elderly party', () => {
      expect(codeOf(() => draft({ actor: medicalAdmin }))).toBe('WRONG_PARTY');
      expect(codeOf(() => draft({ actor: { ...elderlyAdmin, institutionId: MEDICAL } }))).toBe('WRONG_PARTY');
    });
    it('refuses a medical institution as the elderly party', () => expect(codeOf(() => draft({ elderly: { category: 'MEDICAL', kind: 'GENERAL_HOSPITAL' } }))).toBe('ELDERLY_PARTY_INVALID'));
    it('refuses an elderly-care institution as the medical party', () => expect(codeOf(() => draft({ medical: { category: 'ELDERLY_CARE', kind: 'NURSING_HOME' } }))).toBe('MEDICAL_PARTY_INVALID'));
    it('accepts COMBINED institutions on either side', () => {
      expect(() => draft({ elderly: { category: 'COMBINED' }, medical: { category: 'COMBINED' } })).not.toThrow();
    });
    it('refuses the same institution on both sides', () => expect(codeOf(() => draft({ medical: { institutionId: ELDERLY } }))).toBe('PARTIES_MUST_DIFFER'));
    it.each(['SUSPENDED', 'REVOKED'] as const)('refuses a %s party', (status) => {
      expect(codeOf(() => draft({ medical: { status } }))).toBe('PARTY_NOT_ACTIVE');
      expect(codeOf(() => draft({ elderly: { status } }))).toBe('PARTY_NOT_ACTIVE');
    });
    it('refuses PRIMARY_CARE with a hospital', () => expect(codeOf(() => draft({ terms: { mode: 'PRIMARY_CARE' } }))).toBe('PRIMARY_CARE_NEEDS_PRIMARY_MEDICAL_PARTY'));
    it('accepts PRIMARY_CARE with a community health centre', () => {
      expect(() => draft({ terms: { mode: 'PRIMARY_CARE' }, medical: { kind: 'COMMUNITY_HEALTH_CENTER' } })).not.toThrow();
    });
    it('refuses EMBEDDED without a site', () => expect(codeOf(() => draft({ terms: { mode: 'EMBEDDED', staff: [{ name: '王医生', practisingCertificateNumber: 'P1', multiSiteFiled: true }] } }))).toBe('SITE_REQUIRED'));
    it('refuses ENTRUSTED without its legal terms', () => expect(codeOf(() => draft({ terms: { mode: 'ENTRUSTED', staff: [{ name: '王医生', practisingCertificateNumber: 'P1', multiSiteFiled: true }] } }))).toBe('ENTRUSTMENT_TERMS_REQUIRED'));
    it.each(['EMBEDDED', 'ENTRUSTED'] as const)('refuses %s without dispatched staff', (mode) => {
      const extra = { site: '院内医务室', entrustment: { rightsAndObligations: 'r', legalLiability: 'l', disputeResolution: 'd' } };
      expect(codeOf(() => draft({ terms: { mode, ...extra, staff: [] } }))).toBe('STAFF_REQUIRED');
      expect(() => draft({ terms: { mode, ...extra, staff: [{ name: '王医生', practisingCertificateNumber: 'P1', multiSiteFiled: false }] } })).not.toThrow();
    });
    it('refuses a term that ends before it starts', () => {
      expect(() => draft({ terms: { term: { effectiveFrom: '2027-01-01', effectiveTo: '2026-12-31' } } })).toThrow(ValidationError);
    });
    it('refuses regular visits without a frequency', () => {
      expect(() => draft({ terms: { services: [{ code: 'REGULAR_VISITS', frequency: null }] } })).toThrow(ValidationError);
    });
    it('refuses a service listed twice', () => {
      expect(() => draft({ terms: { services: [{ code: 'TCM', frequency: null }, { code: 'TCM', frequency: null }] } })).toThrow(ValidationError);
    });
  });

  describe('submitting', () => {
    it('moves DRAFT → SUBMITTED and records agreement.submitted', () => {
      const a = submitted();
      expect(a.snapshot).toMatchObject({ status: 'SUBMITTED', version: 2 });
      expect(a.pullChanges()).toEqual([{ change: { kind: 'submitted' }, version: 2 }]);
    });
    it('is the elderly party’s move only', () => expect(codeOf(() => draft().submit(medicalAdmin, at))).toBe('WRONG_PARTY'));
    it('refuses a second submission', () => expect(() => submitted().submit(elderlyAdmin, at)).toThrow(InvalidTransitionError));
  });

  describe('countersigning', () => {
    it('signs a future agreement (SIGNED until effectiveFrom)', () => {
      const a = submitted();
      a.pullChanges();
      a.countersign(medicalAdmin, parties, false, today, at);
      expect(a.snapshot.status).toBe('SIGNED');
      expect(a.pullChanges().map((c) => c.change.kind)).toEqual(['countersigned']);
    });
    it('activates at once when the term has begun', () => {
      const a = submitted({ terms: { term: { effectiveFrom: '2026-11-01', effectiveTo: '2027-10-31' } } });
      a.pullChanges();
      a.countersign(medicalAdmin, parties, false, today, at);
      expect(a.snapshot).toMatchObject({ status: 'ACTIVE', version: 4 });
      expect(a.pullChanges().map((c) => [c.change.kind, c.version])).toEqual([
        ['countersigned', 3],
        ['activated', 4],
      ]);
    });
    it('is the medical party’s move only', () => {
      expect(codeOf(() => submitted().countersign(elderlyAdmin, parties, false, today, at))).toBe('WRONG_PARTY');
      expect(codeOf(() => submitted().countersign(otherMedicalAdmin, parties, false, today, at))).toBe('WRONG_PARTY');
    });
    it('refuses a DRAFT', () => expect(() => draft().countersign(medicalAdmin, parties, false, today, at)).toThrow(InvalidTransitionError));
    it('refuses when a party has been suspended since filing', () => {
      expect(codeOf(() => submitted().countersign(medicalAdmin, { ...parties, medical: medical({ status: 'SUSPENDED' }) }, false, today, at))).toBe('PARTY_NOT_ACTIVE');
    });
    it('refuses an overlapping ACTIVE or SIGNED agreement of the pair', () => {
      expect(codeOf(() => submitted().countersign(medicalAdmin, parties, true, today, at))).toBe('OVERLAPPING_AGREEMENT');
    });
    it('refuses a term that has already ended', () => {
      expect(codeOf(() => submitted().countersign(medicalAdmin, parties, false, '2027-12-01', at))).toBe('TERM_ALREADY_ENDED');
    });
  });

  describe('rejecting', () => {
    it('moves SUBMITTED → REJECTED with the reason in history and event', () => {
      const a = submitted();
      a.pullChanges();
      a.reject(medicalAdmin, '服务半径过远', at);
      expect(a.snapshot.status).toBe('REJECTED');
      expect(a.snapshot.history.at(-1)).toMatchObject({ action: 'reject', from: 'SUBMITTED', to: 'REJECTED', reason: '服务半径过远', actorId: 'u-m' });
      expect(a.pullChanges()).toEqual([{ change: { kind: 'rejected', reason: '服务半径过远' }, version: 3 }]);
    });
    it('is the medical party’s move only', () => expect(codeOf(() => submitted().reject(elderlyAdmin, 'x', at))).toBe('WRONG_PARTY'));
    it('refuses to reject a rejected agreement', () => {
      const a = submitted();
      a.reject(medicalAdmin, 'x', at);
      expect(() => a.reject(medicalAdmin, 'y', at)).toThrow(InvalidTransitionError);
    });
  });

  describe('activation', () => {
    it('waits for effectiveFrom', () => {
      const a = submitted();
      a.countersign(medicalAdmin, parties, false, today, at);
      expect(codeOf(() => a.activate('2026-11-30', at))).toBe('NOT_YET_EFFECTIVE');
      a.activate('2026-12-01', at);
      expect(a.snapshot.status).toBe('ACTIVE');
    });
    it('refuses to activate what is not SIGNED', () => expect(() => submitted().activate('2026-12-01', at)).toThrow(InvalidTransitionError));
  });

  it('refuses a stale version', () => expect(() => submitted().checkVersion(1)).toThrow(StaleVersionError));
  it('knows its parties', () => {
    expect(draft().involves(MEDICAL)).toBe(true);
    expect(draft().involves('someone-else')).toBe(false);
  });
});
