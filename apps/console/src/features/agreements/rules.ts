/**
 * The rules an agreement must meet (SPEC §4.2; the contract service's agreement.rules.ts), as pure
 * functions the filing form validates with and the countersign view shows side by side with the content.
 * The lists of kinds and of services that need a frequency are the platform's own, imported.
 */
import {
  CONTINUING_CARE_HOSPITAL_KINDS,
  CONTINUING_CARE_PROVIDER_KINDS,
  CONTINUING_CARE_SERVICES,
  SERVICES_WITH_FREQUENCY,
} from '@contracts/agreement/vocabulary';
import { MULTI_LEVEL_MEDICAL_KINDS, PRIMARY_CARE_KINDS } from '@contracts/institution/vocabulary';
import { MODES, type AgreementContent, type Mode, type ServiceCode } from './model';
import type { AgreementMessageKey } from './messages';

export type InstitutionKind = (typeof MULTI_LEVEL_MEDICAL_KINDS)[number];
export type Category = 'MEDICAL' | 'ELDERLY_CARE' | 'COMBINED';

/** What the registry says of a party, as far as the rules need it. */
export interface PartyFacts {
  category: Category;
  kind: InstitutionKind;
  status: 'ACTIVE' | 'SUSPENDED' | 'REVOKED';
}

export const needsFrequency = (code: ServiceCode): boolean => SERVICES_WITH_FREQUENCY.includes(code);

/** The modes an elderly-care party files (every mode but CONTINUING_CARE, which the care side files). */
export const ELDERLY_CARE_MODES: readonly Mode[] = MODES.filter((m) => m !== 'CONTINUING_CARE');

/** Whether an institution may be a CONTINUING_CARE agreement's care side: a MEDICAL or COMBINED rehabilitation hospital, nursing hospital or hospice. */
export const isCareProvider = (i: Pick<PartyFacts, 'category' | 'kind'> | undefined): boolean =>
  !!i && i.category !== 'ELDERLY_CARE' && CONTINUING_CARE_PROVIDER_KINDS.includes(i.kind);

/**
 * The modes a person may file for their institution (ADR 0013: who acts is decided by institution, the
 * role must be one its administrators hold): an elderly-care or combined institution's administrator the
 * elderly-care modes; a care-side institution's administrator (medical-admin, or either for a combined
 * one) CONTINUING_CARE. `institution` undefined: not read yet, so only what the role alone tells
 * (an elderly-admin files the elderly-care modes). Empty: this person does not file.
 */
export function filingModes(
  roles: readonly string[],
  institutionId: string | undefined,
  institution: Pick<PartyFacts, 'category' | 'kind'> | undefined,
): Mode[] {
  if (!institutionId) return [];
  const elderlyAdmin = roles.includes('elderly-admin');
  const medicalAdmin = roles.includes('medical-admin');
  if (!institution) return elderlyAdmin ? [...ELDERLY_CARE_MODES] : [];
  const modes: Mode[] = [];
  if (elderlyAdmin && institution.category !== 'MEDICAL') modes.push(...ELDERLY_CARE_MODES);
  const adminHere = institution.category === 'COMBINED' ? elderlyAdmin || medicalAdmin : medicalAdmin;
  if (adminHere && isCareProvider(institution)) modes.push('CONTINUING_CARE');
  return modes;
}

/** The medical kinds a mode allows; undefined: any medical or combined institution. */
export function medicalKindsFor(mode: Mode | undefined): readonly InstitutionKind[] | undefined {
  if (mode === 'PRIMARY_CARE') return PRIMARY_CARE_KINDS;
  if (mode === 'MULTI_LEVEL') return MULTI_LEVEL_MEDICAL_KINDS;
  if (mode === 'CONTINUING_CARE') return CONTINUING_CARE_HOSPITAL_KINDS;
  return undefined;
}

/** What each mode requires beyond the common content. */
export function modeRequires(mode: Mode | undefined): { site: boolean; entrustment: boolean; staff: boolean } {
  return { site: mode === 'EMBEDDED', entrustment: mode === 'ENTRUSTED', staff: mode === 'EMBEDDED' || mode === 'ENTRUSTED' };
}

const blank = (s: string | null | undefined) => !s || s.trim() === '';

/** The care side of a CONTINUING_CARE agreement (its first party): a rehabilitation hospital, nursing hospital or hospice. */
export function careSideProblem(mode: Mode | undefined, party: PartyFacts | undefined): AgreementMessageKey | null {
  if (mode !== 'CONTINUING_CARE' || !party) return null;
  return isCareProvider(party) ? null : 'problemCode_CONTINUING_CARE_NEEDS_CARE_PROVIDER';
}

/** CONTINUING_CARE: two-way referral, and at least one of rehabilitation, nursing or hospice care. */
export function continuingCareServicesProblem(
  mode: Mode | undefined,
  services: { code: ServiceCode }[] | undefined,
): AgreementMessageKey | null {
  if (mode !== 'CONTINUING_CARE') return null;
  const codes = (services ?? []).map((s) => s.code);
  return codes.includes('TWO_WAY_REFERRAL') && codes.some((c) => CONTINUING_CARE_SERVICES.includes(c))
    ? null
    : 'problemCode_CONTINUING_CARE_SERVICES_REQUIRED';
}

/** Problems of a medical party for a mode (null: fine). */
export function medicalPartyProblem(mode: Mode | undefined, party: PartyFacts | undefined): AgreementMessageKey | null {
  if (!party) return null;
  if (party.category === 'ELDERLY_CARE') return 'ruleMedicalCategory';
  const kinds = medicalKindsFor(mode);
  if (mode === 'PRIMARY_CARE' && kinds && !kinds.includes(party.kind)) return 'problemCode_PRIMARY_CARE_NEEDS_PRIMARY_MEDICAL_PARTY';
  if (mode === 'MULTI_LEVEL' && kinds && !kinds.includes(party.kind)) return 'problemCode_MULTI_LEVEL_NEEDS_HOSPITAL_MEDICAL_PARTY';
  if (mode === 'CONTINUING_CARE' && kinds && !kinds.includes(party.kind)) return 'problemCode_CONTINUING_CARE_NEEDS_HOSPITAL';
  if (party.status !== 'ACTIVE') return 'problemCode_PARTY_NOT_ACTIVE';
  return null;
}

/** The term: both dates, in order (inclusive term: the last day is still in force). */
export function termProblem(
  term: { effectiveFrom?: string | null; effectiveTo?: string | null } | undefined,
): { field: 'effectiveFrom' | 'effectiveTo'; key: AgreementMessageKey } | null {
  if (!term?.effectiveFrom) return { field: 'effectiveFrom', key: 'termFromRequired' };
  if (!term.effectiveTo) return { field: 'effectiveTo', key: 'termToRequired' };
  if (term.effectiveFrom >= term.effectiveTo) return { field: 'effectiveTo', key: 'termOrder' };
  return null;
}

export interface ServiceProblem {
  index: number;
  code: ServiceCode;
  key: 'frequencyRequired' | 'serviceTwice';
}

/** At least one service; each listed once; regular visits, health management and family doctors with a frequency. */
export function servicesProblems(services: { code: ServiceCode; frequency?: string | null }[] | undefined): {
  none: boolean;
  items: ServiceProblem[];
} {
  const list = services ?? [];
  const items: ServiceProblem[] = [];
  const seen = new Set<ServiceCode>();
  list.forEach((s, index) => {
    if (seen.has(s.code)) items.push({ index, code: s.code, key: 'serviceTwice' });
    seen.add(s.code);
    if (needsFrequency(s.code) && !s.frequency) items.push({ index, code: s.code, key: 'frequencyRequired' });
  });
  return { none: list.length === 0, items };
}

/** EMBEDDED and ENTRUSTED: at least one dispatched member of staff with a practising certificate number. */
export function staffProblem(
  mode: Mode | undefined,
  staff: { practisingCertificateNumber?: string | null }[] | undefined,
): AgreementMessageKey | null {
  if (!modeRequires(mode).staff) return null;
  return (staff ?? []).some((s) => !blank(s.practisingCertificateNumber)) ? null : 'problemCode_STAFF_REQUIRED';
}

export type CheckStatus = 'met' | 'unmet' | 'advice';

/** One row of the checklist: the rule, what the agreement says about it, and whether it is met. */
/** What the content says about a rule, for the "agreement" column (codes are turned into words by the view). */
export type Evidence =
  | { type: 'message'; key: AgreementMessageKey; vars?: Record<string, string | number> }
  | { type: 'text'; text: string }
  | { type: 'kind'; kind: InstitutionKind }
  | { type: 'partyStatus'; status: PartyFacts['status'] }
  | { type: 'services'; services: { code: ServiceCode; frequency?: string | null }[] };

/** One row of the checklist: the rule, what the agreement says about it, and whether it is met. */
export interface RuleCheck {
  key: string;
  rule: AgreementMessageKey;
  status: CheckStatus;
  evidence: Evidence;
}

const say = (key: AgreementMessageKey, vars?: Record<string, string | number>): Evidence => ({
  type: 'message',
  key,
  ...(vars ? { vars } : {}),
});
const quote = (text: string): Evidence => ({ type: 'text', text });

/**
 * The rules an agreement's content must meet, in order, with the verdict for this content: what the
 * filing form shows as it is filled in, and what the countersigning party checks before signing.
 * `today` adds the rule that the term has not already ended (checked again at countersigning).
 */
export function checkAgreement(
  content: Partial<AgreementContent>,
  parties: { medical?: PartyFacts; elderly?: PartyFacts },
  today?: string,
): RuleCheck[] {
  const { mode } = content;
  const requires = modeRequires(mode);
  const checks: RuleCheck[] = [];

  if (mode === 'CONTINUING_CARE') {
    checks.push({
      key: 'careSide',
      rule: 'ruleCareSideParty',
      status: !parties.elderly || careSideProblem(mode, parties.elderly) ? 'unmet' : 'met',
      evidence: parties.elderly ? { type: 'kind', kind: parties.elderly.kind } : say('evidenceNone'),
    });
  }
  const medicalProblem = medicalPartyProblem(mode, parties.medical);
  checks.push({
    key: 'medicalParty',
    rule:
      mode === 'PRIMARY_CARE'
        ? 'rulePrimaryCareParty'
        : mode === 'MULTI_LEVEL'
          ? 'ruleMultiLevelParty'
          : mode === 'CONTINUING_CARE'
            ? 'ruleContinuingCareHospital'
            : 'ruleMedicalParty',
    status: !parties.medical ? 'unmet' : medicalProblem && medicalProblem !== 'problemCode_PARTY_NOT_ACTIVE' ? 'unmet' : 'met',
    evidence: parties.medical ? { type: 'kind', kind: parties.medical.kind } : say('evidenceNone'),
  });
  const inactive = [parties.medical, parties.elderly].filter((p): p is PartyFacts => !!p && p.status !== 'ACTIVE');
  checks.push({
    key: 'partiesActive',
    rule: 'rulePartiesActive',
    status: !parties.medical ? 'unmet' : inactive.length ? 'unmet' : 'met',
    evidence: inactive.length
      ? { type: 'partyStatus', status: inactive[0].status }
      : parties.medical
        ? say('evidenceAllActive')
        : say('evidenceNone'),
  });

  const term = termProblem(content.term);
  checks.push({
    key: 'term',
    rule: 'ruleTerm',
    status: term ? 'unmet' : 'met',
    evidence:
      content.term?.effectiveFrom || content.term?.effectiveTo
        ? say('evidenceTerm', { from: content.term?.effectiveFrom ?? '?', to: content.term?.effectiveTo ?? '?' })
        : say('evidenceNone'),
  });
  if (today && content.term?.effectiveTo && !term) {
    checks.push({
      key: 'termNotEnded',
      rule: 'ruleTermNotEnded',
      status: content.term.effectiveTo > today ? 'met' : 'unmet',
      evidence: say('evidenceToday', { today }),
    });
  }

  const services = servicesProblems(content.services);
  checks.push({
    key: 'services',
    rule: 'ruleServices',
    status: services.none || services.items.some((p) => p.key === 'serviceTwice') ? 'unmet' : 'met',
    evidence: services.none ? say('evidenceNone') : { type: 'services', services: content.services! },
  });
  if (mode === 'CONTINUING_CARE') {
    const care = (content.services ?? []).filter((s) => s.code === 'TWO_WAY_REFERRAL' || CONTINUING_CARE_SERVICES.includes(s.code));
    checks.push({
      key: 'continuingCareServices',
      rule: 'ruleContinuingCareServices',
      status: continuingCareServicesProblem(mode, content.services) ? 'unmet' : 'met',
      evidence: care.length ? { type: 'services', services: care } : say('evidenceNone'),
    });
  }
  const withFrequency = (content.services ?? []).filter((s) => needsFrequency(s.code));
  const missingFrequency = services.items.filter((p) => p.key === 'frequencyRequired');
  checks.push({
    key: 'frequency',
    rule: 'ruleFrequency',
    status: missingFrequency.length ? 'unmet' : 'met',
    evidence: withFrequency.length ? { type: 'services', services: withFrequency } : say('evidenceNoFrequencyNeeded'),
  });

  const r = content.responsibilities;
  const responsibilities =
    (r?.elderlyParty ?? []).filter((x) => !blank(x)).length > 0 && (r?.medicalParty ?? []).filter((x) => !blank(x)).length > 0;
  checks.push({
    key: 'responsibilities',
    rule: 'ruleResponsibilities',
    status: responsibilities ? 'met' : 'unmet',
    evidence: say(mode === 'CONTINUING_CARE' ? 'evidenceResponsibilitiesCare' : 'evidenceResponsibilities', {
      elderly: (r?.elderlyParty ?? []).filter((x) => !blank(x)).length,
      medical: (r?.medicalParty ?? []).filter((x) => !blank(x)).length,
    }),
  });
  checks.push({
    key: 'breach',
    rule: 'ruleBreach',
    status: blank(content.breachLiability) ? 'unmet' : 'met',
    evidence: blank(content.breachLiability) ? say('evidenceNone') : quote(content.breachLiability!),
  });
  checks.push({
    key: 'fees',
    rule: 'ruleFees',
    status: (content.fees ?? []).length ? 'met' : 'advice',
    evidence: (content.fees ?? []).length ? say('evidenceFeeCount', { count: content.fees!.length }) : say('evidenceNoFees'),
  });

  if (requires.site) {
    checks.push({
      key: 'site',
      rule: 'ruleSite',
      status: blank(content.site) ? 'unmet' : 'met',
      evidence: blank(content.site) ? say('evidenceNone') : quote(content.site!),
    });
  }
  if (requires.entrustment) {
    const e = content.entrustment;
    const parts = [e?.rightsAndObligations, e?.legalLiability, e?.disputeResolution].filter((x) => !blank(x)).length;
    checks.push({
      key: 'entrustment',
      rule: 'ruleEntrustment',
      status: parts === 3 ? 'met' : 'unmet',
      evidence: say('evidenceEntrustmentParts', { count: parts }),
    });
  }
  if (requires.staff) {
    const staff = content.staff ?? [];
    const certified = staff.filter((s) => !blank(s.practisingCertificateNumber));
    checks.push({
      key: 'staff',
      rule: 'ruleStaff',
      status: certified.length ? 'met' : 'unmet',
      evidence: say('evidenceStaffCount', { count: certified.length, total: staff.length }),
    });
    const unfiled = staff.filter((s) => !s.multiSiteFiled);
    checks.push({
      key: 'staffFiled',
      rule: 'ruleStaffFiled',
      status: staff.length && !unfiled.length ? 'met' : 'advice',
      evidence: staff.length ? say('evidenceStaffUnfiled', { count: unfiled.length }) : say('evidenceNone'),
    });
  }

  checks.push({
    key: 'document',
    rule: 'ruleDocument',
    status: content.document?.fileName && /^[0-9a-f]{64}$/.test(content.document.sha256 ?? '') ? 'met' : 'unmet',
    evidence: content.document?.fileName ? quote(content.document.fileName) : say('evidenceNone'),
  });
  return checks;
}
