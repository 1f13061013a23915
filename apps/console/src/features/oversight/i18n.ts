/** The regulator's screens' words: this feature's sentences first, then the console's own. */
import { useMemo } from 'react';
import { featureTranslator, useI18n, type Lang, type Translate } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { en, oversightLabels, zh, type OversightMessageKey } from './messages';

export type OversightTranslate = (key: OversightMessageKey | MessageKey, vars?: Record<string, string | number>) => string;

export function oversightTranslator(lang: Lang, base: Translate): OversightTranslate {
  return featureTranslator({ zh, en }, lang, base);
}

export function useOversightI18n() {
  const { lang, t: base } = useI18n();
  return useMemo(() => ({ lang, t: oversightTranslator(lang, base), L: oversightLabels[lang] }), [lang, base]);
}

export type OversightI18n = ReturnType<typeof useOversightI18n>;
