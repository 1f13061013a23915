/**
 * One set of sentences in both languages, the way every feature writes its own (and the console its
 * base set, which features extend through `featureTranslator`): Chinese first, naming the keys, then
 * English with exactly the same keys (a missing or an extra one is a compile error).
 */
export function bilingual<K extends string>(
  zh: Record<K, string>,
  en: NoInfer<Record<K, string>>,
): { zh: Record<K, string>; en: Record<K, string> } {
  return { zh, en };
}
