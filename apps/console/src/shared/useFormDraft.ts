/**
 * What a person typed into a form, kept in this tab's session storage as they type: a session that
 * expires mid-form sends them to sign in and back, and the form comes back filled in.
 */
import { useCallback, useMemo } from 'react';

const PREFIX = 'yiyang.console.draft.';

export function readDraft<T extends object>(key: string): Partial<T> | undefined {
  try {
    const raw = sessionStorage.getItem(PREFIX + key);
    return raw ? (JSON.parse(raw) as Partial<T>) : undefined;
  } catch {
    return undefined;
  }
}

export function useFormDraft<T extends object>(key: string) {
  const initial = useMemo(() => readDraft<T>(key), [key]);
  const save = useCallback(
    (values: Partial<T>) => {
      try {
        sessionStorage.setItem(PREFIX + key, JSON.stringify(values));
      } catch {
        // storage full or refused: the form still works, only without the safety net
      }
    },
    [key],
  );
  const clear = useCallback(() => sessionStorage.removeItem(PREFIX + key), [key]);
  return { initial, save, clear };
}
