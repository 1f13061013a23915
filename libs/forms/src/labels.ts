import {
  AGREEMENT_MODE_LABEL,
  AGREEMENT_SERVICE_LABEL,
  AGREEMENT_STATUS_LABEL,
  FREQUENCY_LABEL,
  INDICATION_LABEL,
  INSURANCE_LABEL,
  PRIORITY_LABEL,
  REFERRAL_STATUS_LABEL,
  SEX_LABEL,
  zhLabels,
  AgreementMode,
  AgreementServiceCode,
  AgreementStatus,
  Frequency,
  Indication,
  ReferralPriority,
  ReferralStatus,
} from '@yiyang/contracts';
import { ResidentParticulars } from './types';

/**
 * The Chinese labels forms print: the shared vocabularies' words from libs/contracts (one source for notices,
 * forms and exports), and the forms' own (consciousness, the parties' headings).
 */
export const INDICATION_LABELS: Record<Indication, string> = zhLabels(INDICATION_LABEL);

export const PRIORITY_LABELS: Record<ReferralPriority, string> = zhLabels(PRIORITY_LABEL);

export const REFERRAL_STATUS_LABELS: Record<ReferralStatus, string> = zhLabels(REFERRAL_STATUS_LABEL);

export const VIA_LABELS: Record<'TWO_WAY_REFERRAL' | 'EMERGENCY_GREEN_CHANNEL', string> = {
  TWO_WAY_REFERRAL: '双向转诊协议',
  EMERGENCY_GREEN_CHANNEL: '急诊绿色通道',
};

export const SEX_LABELS: Record<ResidentParticulars['sex'], string> = zhLabels(SEX_LABEL);

export const INSURANCE_LABELS: Record<ResidentParticulars['insurance'], string> = zhLabels(INSURANCE_LABEL);

export const CONSCIOUSNESS_LABELS: Record<string, string> = {
  ALERT: '清醒',
  VOICE: '对声音有反应',
  PAIN: '对疼痛有反应',
  UNRESPONSIVE: '无反应',
};

export const MODE_LABELS: Record<AgreementMode, string> = zhLabels(AGREEMENT_MODE_LABEL);

/**
 * How a form names the two parties of an agreement of each mode: a CONTINUING_CARE agreement's first
 * party (`elderlyParty`) is the care-side medical institution, its second the hospital.
 */
export const PARTY_LABELS: Record<AgreementMode, Record<'elderly' | 'medical', string>> = {
  PRIMARY_CARE: { elderly: '养老机构', medical: '医疗机构' },
  MULTI_LEVEL: { elderly: '养老机构', medical: '医疗机构' },
  EMBEDDED: { elderly: '养老机构', medical: '医疗机构' },
  ENTRUSTED: { elderly: '养老机构', medical: '医疗机构' },
  CONTINUING_CARE: { elderly: '接续服务机构', medical: '医院' },
};

export const AGREEMENT_STATUS_LABELS: Record<AgreementStatus, string> = zhLabels(AGREEMENT_STATUS_LABEL);

export const SERVICE_LABELS: Record<AgreementServiceCode, string> = zhLabels(AGREEMENT_SERVICE_LABEL);

export const FREQUENCY_LABELS: Record<Frequency, string> = zhLabels(FREQUENCY_LABEL);

/** What a masked field prints when the particulars were not given (the reader may not see them). */
export const RESTRICTED = '（仅限转出/接收机构查看）';
export const MASKED = `＊＊＊${RESTRICTED}`;
