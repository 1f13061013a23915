/**
 * The agreement aggregate's test fixtures (its spec, the summary mapper's spec): a nursing home and a
 * general hospital of Fuzhou as the domain sees them, and the terms of a MULTI_LEVEL agreement.
 */
import { AgreementTerms, PartyFacts } from './agreement';

export const ELDERLY = '11111111-1111-4111-8111-111111111111';
export const MEDICAL = '22222222-2222-4222-8222-222222222222';

/** A nursing home in Gulou (350102). */
export const elderly = (o: Partial<PartyFacts> = {}): PartyFacts => ({
  institutionId: ELDERLY,
  category: 'ELDERLY_CARE',
  kind: 'NURSING_HOME',
  status: 'ACTIVE',
  divisionCode: '350102',
  location: { lat: 26.08, lng: 119.3 },
  ...o,
});
/** A general hospital in Taijiang (350103). */
export const medical = (o: Partial<PartyFacts> = {}): PartyFacts => ({
  institutionId: MEDICAL,
  category: 'MEDICAL',
  kind: 'GENERAL_HOSPITAL',
  status: 'ACTIVE',
  divisionCode: '350103',
  location: { lat: 26.05, lng: 119.31 },
  ...o,
});
/** Two-way referral and weekly visits, one fee, 2026-12-01 … 2027-11-30, a declared signed paper. */
export const terms = (o: Partial<AgreementTerms> = {}): AgreementTerms => ({
  mode: 'MULTI_LEVEL',
  services: [
    { code: 'TWO_WAY_REFERRAL', frequency: null },
    { code: 'REGULAR_VISITS', frequency: 'WEEKLY' },
  ],
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
