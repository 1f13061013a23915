/**
 * The registration form's values and the registry's bodies, both ways, in plain TypeScript: what a form
 * holds (a division as its path province → city → county, dates as YYYY-MM-DD, optional sections that
 * may be left empty), the body of POST /v1/institutions, the PATCH of only what changed, and where a
 * field error of the service belongs on the form.
 */
import type { components } from '../../api/registry';
import {
  BED_TYPES as BED_TYPE_CODES,
  ELDERLY_CARE_KINDS,
  HOSPITAL_KINDS as HOSPITAL_KIND_CODES,
  MEDICAL_KINDS as MEDICAL_KIND_CODES,
} from '@contracts/institution/vocabulary';
import type { Institution } from './search';

export type RegisterBody = components['schemas']['RegisterInstitutionDto'];
export type UpdateBody = components['schemas']['UpdateInstitutionDto'];
export type Category = RegisterBody['category'];
export type Kind = RegisterBody['kind'];
export type Capability = RegisterBody['capabilities'][number];
export type BedType = keyof RegisterBody['beds'];
export type Status = Institution['status'];

// the registry's vocabulary from the platform's contracts, checked against the generated API types (a drift is a compile error here)
/** Hospitals carry a grade (一级/二级/三级); nothing else does. */
export const HOSPITAL_KINDS: readonly Kind[] = HOSPITAL_KIND_CODES satisfies readonly Kind[];
export const BED_TYPES: readonly BedType[] = BED_TYPE_CODES satisfies readonly BedType[];
const MEDICAL_KINDS: readonly Kind[] = MEDICAL_KIND_CODES satisfies readonly Kind[];
const ELDERLY_KINDS: readonly Kind[] = ELDERLY_CARE_KINDS satisfies readonly Kind[];

/** The kinds an institution of this category may be (SPEC §4.1: a combined institution may be of either). */
export function kindsOf(category: Category | undefined): readonly Kind[] {
  if (category === 'MEDICAL') return MEDICAL_KINDS;
  if (category === 'ELDERLY_CARE') return ELDERLY_KINDS;
  return [...MEDICAL_KINDS, ...ELDERLY_KINDS];
}

/** A practice licence for medical and combined institutions, an elderly-care filing for elderly-care and combined ones. */
export const needsLicence = (category: Category | undefined) => category === 'MEDICAL' || category === 'COMBINED';
export const needsFiling = (category: Category | undefined) => category === 'ELDERLY_CARE' || category === 'COMBINED';

/** China's extent as the registry checks it (catches swapped latitude and longitude). */
export const CHINA = { lat: [3, 54], lng: [73, 136] } as const;

interface Numbered {
  number?: string;
}
export interface FormValues {
  uscc?: string;
  category?: Category;
  name?: string;
  kind?: Kind;
  hospitalGrade?: NonNullable<RegisterBody['hospitalGrade']> | null;
  medicalInstitutionCode?: string;
  ownership?: RegisterBody['ownership'];
  nonProfit?: boolean;
  /** ['35', '3501', '350102'] */
  division?: string[];
  address?: string;
  location?: { lat?: number; lng?: number };
  medicalLicence?: Numbered & { scope?: string[]; validFrom?: string; validTo?: string };
  elderlyCareFiling?: Numbered & { filedOn?: string };
  medicalInsuranceDesignation?: Numbered & { since?: string };
  longTermCareInsuranceDesignation?: Numbered & { since?: string };
  capabilities?: Capability[];
  beds?: Partial<Record<BedType, number | null>>;
}

/** 350102 → ['35', '3501', '350102']; 350100 → ['35', '3501']; 350000 → ['35']. */
export function divisionPath(code: string | undefined): string[] | undefined {
  if (!code || !/^\d{6}$/.test(code)) return undefined;
  if (code.endsWith('0000')) return [code.slice(0, 2)];
  if (code.endsWith('00')) return [code.slice(0, 2), code.slice(0, 4)];
  return [code.slice(0, 2), code.slice(0, 4), code];
}

/** The six-digit code of the division chosen last (a province 35 is 350000, a city 3501 is 350100). */
export function divisionCodeOf(path: string[] | undefined): string | undefined {
  const last = path?.[path.length - 1];
  return last ? last.padEnd(6, '0') : undefined;
}

const text = (v: string | undefined | null) => (v ?? '').trim();
const filled = (o: object | undefined) => !!o && Object.values(o).some((v) => (Array.isArray(v) ? v.length > 0 : text(v as string) !== ''));

function details(v: FormValues, category: Category | undefined): Omit<RegisterBody, 'uscc' | 'category'> {
  const licence = v.medicalLicence;
  const designation = (d: FormValues['medicalInsuranceDesignation']) =>
    filled(d) ? { number: text(d!.number), since: d!.since ?? '' } : null;
  const beds = Object.fromEntries(
    BED_TYPES.filter((b) => v.beds?.[b] !== undefined && v.beds?.[b] !== null).map((b) => [b, v.beds![b] as number]),
  );
  const kind = v.kind!;
  return {
    name: text(v.name),
    kind,
    hospitalGrade: HOSPITAL_KINDS.includes(kind) ? (v.hospitalGrade ?? null) : null,
    medicalInstitutionCode: text(v.medicalInstitutionCode) || null,
    ownership: v.ownership!,
    nonProfit: !!v.nonProfit,
    divisionCode: divisionCodeOf(v.division) ?? '',
    address: text(v.address),
    location: { lat: v.location?.lat as number, lng: v.location?.lng as number },
    medicalLicence:
      needsLicence(category) || filled(licence)
        ? {
            number: text(licence?.number),
            scope: (licence?.scope ?? []).map((s) => s.trim()).filter(Boolean),
            validFrom: licence?.validFrom ?? '',
            validTo: licence?.validTo ?? '',
          }
        : null,
    elderlyCareFiling:
      needsFiling(category) || filled(v.elderlyCareFiling)
        ? { number: text(v.elderlyCareFiling?.number), filedOn: v.elderlyCareFiling?.filedOn ?? '' }
        : null,
    medicalInsuranceDesignation: designation(v.medicalInsuranceDesignation),
    longTermCareInsuranceDesignation: designation(v.longTermCareInsuranceDesignation),
    capabilities: [...new Set(v.capabilities ?? [])],
    beds,
  };
}

/** POST /v1/institutions from a validated form. */
export function registerBody(v: FormValues): RegisterBody {
  return { uscc: text(v.uscc).toUpperCase(), category: v.category!, ...details(v, v.category) };
}

/** The form filled with an institution as the registry answers it. */
export function formValuesOf(i: Institution): FormValues {
  const numbered = <T extends object>(o: T | null) => o ?? undefined;
  return {
    uscc: i.uscc,
    category: i.category,
    name: i.name,
    kind: i.kind,
    hospitalGrade: i.hospitalGrade,
    medicalInstitutionCode: i.medicalInstitutionCode ?? undefined,
    ownership: i.ownership,
    nonProfit: i.nonProfit,
    division: divisionPath(i.divisionCode),
    address: i.address,
    location: { ...i.location },
    medicalLicence: numbered(i.medicalLicence),
    elderlyCareFiling: numbered(i.elderlyCareFiling),
    medicalInsuranceDesignation: numbered(i.medicalInsuranceDesignation),
    longTermCareInsuranceDesignation: numbered(i.longTermCareInsuranceDesignation),
    capabilities: [...i.capabilities],
    beds: { ...i.beds },
  };
}

/**
 * PATCH /v1/institutions/{id}: only the fields whose value differs from the institution as read (an
 * optional section emptied is sent as null); an empty object when nothing changed.
 */
export function updateBody(v: FormValues, i: Institution): UpdateBody {
  const next = details(v, i.category);
  const before = details(formValuesOf(i), i.category);
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(next) as (keyof typeof next)[]) {
    if (JSON.stringify(next[key]) !== JSON.stringify(before[key])) patch[key] = next[key];
  }
  return patch as UpdateBody;
}

/**
 * Where the service's field error goes on the form: "medicalLicence.validTo" under that date,
 * "divisionCode" under the division, "medicalLicence.scope.2" under the scope, "location" under the
 * latitude; undefined for a field the form does not have (the banner still says it).
 */
export function formFieldOf(apiField: string): (string | number)[] | undefined {
  const parts = apiField.split('.').filter((p) => !/^\d+$/.test(p));
  const [head, sub] = parts;
  switch (head) {
    case 'divisionCode':
      return ['division'];
    case 'location':
      return ['location', sub === 'lng' ? 'lng' : 'lat'];
    case 'beds':
      return sub ? ['beds', sub] : undefined;
    case 'medicalLicence':
      return ['medicalLicence', sub ?? 'number'];
    case 'elderlyCareFiling':
      return ['elderlyCareFiling', sub ?? 'number'];
    case 'medicalInsuranceDesignation':
    case 'longTermCareInsuranceDesignation':
      return [head, sub ?? 'number'];
    case 'uscc':
    case 'category':
    case 'name':
    case 'kind':
    case 'hospitalGrade':
    case 'medicalInstitutionCode':
    case 'ownership':
    case 'nonProfit':
    case 'address':
    case 'capabilities':
      return [head];
    default:
      return undefined;
  }
}

/** Problem codes that concern one field. */
export const CODE_FIELDS: Record<string, (string | number)[]> = { DUPLICATE_USCC: ['uscc'] };

/** The sanctions a status allows (the registry's life cycle): ACTIVE ⇄ SUSPENDED, either → REVOKED (final). */
export type StatusAction = 'suspend' | 'reinstate' | 'revoke';
export function actionsFor(status: Status): { edit: boolean; actions: StatusAction[] } {
  if (status === 'ACTIVE') return { edit: true, actions: ['suspend', 'revoke'] };
  if (status === 'SUSPENDED') return { edit: true, actions: ['reinstate', 'revoke'] };
  return { edit: false, actions: [] };
}

/** The administrator roles a registrar creates for an institution of this category. */
export function adminRolesFor(category: Category): ('elderly-admin' | 'medical-admin')[] {
  if (category === 'MEDICAL') return ['medical-admin'];
  if (category === 'ELDERLY_CARE') return ['elderly-admin'];
  return ['elderly-admin', 'medical-admin'];
}
