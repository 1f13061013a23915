/**
 * Form rules that are the API's own rules: the USCC check character (GB 32100-2015) and GB/T 2260
 * division codes come from libs/kernel (a Vite alias, not a copy), so the browser refuses exactly what
 * the service would refuse, before the request is sent.
 */
import { usccProblem } from '@kernel/uscc';
import type { Translate } from '../i18n/i18n';

type DivisionRules = typeof import('@kernel/division');

/** The division list is large (every county): loaded only when a form needs it. */
let divisions: Promise<DivisionRules> | undefined;
export const loadDivisionRules = (): Promise<DivisionRules> => (divisions ??= import('@kernel/division'));

/** Message for a USCC, or null when it is valid. */
export function usccMessage(code: string, t: Translate): string | null {
  if (code.trim() === '') return t('usccRequired');
  switch (usccProblem(code.trim())) {
    case null:
      return null;
    case 'length':
      return t('usccLength');
    case 'alphabet':
      return t('usccAlphabet');
    case 'checksum':
      return t('usccChecksum');
  }
}

/** An antd Form rule: a valid USCC (empty is left to `required`). */
export const usccRule = (t: Translate) => ({
  validator: async (_: unknown, value: string | undefined) => {
    if (!value) return;
    const message = usccMessage(value, t);
    if (message) throw new Error(message);
  },
});

/** An antd Form rule: a six-digit GB/T 2260 code (county, city or province). */
export const divisionRule = (t: Translate) => ({
  validator: async (_: unknown, value: string | undefined) => {
    if (!value) return;
    if (!(await loadDivisionRules()).isValidDivisionCode(value.trim())) throw new Error(t('divisionInvalid'));
  },
});

/** An antd Form rule: a jurisdiction prefix (2, 4 or 6 digits naming a real division). */
export const jurisdictionRule = (t: Translate) => ({
  validator: async (_: unknown, value: string | undefined) => {
    if (!value) return;
    if (!(await loadDivisionRules()).isValidJurisdiction(value.trim())) throw new Error(t('jurisdictionInvalid'));
  },
});

/** "lat,lng" as the search API takes it. */
export const nearRule = (t: Translate) => ({
  validator: async (_: unknown, value: string | undefined) => {
    if (!value) return;
    const m = /^\s*(-?\d{1,2}(?:\.\d{1,8})?)\s*,\s*(-?\d{1,3}(?:\.\d{1,8})?)\s*$/.exec(value);
    if (!m || Math.abs(Number(m[1])) > 90 || Math.abs(Number(m[2])) > 180) throw new Error(t('nearInvalid'));
  },
});
