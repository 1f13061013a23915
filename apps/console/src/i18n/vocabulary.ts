/**
 * The words for the platform's vocabularies, from their one source (libs/contracts/src/labels.ts, which
 * the services' notices, printed forms and exports use too), in the person's language: English
 * capitalised as the console shows a label on its own; `own` keeps the console's wording for the codes
 * where it says something else on screen.
 */
import type { Label } from '@contracts/labels';

export function wordsOf<K extends string>(
  table: Readonly<Record<K, Label>>,
  lang: 'zh' | 'en',
  own: Partial<Record<K, string>> = {},
): Record<K, string> {
  const words = (Object.entries(table) as [K, Label][]).map(([code, label]) => {
    const word = own[code] ?? (lang === 'zh' ? label.zh : label.en.charAt(0).toUpperCase() + label.en.slice(1));
    return [code, word] as const;
  });
  return Object.fromEntries(words) as Record<K, string>;
}
