import {
  AgreementMode,
  CONTINUING_CARE_HOSPITAL_KINDS,
  CONTINUING_CARE_PROVIDER_KINDS,
  CONTINUING_CARE_SERVICES,
  MULTI_LEVEL_MEDICAL_KINDS,
  PRIMARY_CARE_KINDS,
  SERVICES_WITH_FREQUENCY,
  licenceInForce,
} from '@yiyang/contracts';
import { DomainError, FieldError, ValidationError } from '@yiyang/kernel';
import { AgreementState, AgreementTerms, DocumentReference, PartyFacts, PendingAmendment } from './agreement.types';
import { ErrorCode, ErrorCodes } from './error-codes';

export const rule = (code: ErrorCode, message: string) => new DomainError(code, 'rule', message);
export const conflict = (code: ErrorCode, message: string) => new DomainError(code, 'conflict', message);
export const wrongParty = (message: string) => new DomainError(ErrorCodes.WRONG_PARTY, 'forbidden', message);

/**
 * SPEC §4.2: one elderly-care and one medical party, both ACTIVE; PRIMARY_CARE only with a primary-care
 * medical party; MULTI_LEVEL only with a hospital (general, TCM, specialty, rehabilitation, nursing) or hospice.
 * CONTINUING_CARE (ADR 0013): the first party is the care side, a MEDICAL or COMBINED rehabilitation
 * hospital, nursing hospital or hospice, and the medical party a general, TCM or specialty hospital.
 */
export function checkParties(elderly: PartyFacts, medical: PartyFacts, mode: AgreementMode): void {
  if (elderly.institutionId === medical.institutionId)
    throw rule(ErrorCodes.PARTIES_MUST_DIFFER, 'the elderly-care and medical parties must be two institutions');
  if (mode === 'CONTINUING_CARE') checkContinuingCareParties(elderly, medical);
  else if (elderly.category === 'MEDICAL')
    throw rule(ErrorCodes.ELDERLY_PARTY_INVALID, 'the elderly-care party must be an ELDERLY_CARE or COMBINED institution');
  if (medical.category === 'ELDERLY_CARE')
    throw rule(ErrorCodes.MEDICAL_PARTY_INVALID, 'the medical party must be a MEDICAL or COMBINED institution');
  for (const party of [elderly, medical]) {
    if (party.status !== 'ACTIVE')
      throw rule(ErrorCodes.PARTY_NOT_ACTIVE, `institution ${party.institutionId} is ${party.status}, not ACTIVE`);
  }
  if (mode === 'PRIMARY_CARE' && !PRIMARY_CARE_KINDS.includes(medical.kind)) {
    throw rule(
      ErrorCodes.PRIMARY_CARE_NEEDS_PRIMARY_MEDICAL_PARTY,
      '基层协议合作 needs a community health centre, township health centre or village clinic as the medical party',
    );
  }
  if (mode === 'MULTI_LEVEL' && !MULTI_LEVEL_MEDICAL_KINDS.includes(medical.kind)) {
    throw rule(
      ErrorCodes.MULTI_LEVEL_NEEDS_HOSPITAL_MEDICAL_PARTY,
      '多层次医疗服务合作 needs a general, TCM, specialty, rehabilitation or nursing hospital, or a hospice, as the medical party',
    );
  }
}

/** 接续服务合作: a continuing-care medical institution (the care side, first party) and the hospital that sends patients down to it. */
function checkContinuingCareParties(careSide: PartyFacts, hospital: PartyFacts): void {
  if (careSide.category === 'ELDERLY_CARE' || !CONTINUING_CARE_PROVIDER_KINDS.includes(careSide.kind)) {
    throw rule(
      ErrorCodes.CONTINUING_CARE_NEEDS_CARE_PROVIDER,
      '接续服务合作 needs a rehabilitation hospital, nursing hospital (护理院) or hospice (MEDICAL or COMBINED) as the care-side party (elderlyInstitutionId)',
    );
  }
  if (hospital.category === 'ELDERLY_CARE' || !CONTINUING_CARE_HOSPITAL_KINDS.includes(hospital.kind)) {
    throw rule(
      ErrorCodes.CONTINUING_CARE_NEEDS_HOSPITAL,
      '接续服务合作 needs a general, TCM or specialty hospital as the medical party (medicalInstitutionId)',
    );
  }
}

/**
 * Rule 4 (issue 14): an agreement, a renewal or an amendment is not countersigned while a party's medical
 * practice licence (医疗机构执业许可证) has lapsed on `today`; it may be once the registry publishes the renewed one.
 */
export function checkLicences(parties: readonly PartyFacts[], today: string): void {
  const lapsed = parties.find((p) => !licenceInForce(p, today));
  if (lapsed) {
    throw rule(
      ErrorCodes.LICENCE_LAPSED,
      `the medical practice licence of institution ${lapsed.institutionId} lapsed on ${lapsed.licenceValidTo}; nothing is countersigned until the registry records its renewal`,
    );
  }
}

/** The content policy requires (seeds 001, 004): term in order, frequencies, site, entrustment terms, dispatched staff. */
export function checkTerms(t: AgreementTerms): void {
  const errors: FieldError[] = [];
  if (t.term.effectiveFrom >= t.term.effectiveTo) errors.push({ field: 'term.effectiveTo', message: 'must be after effectiveFrom' });
  const codes = t.services.map((s) => s.code);
  if (new Set(codes).size !== codes.length) errors.push({ field: 'services', message: 'lists a service twice' });
  t.services.forEach((s, i) => {
    if (SERVICES_WITH_FREQUENCY.includes(s.code) && !s.frequency)
      errors.push({ field: `services.${i}.frequency`, message: `is required for ${s.code}` });
  });
  if (errors.length) throw new ValidationError(errors);
  if (t.mode === 'EMBEDDED' && !t.site)
    throw rule(ErrorCodes.SITE_REQUIRED, '嵌入式 agreements name the medical station or studio inside the nursing home (site)');
  if (t.mode === 'ENTRUSTED' && !t.entrustment) {
    throw rule(
      ErrorCodes.ENTRUSTMENT_TERMS_REQUIRED,
      '托管式 agreements state rights and obligations, legal liability and dispute resolution',
    );
  }
  if ((t.mode === 'EMBEDDED' || t.mode === 'ENTRUSTED') && !t.staff.some((s) => s.practisingCertificateNumber)) {
    throw rule(
      ErrorCodes.STAFF_REQUIRED,
      'EMBEDDED and ENTRUSTED agreements need at least one dispatched staff member with a practising certificate number',
    );
  }
  if (t.mode === 'CONTINUING_CARE' && (!codes.includes('TWO_WAY_REFERRAL') || !codes.some((c) => CONTINUING_CARE_SERVICES.includes(c)))) {
    throw rule(
      ErrorCodes.CONTINUING_CARE_SERVICES_REQUIRED,
      '接续服务合作 covers TWO_WAY_REFERRAL and at least one of the services the care side offers: REHABILITATION, NURSING, HOSPICE',
    );
  }
}

/** Expiry reminders go out this many days before effectiveTo, each once. */
export const REMINDER_DAYS = [30, 7] as const;

/** The reminder due today, if any: the nearest threshold passed and not yet announced (a late start skips the earlier one). */
export function dueReminder(daysLeft: number, lastReminder: number | null): number | null {
  if (daysLeft < 0) return null;
  const passed = REMINDER_DAYS.filter((d) => daysLeft <= d && (lastReminder === null || d < lastReminder));
  return passed.length ? Math.min(...passed) : null;
}

/**
 * Countersigning needs the signed document uploaded when `required` (the AGREEMENT_DOCUMENT_REQUIRED
 * setting, on by default): 422 DOCUMENT_REQUIRED otherwise.
 */
export function requireDocumentToCountersign(s: Pick<AgreementState, 'documents'>, required: boolean): void {
  if (required && s.documents.length === 0)
    throw rule(ErrorCodes.DOCUMENT_REQUIRED, 'upload the signed agreement document (POST …/documents) before countersigning');
}

/** Countersigning an amendment needs its own signed paper, uploaded after it was proposed, when `required`: 422 DOCUMENT_REQUIRED. */
export function requireDocumentToCountersignAmendment(amendment: Pick<PendingAmendment, 'documentVersion'>, required: boolean): void {
  if (required && !amendment.documentVersion)
    throw rule(
      ErrorCodes.DOCUMENT_REQUIRED,
      'upload the signed amendment (POST …/documents, after it was proposed) before countersigning it',
    );
}

/**
 * The document an edit or an amendment declares, against the agreement's: omitted (null) keeps the
 * current one. A declaration is taken only while nothing has been uploaded: after that `document` is
 * the upload's (name and SHA-256 computed by the service), and a different one is refused (400) — a new
 * paper is a new upload.
 */
export function declaredDocument(
  declared: DocumentReference | null,
  s: Pick<AgreementState, 'document' | 'documents'>,
): DocumentReference | null {
  if (!declared) return s.document;
  const same = declared.fileName === s.document?.fileName && declared.sha256 === s.document?.sha256;
  if (s.documents.length && !same)
    throw new ValidationError([
      { field: 'document', message: 'is the uploaded signed paper’s; leave it out, or upload a new version (POST …/documents)' },
    ]);
  return declared;
}
