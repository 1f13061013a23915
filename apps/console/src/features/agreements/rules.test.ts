/** The agreements' pure rules: what each mode requires, whose move it is, China dates, field names. */
import { describe, expect, it } from 'vitest';
import { contentOf, formField, toContentBody } from './formValues';
import { addDays, chinaToday, counterpartyOf, daysBetween, movesFor, sideOf } from './model';
import { checkAgreement, medicalPartyProblem, servicesProblems, staffProblem, termProblem, type PartyFacts } from './rules';
import { CLINIC_ID, HOME_ID, HOSPITAL_ID, agreement } from './testing';

const hospital: PartyFacts = { category: 'MEDICAL', kind: 'GENERAL_HOSPITAL', status: 'ACTIVE' };
const centre: PartyFacts = { category: 'MEDICAL', kind: 'COMMUNITY_HEALTH_CENTER', status: 'ACTIVE' };
const home: PartyFacts = { category: 'ELDERLY_CARE', kind: 'NURSING_HOME', status: 'ACTIVE' };

describe('the medical party a mode allows', () => {
  it('PRIMARY_CARE: community, township or village only', () => {
    expect(medicalPartyProblem('PRIMARY_CARE', centre)).toBeNull();
    expect(medicalPartyProblem('PRIMARY_CARE', { ...centre, kind: 'VILLAGE_CLINIC' })).toBeNull();
    expect(medicalPartyProblem('PRIMARY_CARE', hospital)).toBe('problemCode_PRIMARY_CARE_NEEDS_PRIMARY_MEDICAL_PARTY');
  });
  it('MULTI_LEVEL: hospitals and hospices only', () => {
    expect(medicalPartyProblem('MULTI_LEVEL', hospital)).toBeNull();
    expect(medicalPartyProblem('MULTI_LEVEL', { ...hospital, kind: 'HOSPICE' })).toBeNull();
    expect(medicalPartyProblem('MULTI_LEVEL', centre)).toBe('problemCode_MULTI_LEVEL_NEEDS_HOSPITAL_MEDICAL_PARTY');
  });
  it('EMBEDDED and ENTRUSTED: any medical or combined institution that is ACTIVE', () => {
    expect(medicalPartyProblem('EMBEDDED', centre)).toBeNull();
    expect(medicalPartyProblem('ENTRUSTED', { ...hospital, category: 'COMBINED' })).toBeNull();
    expect(medicalPartyProblem('EMBEDDED', home)).toBe('ruleMedicalCategory');
    expect(medicalPartyProblem('EMBEDDED', { ...hospital, status: 'SUSPENDED' })).toBe('problemCode_PARTY_NOT_ACTIVE');
  });
});

describe('the content', () => {
  it('the term in order (both days included, so one day is no term)', () => {
    expect(termProblem({ effectiveFrom: '2026-12-01', effectiveTo: '2027-11-30' })).toBeNull();
    expect(termProblem({ effectiveFrom: '2026-12-01', effectiveTo: '2026-12-01' })).toEqual({ field: 'effectiveTo', key: 'termOrder' });
    expect(termProblem({ effectiveFrom: '2027-01-01', effectiveTo: '2026-12-01' })).toEqual({ field: 'effectiveTo', key: 'termOrder' });
    expect(termProblem({ effectiveTo: '2026-12-01' })).toEqual({ field: 'effectiveFrom', key: 'termFromRequired' });
  });
  it('frequencies for regular visits, health management and family doctors; a service once', () => {
    expect(servicesProblems([]).none).toBe(true);
    expect(servicesProblems([{ code: 'TWO_WAY_REFERRAL' }]).items).toEqual([]);
    expect(
      servicesProblems([
        { code: 'REGULAR_VISITS', frequency: 'WEEKLY' },
        { code: 'HEALTH_MANAGEMENT' },
        { code: 'FAMILY_DOCTOR', frequency: null },
      ]).items,
    ).toEqual([
      { index: 1, code: 'HEALTH_MANAGEMENT', key: 'frequencyRequired' },
      { index: 2, code: 'FAMILY_DOCTOR', key: 'frequencyRequired' },
    ]);
    expect(servicesProblems([{ code: 'TCM' }, { code: 'TCM' }]).items).toEqual([{ index: 1, code: 'TCM', key: 'serviceTwice' }]);
  });
  it('staff with a practising certificate for EMBEDDED and ENTRUSTED only', () => {
    expect(staffProblem('EMBEDDED', [])).toBe('problemCode_STAFF_REQUIRED');
    expect(staffProblem('ENTRUSTED', [{ practisingCertificateNumber: ' ' }])).toBe('problemCode_STAFF_REQUIRED');
    expect(staffProblem('ENTRUSTED', [{ practisingCertificateNumber: '110350100000123' }])).toBeNull();
    expect(staffProblem('MULTI_LEVEL', [])).toBeNull();
  });
  it('the checklist holds each mode’s own rules', () => {
    const keys = (mode: 'PRIMARY_CARE' | 'MULTI_LEVEL' | 'EMBEDDED' | 'ENTRUSTED') =>
      checkAgreement({ ...agreement(), mode }, { medical: hospital, elderly: home }).map((c) => c.key);
    expect(keys('MULTI_LEVEL')).not.toContain('site');
    expect(keys('EMBEDDED')).toEqual(expect.arrayContaining(['site', 'staff', 'staffFiled']));
    expect(keys('EMBEDDED')).not.toContain('entrustment');
    expect(keys('ENTRUSTED')).toEqual(expect.arrayContaining(['entrustment', 'staff']));
    const primary = checkAgreement({ ...agreement(), mode: 'PRIMARY_CARE' }, { medical: hospital, elderly: home });
    expect(primary[0]).toMatchObject({ rule: 'rulePrimaryCareParty', status: 'unmet' });
    const entrusted = checkAgreement(
      { ...agreement(), mode: 'ENTRUSTED', entrustment: { rightsAndObligations: '…', legalLiability: '', disputeResolution: '…' } },
      { medical: hospital },
    );
    expect(entrusted.find((c) => c.key === 'entrustment')).toMatchObject({
      status: 'unmet',
      evidence: { type: 'message', key: 'evidenceEntrustmentParts', vars: { count: 2 } },
    });
  });
  it('a term that has ended can no longer be countersigned', () => {
    const ended = checkAgreement(
      { ...agreement(), term: { effectiveFrom: '2025-01-01', effectiveTo: '2025-12-31' } },
      { medical: hospital },
      '2026-11-30',
    );
    expect(ended.find((c) => c.key === 'termNotEnded')?.status).toBe('unmet');
  });
});

describe('whose move it is', () => {
  const elderlyAdmin = { sub: 'a', name: 'A', roles: ['elderly-admin' as const], institutionId: HOME_ID };
  const medicalAdmin = { sub: 'b', name: 'B', roles: ['medical-admin' as const], institutionId: HOSPITAL_ID };
  it('the other party countersigns what one filed or renewed', () => {
    const filed = agreement({ status: 'SUBMITTED', proposedBy: 'elderly' });
    expect(movesFor(filed, sideOf(filed, medicalAdmin))).toMatchObject({ countersign: true, reject: true, awaitingOther: false });
    expect(movesFor(filed, sideOf(filed, elderlyAdmin))).toMatchObject({ countersign: false, awaitingOther: true });
    const renewal = agreement({ status: 'SUBMITTED', proposedBy: 'medical' });
    expect(movesFor(renewal, sideOf(renewal, elderlyAdmin)).countersign).toBe(true);
  });
  it('renewal: once, and not while a termination is under way', () => {
    const active = agreement({ status: 'ACTIVE' });
    expect(movesFor(active, 'elderly').renew).toBe(true);
    expect(movesFor({ ...active, renewals: [{ id: 'r', status: 'SUBMITTED' }] }, 'elderly').renew).toBe(false);
    expect(movesFor({ ...active, renewals: [{ id: 'r', status: 'REJECTED' }] }, 'elderly').renew).toBe(true);
    expect(movesFor({ ...active, termination: { effectiveOn: '2027-01-01', reason: 'x', bySide: 'medical' } }, 'elderly')).toMatchObject({
      renew: false,
      terminate: false,
      amend: false,
    });
  });
  it('an amendment is answered by the other side and withdrawn by its own', () => {
    const pending = agreement({
      status: 'ACTIVE',
      pendingAmendment: {
        revision: 1,
        proposedBy: 'elderly',
        proposedAt: '2027-01-01T00:00:00Z',
        documentVersion: null,
        content: agreement(),
      },
    });
    expect(movesFor(pending, 'medical')).toMatchObject({ answerAmendment: true, withdrawAmendment: false, amend: false });
    expect(movesFor(pending, 'elderly')).toMatchObject({ answerAmendment: false, withdrawAmendment: true });
  });
  it('someone of neither party, or in the wrong role, only reads', () => {
    const a = agreement();
    expect(sideOf(a, { ...elderlyAdmin, institutionId: CLINIC_ID })).toBeUndefined();
    expect(sideOf(a, { ...medicalAdmin, institutionId: HOME_ID })).toBeUndefined();
    expect(counterpartyOf(a, HOSPITAL_ID)).toBe(HOME_ID);
    expect(counterpartyOf(a, HOME_ID)).toBe(HOSPITAL_ID);
  });
});

describe('dates and names', () => {
  it('today is China’s date whatever the browser’s zone', () => {
    expect(chinaToday(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12-01');
    expect(chinaToday(new Date('2026-11-30T15:59:59Z'))).toBe('2026-11-30');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(daysBetween('2026-11-30', '2026-12-30')).toBe(30);
  });
  it('the service’s field names land on the form’s fields', () => {
    expect(formField('term.effectiveTo')).toEqual(['term', 'effectiveTo']);
    expect(formField('services.2.frequency')).toEqual(['services']);
    expect(formField('responsibilities.medicalParty.0')).toEqual(['duties', 'medicalParty']);
    expect(formField('fees.1.amountFen')).toEqual(['fees', 1, 'amountFen']);
    expect(formField('staff.0.practisingCertificateNumber')).toEqual(['staff', 0, 'practisingCertificateNumber']);
    expect(formField('document.sha256')).toEqual(['document']);
    expect(formField('elderlyInstitutionId')).toBeUndefined();
  });
  it('a mode’s own parts are sent only under that mode', () => {
    const values = {
      site: '医务室',
      entrustment: { rightsAndObligations: 'a', legalLiability: 'b', disputeResolution: 'c' },
      services: [],
      fees: [],
      staff: [],
      duties: { elderlyParty: ' 一\n\n二 ', medicalParty: '三' },
    };
    expect(toContentBody(values, 'EMBEDDED')).toMatchObject({
      site: '医务室',
      entrustment: null,
      responsibilities: { elderlyParty: ['一', '二'], medicalParty: ['三'] },
    });
    expect(toContentBody(values, 'ENTRUSTED')).toMatchObject({ site: null, entrustment: { rightsAndObligations: 'a' } });
    expect(contentOf(values, { mode: 'MULTI_LEVEL', term: { effectiveFrom: '2026-12-01', effectiveTo: '2027-11-30' } })).toMatchObject({
      mode: 'MULTI_LEVEL',
      site: null,
    });
  });
});
