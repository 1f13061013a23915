import {
  AgreementMode,
  AgreementServiceCode,
  AgreementStatus,
  Frequency,
  Indication,
  InsuranceType,
  ReferralPriority,
  ReferralStatus,
  Sex,
  Vitals,
} from '@yiyang/contracts';

/** An institution as a form prints it: its registered name and its code (统一社会信用代码). */
export interface FormInstitution {
  name: string;
  /** the unified social credit code (USCC) or another registration code */
  code: string;
}

/** The resident's particulars: only for the staff of the two institutions (the caller decides). */
export interface ResidentParticulars {
  name: string;
  sex: Sex;
  /** yyyy-MM-dd */
  birthDate: string;
  /** the full resident ID number (18 characters) */
  idNumber: string;
  insurance: InsuranceType;
}

export type { Vitals };

/** Clinical text of a referral: as personal as the particulars, so it travels in the same optional block. */
export interface ReferralClinical {
  icd10: string | null;
  summary: string;
  vitals?: Vitals;
}

/**
 * What only the two institutions' staff may read. Omitted, the form prints each of these fields masked
 * with "（仅限转出/接收机构查看）": pass it only to those allowed to see it.
 */
export interface ReferralParticulars {
  resident: ResidentParticulars;
  clinical: ReferralClinical;
}

/** The referral's milestones (instants; printed in China Standard Time). null: not reached. */
export interface ReferralMilestones {
  requestedAt: Date;
  receivedAt: Date | null;
  answeredAt: Date | null;
  expectedArrivalAt: Date | null;
  arrivedAt: Date | null;
  completedAt: Date | null;
  closedAt: Date | null;
}

/** What both referral forms share. */
export interface ReferralFormBase {
  /** the referral's id: its first 8 characters are the form's number; the QR code encodes it whole */
  referralId: string;
  status: ReferralStatus;
  priority: ReferralPriority;
  indication: Indication;
  from: FormInstitution;
  to: FormInstitution;
  /** the cooperation agreement the referral goes under */
  agreementId: string;
  via: 'TWO_WAY_REFERRAL' | 'EMERGENCY_GREEN_CHANNEL';
  /** the opaque resident reference (pr_…): not personal, printed for everyone */
  residentRef: string;
  /** the answer deadline */
  deadlineAt: Date;
  milestones: ReferralMilestones;
  /** the print time: printed in the header and set as the PDF's creation date (same data + same printedAt = same bytes) */
  printedAt: Date;
}

/** 双向转诊单: an UP referral, from an elderly-care institution to a medical one. */
export interface ReferralFormData extends ReferralFormBase {
  direction: 'UP';
  particulars?: ReferralParticulars;
}

/** 回转单: a DOWN referral back to the elderly-care institution, with the discharge summary. */
export interface ReturnFormData extends ReferralFormBase {
  direction: 'DOWN';
  /** the UP referral this one takes the resident back from, when there is one */
  upReferralId: string | null;
  particulars?: ReferralParticulars & {
    /** the discharge summary (出院小结) written when the stay was completed */
    dischargeSummary: string;
    /** advice for the care that follows, if any */
    advice?: string | null;
  };
}

/** A revision of an agreement's content that both parties signed (0: as first countersigned). */
export interface AgreementRevisionLine {
  revision: number;
  proposedBy: 'elderly' | 'medical';
  proposedByName: string | null;
  proposedAt: Date;
  countersignedByName: string | null;
  countersignedAt: Date;
}

/** 协议摘要: the summary sheet of a cooperation agreement. */
export interface AgreementSummaryData {
  /** the agreement's id: its first 8 characters are the form's number; the QR code encodes it whole */
  agreementId: string;
  status: AgreementStatus;
  mode: AgreementMode;
  elderlyParty: FormInstitution;
  medicalParty: FormInstitution;
  services: { code: AgreementServiceCode; frequency: Frequency | null }[];
  /** yyyy-MM-dd, both days included */
  term: { effectiveFrom: string; effectiveTo: string };
  /** the on-site medical point (embedded / entrusted modes) */
  site: string | null;
  /** the revision in force (0: as first countersigned) */
  revision: number;
  revisions: AgreementRevisionLine[];
  /** the signed agreement's file, when one was uploaded */
  document: { fileName: string; sha256: string } | null;
  /** a termination already given notice of */
  termination: { effectiveOn: string; reason: string } | null;
  printedAt: Date;
}
