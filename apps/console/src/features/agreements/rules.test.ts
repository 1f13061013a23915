/** The agreements' pure rules: what each mode requires, whose move it is, China dates, field names. */
import { describe, expect, it } from 'vitest';
import { contentOf, formField, toContentBody } from './formValues';
import { addDays, chinaToday, counterpartyOf, daysBetween, movesFor, sideOf } from './model';
import {
  ELDERLY_CARE_MODES,
  careSideProblem,
  checkAgreement,
  continuingCareServicesProblem,
  filingModes,
  medicalPartyProblem,
  servicesProblems,
  staffProblem,
  termProblem,
  type PartyFacts,
} from './rules';
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

describe('continuing care (ADR 0013): a rehabilitation hospital, nursing hospital or hospice files with a hospital', () => {
  const rehab: PartyFacts = { category: 'MEDICAL', kind: 'REHABILITATION_HOSPITAL', status: 'ACTIVE' };
  const content = {
    ...agreement(),
    mode: 'CONTINUING_CARE' as const,
    site: null,
    staff: [],
    services: [
      { code: 'TWO_WAY_REFERRAL' as const, frequency: null },
      { code: 'REHABILITATION' as const, frequency: null },
    ],
  };

  it('who files which modes: a nursing home the elderly-care ones; a care-side institution’s administrator continuing care only', () => {
    expect(filingModes(['elderly-admin'], HOME_ID, home)).toEqual(ELDERLY_CARE_MODES);
    expect(ELDERLY_CARE_MODES).not.toContain('CONTINUING_CARE');
    expect(filingModes(['medical-admin'], 'x', rehab)).toEqual(['CONTINUING_CARE']);
    expect(filingModes(['medical-admin'], 'x', { ...rehab, kind: 'NURSING_HOSPITAL' })).toEqual(['CONTINUING_CARE']);
    expect(filingModes(['medical-admin'], 'x', { ...rehab, kind: 'HOSPICE' })).toEqual(['CONTINUING_CARE']);
    // the hospital that countersigns, a community health centre: they do not file
    expect(filingModes(['medical-admin'], HOSPITAL_ID, hospital)).toEqual([]);
    expect(filingModes(['medical-admin'], CLINIC_ID, centre)).toEqual([]);
    // a combined 护理院 files both, by either administrator role; a nursing home's elderly-admin never continuing care
    expect(filingModes(['elderly-admin'], 'x', { ...rehab, category: 'COMBINED', kind: 'NURSING_HOSPITAL' })).toEqual([
      ...ELDERLY_CARE_MODES,
      'CONTINUING_CARE',
    ]);
    expect(filingModes(['medical-admin'], 'x', { ...rehab, category: 'COMBINED' })).toEqual(['CONTINUING_CARE']);
    // an elderly-admin of a medical institution, a registrar, no institution: nothing
    expect(filingModes(['elderly-admin'], 'x', rehab)).toEqual([]);
    expect(filingModes(['registrar'], 'x', rehab)).toEqual([]);
    expect(filingModes(['medical-admin'], undefined, rehab)).toEqual([]);
    // before the registry answers, only the role speaks
    expect(filingModes(['elderly-admin'], HOME_ID, undefined)).toEqual(ELDERLY_CARE_MODES);
    expect(filingModes(['medical-admin'], 'x', undefined)).toEqual([]);
  });

  it('the care side and the hospital each of their kinds', () => {
    expect(careSideProblem('CONTINUING_CARE', rehab)).toBeNull();
    expect(careSideProblem('CONTINUING_CARE', { ...rehab, category: 'COMBINED', kind: 'HOSPICE' })).toBeNull();
    expect(careSideProblem('CONTINUING_CARE', home)).toBe('problemCode_CONTINUING_CARE_NEEDS_CARE_PROVIDER');
    expect(careSideProblem('CONTINUING_CARE', hospital)).toBe('problemCode_CONTINUING_CARE_NEEDS_CARE_PROVIDER');
    expect(careSideProblem('MULTI_LEVEL', hospital)).toBeNull();
    expect(medicalPartyProblem('CONTINUING_CARE', hospital)).toBeNull();
    expect(medicalPartyProblem('CONTINUING_CARE', { ...hospital, kind: 'TCM_HOSPITAL' })).toBeNull();
    expect(medicalPartyProblem('CONTINUING_CARE', { ...hospital, kind: 'SPECIALTY_HOSPITAL', category: 'COMBINED' })).toBeNull();
    expect(medicalPartyProblem('CONTINUING_CARE', rehab)).toBe('problemCode_CONTINUING_CARE_NEEDS_HOSPITAL');
    expect(medicalPartyProblem('CONTINUING_CARE', centre)).toBe('problemCode_CONTINUING_CARE_NEEDS_HOSPITAL');
  });

  it('two-way referral and one of rehabilitation, nursing or hospice care', () => {
    expect(continuingCareServicesProblem('CONTINUING_CARE', content.services)).toBeNull();
    expect(continuingCareServicesProblem('CONTINUING_CARE', [{ code: 'TWO_WAY_REFERRAL' }, { code: 'HOSPICE' }])).toBeNull();
    expect(continuingCareServicesProblem('CONTINUING_CARE', [{ code: 'TWO_WAY_REFERRAL' }, { code: 'TCM' }])).toBe(
      'problemCode_CONTINUING_CARE_SERVICES_REQUIRED',
    );
    expect(continuingCareServicesProblem('CONTINUING_CARE', [{ code: 'NURSING' }])).toBe('problemCode_CONTINUING_CARE_SERVICES_REQUIRED');
    expect(continuingCareServicesProblem('MULTI_LEVEL', [{ code: 'TCM' }])).toBeNull();
  });

  it('the checklist holds the mode’s own rules: the care side, the hospital, the services; no site or staff', () => {
    const checks = checkAgreement(content, { elderly: rehab, medical: hospital });
    expect(checks.map((c) => c.key)).toEqual(expect.arrayContaining(['careSide', 'medicalParty', 'continuingCareServices']));
    expect(checks.map((c) => c.key)).not.toEqual(expect.arrayContaining(['site']));
    expect(checks.find((c) => c.key === 'staff')).toBeUndefined();
    expect(checks.filter((c) => c.status === 'unmet')).toEqual([]);
    expect(checks.find((c) => c.key === 'careSide')).toMatchObject({
      rule: 'ruleCareSideParty',
      evidence: { kind: 'REHABILITATION_HOSPITAL' },
    });
    expect(checks.find((c) => c.key === 'medicalParty')).toMatchObject({ rule: 'ruleContinuingCareHospital', status: 'met' });
    expect(checks.find((c) => c.key === 'responsibilities')?.evidence).toMatchObject({ key: 'evidenceResponsibilitiesCare' });

    const wrong = checkAgreement(
      { ...content, services: [{ code: 'TWO_WAY_REFERRAL', frequency: null }] },
      { elderly: home, medical: { ...hospital, kind: 'REHABILITATION_HOSPITAL' } },
    );
    expect(wrong.filter((c) => c.status === 'unmet').map((c) => c.key)).toEqual(['careSide', 'medicalParty', 'continuingCareServices']);
    // other modes do not carry these rules
    expect(checkAgreement(agreement(), { medical: hospital, elderly: home }).map((c) => c.key)).not.toContain('careSide');
  });

  it('the care side’s medical-admin acts for the first party; the hospital’s for the second', () => {
    const REHAB_ID = 'rehab';
    const a = agreement({ mode: 'CONTINUING_CARE', elderlyInstitutionId: REHAB_ID, medicalInstitutionId: HOSPITAL_ID });
    const careAdmin = { sub: 'c', name: 'C', roles: ['medical-admin' as const], institutionId: REHAB_ID };
    const hospitalAdmin = { sub: 'd', name: 'D', roles: ['medical-admin' as const], institutionId: HOSPITAL_ID };
    expect(sideOf(a, careAdmin)).toBe('elderly');
    expect(sideOf(a, hospitalAdmin)).toBe('medical');
    expect(movesFor(a, sideOf(a, hospitalAdmin))).toMatchObject({ countersign: true, reject: true });
    expect(movesFor(a, sideOf(a, careAdmin))).toMatchObject({ countersign: false, awaitingOther: true });
    // under another mode a medical-admin is never the first party
    expect(sideOf({ ...a, mode: 'MULTI_LEVEL' }, careAdmin)).toBeUndefined();
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
