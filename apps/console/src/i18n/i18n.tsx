import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, labels, zh, type MessageKey } from './messages';

export type Lang = 'zh' | 'en';

const STORAGE_KEY = 'yiyang.console.lang';

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t: Translate;
  labels: (typeof labels)[Lang];
}

/** "{name}" in a sentence replaced by vars.name (left as it is when vars has no such name). */
export const fillIn = (text: string, vars?: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => (vars && name in vars ? String(vars[name]) : whole));

export function translator(lang: Lang): Translate {
  const messages = lang === 'en' ? en : zh;
  return (key, vars) => fillIn(messages[key] ?? key, vars);
}

/**
 * A feature's translator: its own sentences (loaded with the feature, not with the sign-in page) first,
 * then the console's (problem sentences, "retry"…), in the person's language.
 */
export function featureTranslator<K extends string>(
  own: { zh: Record<K, string>; en: Record<K, string> },
  lang: Lang,
  base: Translate = translator(lang),
): (key: K | MessageKey, vars?: Record<string, string | number>) => string {
  const mine: Record<string, string> = own[lang];
  return (key, vars) => (key in mine ? fillIn(mine[key], vars) : base(key as MessageKey, vars));
}

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

const I18nContext = createContext<I18n | null>(null);

/** Chinese unless the person chose English (remembered in this browser). */
export function I18nProvider({ children, lang: fixed }: { children: ReactNode; lang?: Lang }) {
  const [lang, setLangState] = useState<Lang>(fixed ?? initialLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
    document.title = lang === 'en' ? en.appName : zh.appName;
  }, [lang]);
  const value = useMemo<I18n>(() => ({ lang, setLang, t: translator(lang), labels: labels[lang] }), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
