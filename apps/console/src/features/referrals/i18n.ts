/**
 * The referral screens' translator: this feature's sentences first, then the console's own (problem
 * sentences, roles, "retry"…), in the language the person chose.
 */
import { useMemo } from 'react';
import { featureTranslator, translator, useI18n, type Lang, type Translate } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { referralEn, referralLabels, referralZh, type ReferralKey } from './messages';

export type ReferralTranslate = (key: ReferralKey | MessageKey, vars?: Record<string, string | number>) => string;

export function referralTranslator(lang: Lang, base: Translate = translator(lang)): ReferralTranslate {
  return featureTranslator({ zh: referralZh, en: referralEn }, lang, base);
}

export function useReferralI18n() {
  const { lang, t: base } = useI18n();
  return useMemo(() => ({ lang, t: referralTranslator(lang, base), rl: referralLabels[lang] }), [lang, base]);
}
