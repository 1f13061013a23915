import { Agreement, AgreementActor, AgreementState } from '../domain/agreement';
import { ELDERLY, MEDICAL, terms as agreementTerms, elderly as elderlyFacts, medical as medicalFacts } from '../domain/agreement.fixtures';
import { UNKNOWN, summaryDisposition, toAgreementSummary } from './agreement-summary.mapper';

const filedAt = new Date('2026-11-20T02:00:00Z');
const signedAt = new Date('2026-11-21T08:30:00Z');
const amendedAt = new Date('2026-11-25T01:00:00Z');
const printedAt = new Date('2026-11-30T06:15:00Z');

const elderly = elderlyFacts();
const medical = medicalFacts();
const terms = agreementTerms({
  term: { effectiveFrom: '2026-11-01', effectiveTo: '2027-10-31' },
  document: { fileName: 'declared.pdf', sha256: 'a'.repeat(64) },
});
const elderlyAdmin: AgreementActor = { userId: 'u-e', role: 'elderly-admin', institutionId: ELDERLY, name: '陈美玲' };
const medicalAdmin: AgreementActor = { userId: 'u-m', role: 'medical-admin', institutionId: MEDICAL, name: '王建国' };
const names = { elderly: { name: '福州市鼓楼区福寿颐养院' }, medical: { name: '福建省立医院' } };

/** Filed, given a signed scan, submitted, countersigned (ACTIVE: the term has begun), then amended once. */
function amendedAgreement(): Readonly<AgreementState> {
  const a = Agreement.draft(
    { id: 'a7d4e2c1-0b3f-4e58-8c6a-91f2d7b3e5a0', elderlyParty: elderly, medicalParty: medical, terms, actor: elderlyAdmin },
    filedAt,
  );
  const upload = (sha: string, fileName: string) =>
    a.attachDocument(
      elderlyAdmin,
      { id: `d-${sha}`, sha256: sha.repeat(64), mediaType: 'application/pdf', sizeBytes: 1000, fileName, objectKey: `k-${sha}` },
      filedAt,
    );
  upload('b', '合作协议-初稿.pdf');
  a.submit(elderlyAdmin, filedAt);
  upload('c', '合作协议(签章).pdf');
  a.countersign(medicalAdmin, { elderly, medical }, false, '2026-11-21', signedAt);
  a.proposeAmendment(
    medicalAdmin,
    { ...terms, document: null, services: [...terms.services, { code: 'REHABILITATION', frequency: 'ON_DEMAND' }] },
    amendedAt,
  );
  a.countersignAmendment(elderlyAdmin, { elderly, medical }, '2026-11-25', amendedAt);
  return a.snapshot;
}

describe('toAgreementSummary', () => {
  it('maps the parties, mode, services, term, status, every signed revision and the latest uploaded document', () => {
    const s = amendedAgreement();
    expect(s.status).toBe('ACTIVE');
    expect(toAgreementSummary(s, names, printedAt)).toEqual({
      agreementId: s.id,
      status: 'ACTIVE',
      mode: 'MULTI_LEVEL',
      elderlyParty: { name: '福州市鼓楼区福寿颐养院', code: UNKNOWN },
      medicalParty: { name: '福建省立医院', code: UNKNOWN },
      services: [
        { code: 'TWO_WAY_REFERRAL', frequency: null },
        { code: 'REGULAR_VISITS', frequency: 'WEEKLY' },
        { code: 'REHABILITATION', frequency: 'ON_DEMAND' },
      ],
      term: { effectiveFrom: '2026-11-01', effectiveTo: '2027-10-31' },
      site: null,
      revision: 1,
      revisions: [
        {
          revision: 0,
          proposedBy: 'elderly',
          proposedByName: '陈美玲',
          proposedAt: filedAt,
          countersignedByName: '王建国',
          countersignedAt: signedAt,
        },
        {
          revision: 1,
          proposedBy: 'medical',
          proposedByName: '王建国',
          proposedAt: amendedAt,
          countersignedByName: '陈美玲',
          countersignedAt: amendedAt,
        },
      ],
      // the bytes uploaded last (their hash is what the signed copy is checked against), not the content's declared file
      document: { fileName: '合作协议(签章).pdf', sha256: 'c'.repeat(64) },
      termination: null,
      printedAt,
    });
  });

  it('prints a party not heard of by its id, a code it does not know as a dash, and no document when none was uploaded', () => {
    const a = Agreement.draft({ id: 'a-2', elderlyParty: elderly, medicalParty: medical, terms, actor: elderlyAdmin }, filedAt);
    const data = toAgreementSummary(
      a.snapshot,
      { elderly: { name: '  ' }, medical: { name: '福建省立医院', code: '12350000488000031X' } },
      printedAt,
    );
    expect(data.elderlyParty).toEqual({ name: `机构 ${ELDERLY}`, code: UNKNOWN });
    expect(data.medicalParty).toEqual({ name: '福建省立医院', code: '12350000488000031X' });
    expect(data).toMatchObject({ status: 'DRAFT', revision: 0, revisions: [], document: null, termination: null });
  });

  it('carries a termination under notice', () => {
    const s = amendedAgreement();
    const a = Agreement.restore(structuredClone(s));
    a.terminate(medicalAdmin, '养老机构迁址', '2027-06-30', '2026-11-30', printedAt);
    expect(toAgreementSummary(a.snapshot, names, printedAt).termination).toEqual({ effectiveOn: '2027-06-30', reason: '养老机构迁址' });
  });
});

describe('summaryDisposition', () => {
  it('is an attachment with an ASCII fallback and the Chinese name in filename*', () => {
    expect(summaryDisposition('3f9c2b7e')).toBe(
      `attachment; filename="agreement-summary-3f9c2b7e.pdf"; filename*=UTF-8''%E5%8D%8F%E8%AE%AE%E6%91%98%E8%A6%81-3f9c2b7e.pdf`,
    );
  });
});
