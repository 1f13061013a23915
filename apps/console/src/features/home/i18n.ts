/** The home page's words: this feature's sentences first, then the console's own. */
import { useMemo } from 'react';
import { featureTranslator, useI18n, type Lang, type Translate } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { en, modeWords, zh, type HomeMessageKey } from './messages';

export type HomeTranslate = (key: HomeMessageKey | MessageKey, vars?: Record<string, string | number>) => string;

export function homeTranslator(lang: Lang, base: Translate): HomeTranslate {
  return featureTranslator({ zh, en }, lang, base);
}

export function useHomeI18n() {
  const { lang, t: base } = useI18n();
  return useMemo(() => ({ lang, t: homeTranslator(lang, base), modes: modeWords[lang] }), [lang, base]);
}

export type HomeI18n = ReturnType<typeof useHomeI18n>;
