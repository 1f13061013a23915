/** The registrar's screens' words: this feature's sentences first, then the console's own. */
import { useMemo } from 'react';
import { featureTranslator, useI18n } from '../../i18n/i18n';
import { messages } from './messages';

export type RegisterTranslate = ReturnType<typeof featureTranslator<keyof typeof messages.zh>>;

export function useRegisterI18n() {
  const { lang, t: base, labels } = useI18n();
  return useMemo(() => ({ lang, t: featureTranslator(messages, lang, base), labels }), [lang, base, labels]);
}

export type RegisterI18n = ReturnType<typeof useRegisterI18n>;
