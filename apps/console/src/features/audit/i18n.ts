/** The audit trail's words: this feature's sentences first, then the console's own (roles, problems…). */
import { useMemo } from 'react';
import { featureTranslator, useI18n, type Lang, type Translate } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { auditLabels, en, zh, type AuditMessageKey } from './messages';

export type AuditTranslate = (key: AuditMessageKey | MessageKey, vars?: Record<string, string | number>) => string;

export function auditTranslator(lang: Lang, base?: Translate): AuditTranslate {
  return featureTranslator({ zh, en }, lang, base);
}

export function useAuditI18n() {
  const { lang, t: base } = useI18n();
  return useMemo(() => ({ lang, t: auditTranslator(lang, base), L: auditLabels[lang] }), [lang, base]);
}

export type AuditI18n = ReturnType<typeof useAuditI18n>;
