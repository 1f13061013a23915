/**
 * The agreements screens' words: this feature's sentences first, then the console's own (the sign-in
 * page does not carry them: they load with the feature). Problem codes of the contract service get
 * their sentences here too, through the console's describeProblem.
 */
import { useMemo } from 'react';
import { featureTranslator, useI18n, type Lang, type Translate } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { en, labels, zh, type AgreementMessageKey } from './messages';
import type { FeePayer, Mode } from './model';

export type AgreementTranslate = (key: AgreementMessageKey | MessageKey, vars?: Record<string, string | number>) => string;

export function agreementTranslator(lang: Lang, base: Translate): AgreementTranslate {
  return featureTranslator({ zh, en }, lang, base);
}

export function useAgreementsI18n() {
  const { lang, t: base, labels: registry } = useI18n();
  return useMemo(() => ({ lang, t: agreementTranslator(lang, base), labels: labels[lang], registry }), [lang, base, registry]);
}

export type AgreementsI18n = ReturnType<typeof useAgreementsI18n>;

/**
 * How the two parties are named under a mode: a nursing home and a medical institution, or, for
 * continuing care (ADR 0013; the wire names kept), the care side (接续服务机构) and the hospital.
 */
export function partyKeys(mode: Mode | undefined) {
  const care = mode === 'CONTINUING_CARE';
  return {
    elderly: care ? 'partyCareSide' : 'partyElderly',
    medical: care ? 'partyHospital' : 'partyMedical',
    elderlyDuties: care ? 'fieldCareDuties' : 'fieldElderlyDuties',
    medicalDuties: care ? 'fieldHospitalDuties' : 'fieldMedicalDuties',
    elderlyContent: care ? 'contentCareDuties' : 'contentElderlyDuties',
    medicalContent: care ? 'contentHospitalDuties' : 'contentMedicalDuties',
    counterparty: care ? 'fieldHospitalParty' : 'fieldMedicalParty',
    counterpartyHelp: care ? 'fieldHospitalPartyHelp' : 'fieldMedicalPartyHelp',
    counterpartyRequired: care ? 'hospitalPartyRequired' : 'medicalPartyRequired',
  } as const satisfies Record<string, AgreementMessageKey>;
}

/** Who pays, in words, under a mode (the parties named as `partyKeys` names them). */
export function payerWords(
  i18n: { t: AgreementTranslate; labels: (typeof labels)[Lang] },
  mode: Mode | undefined,
): Record<FeePayer, string> {
  if (mode !== 'CONTINUING_CARE') return i18n.labels.payer;
  return { ...i18n.labels.payer, ELDERLY_PARTY: i18n.t('payerCareSide'), MEDICAL_PARTY: i18n.t('payerHospital') };
}
