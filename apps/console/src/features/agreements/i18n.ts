/**
 * The agreements screens' words: this feature's sentences first, then the console's own (the sign-in
 * page does not carry them: they load with the feature). Problem codes of the contract service get
 * their sentences here too, through the console's describeProblem.
 */
import { useMemo } from 'react';
import { featureTranslator, useI18n, type Lang, type Translate } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { en, labels, zh, type AgreementMessageKey } from './messages';

export type AgreementTranslate = (key: AgreementMessageKey | MessageKey, vars?: Record<string, string | number>) => string;

export function agreementTranslator(lang: Lang, base: Translate): AgreementTranslate {
  return featureTranslator({ zh, en }, lang, base);
}

export function useAgreementsI18n() {
  const { lang, t: base, labels: registry } = useI18n();
  return useMemo(() => ({ lang, t: agreementTranslator(lang, base), labels: labels[lang], registry }), [lang, base, registry]);
}

export type AgreementsI18n = ReturnType<typeof useAgreementsI18n>;
