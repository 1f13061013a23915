import {
  BedType,
  Capability,
  ELDERLY_CARE_KINDS,
  FreeBedType,
  HOSPITAL_KINDS,
  HospitalGrade,
  InstitutionCategory,
  InstitutionKind,
  InstitutionStatus,
  MEDICAL_KINDS,
  Ownership,
} from '@yiyang/contracts';
import {
  Aggregate,
  AggregateState,
  DomainError,
  FieldError,
  chinaDate,
  LatLng,
  StateMachine,
  ValidationError,
  isValidDivisionCode,
  usccProblem,
} from '@yiyang/kernel';
import { ErrorCodes } from './error-codes';

export interface MedicalLicence {
  number: string;
  scope: string[];
  validFrom: string;
  validTo: string;
}

export interface ElderlyCareFiling {
  number: string;
  filedOn: string;
}

/** 医保定点 / 长护险定点: designated since `since`, until `validTo` (inclusive; null: open-ended). */
export interface Designation {
  number: string;
  since: string;
  validTo: string | null;
}

/** What a registrar may change after registration (identity, USCC and category stay). */
export interface InstitutionDetails {
  name: string;
  medicalInstitutionCode: string | null;
  kind: InstitutionKind;
  hospitalGrade: HospitalGrade | null;
  ownership: Ownership;
  nonProfit: boolean;
  divisionCode: string;
  address: string;
  location: LatLng;
  medicalLicence: MedicalLicence | null;
  elderlyCareFiling: ElderlyCareFiling | null;
  medicalInsuranceDesignation: Designation | null;
  longTermCareInsuranceDesignation: Designation | null;
  capabilities: Capability[];
  beds: Partial<Record<BedType, number>>;
}

/** What the institution's own administrators keep current for referrals (SPEC §4.1 capacity; issue item 13). */
export interface InstitutionOperations {
  freeBeds: Partial<Record<FreeBedType, number>>;
  /** a mainland phone number for referral enquiries, or null */
  referralPhone: string | null;
}

export interface InstitutionState extends AggregateState, InstitutionDetails, InstitutionOperations {
  uscc: string;
  category: InstitutionCategory;
  status: InstitutionStatus;
  statusReason: string | null;
  /** validTo of the licence whose expiry was already announced (announced once per licence) */
  licenceExpiryAnnouncedFor: string | null;
  registeredAt: Date;
  /** when free beds or the referral phone were last reported; null until the first report */
  operationsUpdatedAt: Date | null;
}

export type InstitutionChange =
  | { kind: 'registered' }
  | { kind: 'updated'; changed: (keyof InstitutionDetails)[] }
  | { kind: 'suspended'; reason: string }
  | { kind: 'reinstated'; reason: string | null }
  | { kind: 'revoked'; reason: string }
  | { kind: 'licence-expired'; licence: { number: string; validTo: string } }
  | { kind: 'operations-updated'; changed: (keyof InstitutionOperations)[] };

/** China's extent, to catch swapped or missing coordinates. */
const CHINA = { minLat: 3, maxLat: 54, minLng: 73, maxLng: 136 };

function checkDetails(category: InstitutionCategory, d: InstitutionDetails): FieldError[] {
  const errors: FieldError[] = [];
  if (!isValidDivisionCode(d.divisionCode)) errors.push({ field: 'divisionCode', message: 'is not a GB/T 2260 division code' });
  const { lat, lng } = d.location;
  if (lat < CHINA.minLat || lat > CHINA.maxLat || lng < CHINA.minLng || lng > CHINA.maxLng) {
    errors.push({ field: 'location', message: 'is outside China (lat 3–54, lng 73–136); were lat and lng swapped?' });
  }
  const medicalKind = (MEDICAL_KINDS as readonly string[]).includes(d.kind);
  const elderlyKind = (ELDERLY_CARE_KINDS as readonly string[]).includes(d.kind);
  if (category === 'MEDICAL' && !medicalKind) errors.push({ field: 'kind', message: `${d.kind} is not a medical institution kind` });
  if (category === 'ELDERLY_CARE' && !elderlyKind)
    errors.push({ field: 'kind', message: `${d.kind} is not an elderly-care institution kind` });
  if (d.hospitalGrade !== null && !HOSPITAL_KINDS.includes(d.kind))
    errors.push({ field: 'hospitalGrade', message: 'applies to hospitals only' });
  if (category !== 'ELDERLY_CARE' && !d.medicalLicence) {
    errors.push({ field: 'medicalLicence', message: 'is required for MEDICAL and COMBINED institutions (医疗机构执业许可证)' });
  }
  if (category !== 'MEDICAL' && !d.elderlyCareFiling) {
    errors.push({ field: 'elderlyCareFiling', message: 'is required for ELDERLY_CARE and COMBINED institutions (养老机构备案)' });
  }
  if (d.medicalLicence && d.medicalLicence.validFrom >= d.medicalLicence.validTo) {
    errors.push({ field: 'medicalLicence.validTo', message: 'must be after validFrom' });
  }
  for (const field of ['medicalInsuranceDesignation', 'longTermCareInsuranceDesignation'] as const) {
    const designation = d[field];
    if (designation?.validTo && designation.validTo < designation.since) {
      errors.push({ field: `${field}.validTo`, message: 'must not be before since' });
    }
  }
  if (new Set(d.capabilities).size !== d.capabilities.length) errors.push({ field: 'capabilities', message: 'lists a capability twice' });
  return errors;
}

/**
 * The form names are matched in: Unicode NFKC (full-width Ｌａｔｉｎ and digits become ASCII, compatibility
 * ideographs their unified form), lower case, no whitespace. Names and search strings both go through it.
 */
export function searchableName(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

/**
 * A practice licence that lapsed before `today` (China date) cannot be registered or set: the registrar
 * registers, or records, the renewed licence (issue 14 rule 4). Its last day (validTo) still counts.
 */
function refuseLapsedLicence(licence: MedicalLicence | null, today: string): void {
  if (licence && licence.validTo < today) {
    throw new DomainError(
      ErrorCodes.LICENCE_LAPSED,
      'rule',
      `the medical practice licence ${licence.number} lapsed on ${licence.validTo} (today is ${today}, China time): record the renewed licence`,
      [{ field: 'medicalLicence.validTo', message: `lapsed on ${licence.validTo}` }],
    );
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The institution's life cycle, the one guard of its status: ACTIVE ⇄ SUSPENDED, either → REVOKED (final).
 * A revoked institution changes no details, reports no operations and has no licence expiry announced.
 */
export const institutionLifecycle = new StateMachine<
  'suspend' | 'reinstate' | 'revoke' | 'update' | 'report operations' | 'announce licence expiry',
  InstitutionStatus
>({
  suspend: { from: ['ACTIVE'], to: 'SUSPENDED' },
  reinstate: { from: ['SUSPENDED'], to: 'ACTIVE' },
  revoke: { from: ['ACTIVE', 'SUSPENDED'], to: 'REVOKED' },
  update: { from: ['ACTIVE', 'SUSPENDED'] },
  'report operations': { from: ['ACTIVE', 'SUSPENDED'] },
  'announce licence expiry': { from: ['ACTIVE', 'SUSPENDED'] },
});

/**
 * An institution in the registry. Guards its own rules and transitions; every change bumps the
 * version by one and is recorded as a change for the event stream.
 */
export class Institution extends Aggregate<InstitutionState, InstitutionChange> {
  static register(input: { id: string; uscc: string; category: InstitutionCategory } & InstitutionDetails, at: Date): Institution {
    const errors: FieldError[] = [];
    const problem = usccProblem(input.uscc);
    if (problem) {
      const why = {
        length: 'must be 18 characters',
        alphabet: 'uses a character outside 0-9 A-H J-N P-R T U W-Y',
        checksum: 'has a wrong check character (GB 32100-2015)',
      };
      errors.push({ field: 'uscc', message: why[problem] });
    }
    errors.push(...checkDetails(input.category, input));
    if (errors.length) throw new ValidationError(errors);
    refuseLapsedLicence(input.medicalLicence, chinaDate(at));
    const institution = new Institution({
      ...input,
      version: 1,
      status: 'ACTIVE',
      statusReason: null,
      licenceExpiryAnnouncedFor: null,
      freeBeds: {},
      referralPhone: null,
      registeredAt: at,
      updatedAt: at,
      operationsUpdatedAt: null,
    });
    institution.recordCreation({ kind: 'registered' });
    return institution;
  }

  static restore(state: InstitutionState): Institution {
    return new Institution({ ...state });
  }

  update(patch: Partial<InstitutionDetails>, at: Date): void {
    institutionLifecycle.check('update', this.state.status);
    const next: InstitutionDetails = { ...this.state, ...patch };
    const errors = checkDetails(this.state.category, next);
    if (errors.length) throw new ValidationError(errors);
    const changed = (Object.keys(patch) as (keyof InstitutionDetails)[]).filter((k) => !sameValue(this.state[k], next[k]));
    if (changed.length === 0) return;
    // a new licence must be in force; an institution whose licence lapsed is still updated (that is how it is renewed)
    if (changed.includes('medicalLicence')) refuseLapsedLicence(next.medicalLicence, chinaDate(at));
    const values = Object.fromEntries(changed.map((k) => [k, next[k]])) as Partial<InstitutionDetails>;
    // a new licence is announced again when it lapses
    const announced = changed.includes('medicalLicence') ? { licenceExpiryAnnouncedFor: null } : {};
    this.record({ kind: 'updated', changed }, { ...values, ...announced }, at);
  }

  /**
   * Free beds by type (the types given replace their figures, the others stay) and the referral phone
   * (null clears it). A type's free beds cannot exceed its registered beds; a revoked institution reports nothing.
   */
  updateOperations(patch: { freeBeds?: Partial<Record<FreeBedType, number>>; referralPhone?: string | null }, at: Date): void {
    institutionLifecycle.check('report operations', this.state.status);
    const errors: FieldError[] = [];
    const freeBeds = { ...this.state.freeBeds, ...(patch.freeBeds ?? {}) };
    for (const [type, free] of Object.entries(patch.freeBeds ?? {}) as [FreeBedType, number][]) {
      const total = this.state.beds[type] ?? 0;
      if (!Number.isInteger(free) || free < 0) errors.push({ field: `freeBeds.${type}`, message: 'must be a whole number ≥ 0' });
      else if (free > total) errors.push({ field: `freeBeds.${type}`, message: `exceeds the ${total} ${type} beds registered` });
    }
    if (errors.length) throw new ValidationError(errors);
    const next: InstitutionOperations = {
      freeBeds,
      referralPhone: patch.referralPhone === undefined ? this.state.referralPhone : patch.referralPhone,
    };
    const changed = (['freeBeds', 'referralPhone'] as const).filter((k) => !sameValue(this.state[k], next[k]));
    if (changed.length === 0) return;
    this.record({ kind: 'operations-updated', changed: [...changed] }, { ...next, operationsUpdatedAt: at }, at);
  }

  suspend(reason: string, at: Date): void {
    this.moveTo('suspend', reason, { kind: 'suspended', reason }, at);
  }

  reinstate(reason: string | null, at: Date): void {
    this.moveTo('reinstate', reason, { kind: 'reinstated', reason }, at);
  }

  revoke(reason: string, at: Date): void {
    this.moveTo('revoke', reason, { kind: 'revoked', reason }, at);
  }

  /** Whether the practice licence lapsed before `today` (China date) and that was not yet announced. */
  licenceExpiryDue(today: string): boolean {
    const licence = this.state.medicalLicence;
    return (
      !!licence &&
      institutionLifecycle.allows('announce licence expiry', this.state.status) &&
      licence.validTo < today &&
      this.state.licenceExpiryAnnouncedFor !== licence.validTo
    );
  }

  /** Announces a lapsed licence once; the institution stays in its status (a registrar decides on sanctions). */
  expireLicence(today: string, at: Date): void {
    const licence = this.state.medicalLicence;
    if (!licence || !this.licenceExpiryDue(today)) {
      throw new DomainError(ErrorCodes.LICENCE_NOT_EXPIRED, 'conflict', 'the licence has not lapsed or its expiry was already announced');
    }
    this.record(
      { kind: 'licence-expired', licence: { number: licence.number, validTo: licence.validTo } },
      { licenceExpiryAnnouncedFor: licence.validTo },
      at,
    );
  }

  private moveTo(action: 'suspend' | 'reinstate' | 'revoke', reason: string | null, change: InstitutionChange, at: Date): void {
    const { to } = institutionLifecycle.check(action, this.state.status);
    this.record(change, { status: to ?? this.state.status, statusReason: reason }, at);
  }
}
