/**
 * The filing form's values and the API's bodies, both ways: what the form holds (responsibilities as
 * one text per party, one per line; the mode's own parts kept while another mode is tried) and what the
 * service takes (FileAgreementDto, AgreementContentDto); and the service's field names → the form's.
 */
import type { ChosenFile } from '../../shared/FileTransfer';
import type { NamePath } from '../../shared/placeProblem';
import {
  SERVICES,
  type Agreement,
  type AgreementContent,
  type ContentBody,
  type FeePayer,
  type FeeUnit,
  type FileBody,
  type Frequency,
  type Mode,
  type ServiceCode,
} from './model';
import { modeRequires } from './rules';

export interface ServiceValue {
  code: ServiceCode;
  frequency?: Frequency | null;
}

export interface FormValues {
  mode?: Mode;
  medicalInstitutionId?: string;
  term?: { effectiveFrom?: string; effectiveTo?: string };
  services?: ServiceValue[];
  fees?: { item?: string; amountFen?: number; unit?: FeeUnit; payer?: FeePayer }[];
  duties?: { elderlyParty?: string; medicalParty?: string };
  breachLiability?: string;
  site?: string;
  entrustment?: { rightsAndObligations?: string; legalLiability?: string; disputeResolution?: string };
  staff?: { name?: string; practisingCertificateNumber?: string; multiSiteFiled?: boolean }[];
  document?: DocumentValue;
}

/**
 * The signed document as the form holds it: its name and SHA-256 (what the content declares), the
 * file itself while this page is open (a filing uploads it; the tab's storage cannot keep it), or the
 * sentence saying why the file chosen cannot be sent.
 */
export interface DocumentValue {
  fileName: string;
  sha256: string;
  chosen?: ChosenFile;
  refused?: string;
}

/** A file this page can still send (not one restored from the tab's storage, which keeps only its name). */
export const uploadable = (d: DocumentValue | undefined): ChosenFile | undefined =>
  d?.chosen && d.chosen.file instanceof Blob ? d.chosen : undefined;

export const EMPTY_VALUES: FormValues = { services: [], fees: [], staff: [], duties: {} };

const trim = (s: string | undefined | null) => (s ?? '').trim();
export const dutyLines = (text: string | undefined) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** The services in the platform's order, so that "services.2" means the same row on both sides. */
export const orderedServices = (services: ServiceValue[] | undefined): ServiceValue[] =>
  [...(services ?? [])].sort((a, b) => SERVICES.indexOf(a.code) - SERVICES.indexOf(b.code));

/** What an amendment carries (and a filing besides the parties, the mode and the term). */
export function toContentBody(v: FormValues, mode: Mode | undefined): ContentBody {
  const requires = modeRequires(mode);
  const e = v.entrustment;
  return {
    services: orderedServices(v.services).map((s) => ({ code: s.code, frequency: s.frequency ?? null })),
    fees: (v.fees ?? []).map((f) => ({ item: trim(f.item), amountFen: f.amountFen ?? 0, unit: f.unit!, payer: f.payer! })),
    responsibilities: { elderlyParty: dutyLines(v.duties?.elderlyParty), medicalParty: dutyLines(v.duties?.medicalParty) },
    breachLiability: trim(v.breachLiability),
    site: requires.site ? trim(v.site) || null : null,
    entrustment:
      requires.entrustment && e
        ? {
            rightsAndObligations: trim(e.rightsAndObligations),
            legalLiability: trim(e.legalLiability),
            disputeResolution: trim(e.disputeResolution),
          }
        : null,
    staff: (v.staff ?? []).map((s) => ({
      name: trim(s.name),
      practisingCertificateNumber: trim(s.practisingCertificateNumber),
      multiSiteFiled: !!s.multiSiteFiled,
    })),
    document: { fileName: v.document?.fileName ?? '', sha256: v.document?.sha256 ?? '' },
  };
}

export function toFileBody(v: FormValues, elderlyInstitutionId: string): FileBody {
  return {
    elderlyInstitutionId,
    medicalInstitutionId: v.medicalInstitutionId!,
    mode: v.mode!,
    term: { effectiveFrom: v.term!.effectiveFrom!, effectiveTo: v.term!.effectiveTo! },
    ...toContentBody(v, v.mode),
  };
}

/** The content as the rules read it, from what is typed so far. */
export function contentOf(v: FormValues | undefined, fixed?: Pick<AgreementContent, 'mode' | 'term'>): Partial<AgreementContent> {
  const values = v ?? {};
  const mode = fixed?.mode ?? values.mode;
  return {
    ...toContentBody(values, mode),
    mode,
    term: fixed?.term ?? { effectiveFrom: values.term?.effectiveFrom ?? '', effectiveTo: values.term?.effectiveTo ?? '' },
    document: values.document?.sha256 ? { fileName: values.document.fileName, sha256: values.document.sha256 } : undefined,
  } as Partial<AgreementContent>;
}

/** A form filled from an agreement: to amend it, or to file a new one like it. */
export function valuesFrom(
  a: Pick<Agreement, 'mode' | 'medicalInstitutionId' | 'term'> & Omit<AgreementContent, 'mode' | 'term'>,
  withTerm: boolean,
): FormValues {
  return {
    mode: a.mode,
    medicalInstitutionId: a.medicalInstitutionId,
    ...(withTerm ? { term: { ...a.term } } : {}),
    services: a.services.map((s) => ({ code: s.code, frequency: (s.frequency ?? null) as Frequency | null })),
    fees: a.fees.map((f) => ({ item: f.item, amountFen: f.amountFen, unit: f.unit as FeeUnit, payer: f.payer as FeePayer })),
    duties: { elderlyParty: a.responsibilities.elderlyParty.join('\n'), medicalParty: a.responsibilities.medicalParty.join('\n') },
    breachLiability: a.breachLiability,
    site: a.site ?? undefined,
    entrustment: a.entrustment ?? undefined,
    staff: (a.staff ?? []).map((s) => ({ ...s })),
    // a filing like another uploads its own signed document; an amendment starts from the declared one
    document: withTerm ? (a.document ?? undefined) : undefined,
  };
}

/** The service's field names (e.g. "responsibilities.elderlyParty.0", "fees.1.amountFen") → the form's fields. */
export function formField(apiField: string): NamePath | undefined {
  const parts = apiField.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const [head, second] = parts;
  switch (head) {
    case 'services':
      return ['services'];
    case 'document':
      return ['document'];
    case 'responsibilities':
      return second === 'elderlyParty' || second === 'medicalParty' ? ['duties', second] : ['duties', 'elderlyParty'];
    case 'term':
      return second === 'effectiveFrom' || second === 'effectiveTo' ? ['term', second] : ['term', 'effectiveTo'];
    case 'fees':
    case 'staff':
      return parts.length >= 3 ? parts.slice(0, 3) : [head];
    case 'entrustment':
      return second ? ['entrustment', second] : ['entrustment', 'rightsAndObligations'];
    case 'mode':
    case 'medicalInstitutionId':
    case 'breachLiability':
    case 'site':
      return [head];
    default:
      return undefined;
  }
}

/** Rule codes of the service that concern one field of the form. */
export const CODE_FIELDS: Record<string, NamePath> = {
  SITE_REQUIRED: ['site'],
  ENTRUSTMENT_TERMS_REQUIRED: ['entrustment', 'rightsAndObligations'],
  STAFF_REQUIRED: ['staff'],
  PRIMARY_CARE_NEEDS_PRIMARY_MEDICAL_PARTY: ['medicalInstitutionId'],
  MULTI_LEVEL_NEEDS_HOSPITAL_MEDICAL_PARTY: ['medicalInstitutionId'],
  CONTINUING_CARE_NEEDS_HOSPITAL: ['medicalInstitutionId'],
  CONTINUING_CARE_SERVICES_REQUIRED: ['services'],
  MEDICAL_PARTY_INVALID: ['medicalInstitutionId'],
  PARTY_NOT_ACTIVE: ['medicalInstitutionId'],
  PARTY_UNKNOWN: ['medicalInstitutionId'],
  PARTIES_MUST_DIFFER: ['medicalInstitutionId'],
  OVERLAPPING_AGREEMENT: ['medicalInstitutionId'],
};
