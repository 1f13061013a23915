/**
 * The referral screens' translator: this feature's sentences first, then the console's own (problem
 * sentences, roles, "retry"…), in the language the person chose.
 */
import { useMemo } from 'react';
import { translator, useI18n, type Lang, type Translate } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { referralEn, referralLabels, referralZh, type ReferralKey } from './messages';

export type ReferralTranslate = (key: ReferralKey | MessageKey, vars?: Record<string, string | number>) => string;

const fill = (text: string, vars?: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => (vars && name in vars ? String(vars[name]) : whole));

export function referralTranslator(lang: Lang, base: Translate = translator(lang)): ReferralTranslate {
  const own: Record<string, string> = lang === 'en' ? referralEn : referralZh;
  return (key, vars) => (key in own ? fill(own[key], vars) : base(key as MessageKey, vars));
}

export function useReferralI18n() {
  const { lang, t: base } = useI18n();
  return useMemo(() => ({ lang, t: referralTranslator(lang, base), rl: referralLabels[lang] }), [lang, base]);
}
