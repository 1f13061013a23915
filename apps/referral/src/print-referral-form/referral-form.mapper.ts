import type { InstitutionName } from '@yiyang/directory';
import {
  FormInstitution,
  ReferralFormBase,
  ReferralFormData,
  ReferralParticulars,
  ResidentParticulars,
  ReturnFormData,
  formNumber,
} from '@yiyang/forms';
import { ReferralState } from '../domain/referral';
import type { Audience } from '../shared/referral.response';

/** What a form prints for an institution the directory has not heard of (never for a referral it accepted). */
export const UNKNOWN_INSTITUTION: FormInstitution = { name: '（机构名称未知）', code: '—' };

/** The 回转单 prints the hospital's summary once, as the discharge summary (section 五); section 四 points to it. */
export const SEE_DISCHARGE_SUMMARY = '见“五、出院小结与后续照护建议”';

/** A referral's printed form: the 双向转诊单 (UP) or the 回转单 (DOWN). */
export type ReferralForm = ReferralFormData | ReturnFormData;

/**
 * The form's data from the referral as it is now. The resident's particulars and the clinical text only
 * for the staff audience (the same rule as the JSON read); a regulator's form prints them masked.
 * Names and codes come from the directory (`names`: by institution id).
 *
 * A DOWN referral's discharge summary is its own clinical summary: what the hospital wrote when it sent
 * the resident down (for the return created by completing an UP referral, that referral's discharge
 * summary, copied when it was created).
 */
export function referralForm(
  s: Readonly<ReferralState>,
  names: ReadonlyMap<string, InstitutionName>,
  audience: Audience,
  printedAt: Date,
): ReferralForm {
  const institution = (id: string): FormInstitution => {
    const known = names.get(id);
    return known && known.name.trim() ? { name: known.name, code: known.uscc.trim() || '—' } : UNKNOWN_INSTITUTION;
  };
  const base: ReferralFormBase = {
    referralId: s.id,
    status: s.status,
    priority: s.priority,
    indication: s.clinical.indication,
    from: institution(s.from.institutionId),
    to: institution(s.to.institutionId),
    agreementId: s.agreementId,
    via: s.via,
    residentRef: s.patientRef,
    deadlineAt: s.deadlineAt,
    milestones: {
      requestedAt: s.milestones.requestedAt,
      receivedAt: s.milestones.receivedAt,
      answeredAt: s.milestones.answeredAt,
      expectedArrivalAt: s.expectedArrivalAt,
      arrivedAt: s.milestones.arrivedAt,
      completedAt: s.milestones.completedAt,
      closedAt: s.milestones.closedAt,
    },
    printedAt,
  };
  const staff = audience === 'staff';
  if (s.direction === 'UP') return { ...base, direction: 'UP', ...(staff ? { particulars: particulars(s, s.clinical.summary) } : {}) };
  return {
    ...base,
    direction: 'DOWN',
    upReferralId: s.parentReferralId,
    ...(staff ? { particulars: { ...particulars(s, SEE_DISCHARGE_SUMMARY), dischargeSummary: s.clinical.summary, advice: null } } : {}),
  };
}

function particulars(s: Readonly<ReferralState>, summary: string): ReferralParticulars {
  const p = s.patient;
  return {
    resident: {
      name: p.name,
      sex: p.sex,
      birthDate: p.birthDate,
      idNumber: p.idNumber,
      // the request's DTO admits only the form's insurance codes
      insurance: p.insurance as ResidentParticulars['insurance'],
    },
    clinical: { icd10: s.clinical.icd10, summary, vitals: { ...s.clinical.vitals } },
  };
}

/**
 * The form's Content-Disposition: a download named after the form and its number, e.g.
 * `双向转诊单-3f9c2b7e.pdf`, with an ASCII name (`referral-3f9c2b7e.pdf`) for clients without RFC 8187.
 */
export function formDisposition(s: Pick<ReferralState, 'id' | 'direction'>): string {
  const number = formNumber(s.id).replace(/[^A-Za-z0-9-]/g, '_');
  const [ascii, title] = s.direction === 'UP' ? ['referral', '双向转诊单'] : ['referral-return', '双向转诊回转单'];
  return `attachment; filename="${ascii}-${number}.pdf"; filename*=UTF-8''${encodeURIComponent(`${title}-${number}`)}.pdf`;
}
