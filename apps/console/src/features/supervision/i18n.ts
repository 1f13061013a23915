/** The supervision screen's words: this feature's sentences first, then the console's own. */
import { useMemo } from 'react';
import { featureTranslator, useI18n, type Lang, type Translate } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { en, supervisionLabels, zh, type SupervisionMessageKey } from './messages';
import type { RowWords } from './model';

export type SupervisionTranslate = (key: SupervisionMessageKey | MessageKey, vars?: Record<string, string | number>) => string;

export function supervisionTranslator(lang: Lang, base: Translate): SupervisionTranslate {
  return featureTranslator({ zh, en }, lang, base);
}

/** What the rows need to speak in one language (model.ts's row translation). */
export function rowWords(lang: Lang, t: SupervisionTranslate): RowWords {
  const L = supervisionLabels[lang];
  return {
    lang,
    t,
    agreementStatus: L.agreementStatus,
    mode: L.mode,
    referralStatus: L.referralStatus,
    direction: L.direction,
    priority: L.priority,
    indication: L.indication,
    sex: L.sex,
  };
}

export function useSupervisionI18n() {
  const { lang, t: base } = useI18n();
  return useMemo(() => {
    const t = supervisionTranslator(lang, base);
    return { lang, t, L: supervisionLabels[lang], words: rowWords(lang, t) };
  }, [lang, base]);
}

export type SupervisionI18n = ReturnType<typeof useSupervisionI18n>;
