/** The map's words: its own sentences first, then the console's (labels of kinds and capabilities too). */
import { useMemo } from 'react';
import { featureTranslator, useI18n, type Lang, type Translate } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { en, zh, type MapMessageKey } from './messages';

export type MapTranslate = (key: MapMessageKey | MessageKey, vars?: Record<string, string | number>) => string;

export function mapTranslator(lang: Lang, base: Translate): MapTranslate {
  return featureTranslator({ zh, en }, lang, base);
}

export function useMapI18n() {
  const { lang, t: base, labels } = useI18n();
  return useMemo(() => ({ lang, t: mapTranslator(lang, base), labels }), [lang, base, labels]);
}

export type MapI18n = ReturnType<typeof useMapI18n>;
