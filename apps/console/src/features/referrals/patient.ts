/**
 * The resident's ID number (公民身份号码, GB 11643) checked in the browser by the API's own rule
 * (libs/kernel/src/resident-id.ts through the @kernel alias, not a copy), and what it tells: the sex
 * and the birth date, so the form never asks for what the number already says.
 */
import { residentIdCheckCharacter, residentIdProblems } from '@kernel/resident-id';
import type { ReferralTranslate } from './i18n';
import type { Sex } from './types';

/** What a person types: spaces dropped, a lower-case x made the upper-case X the standard uses. */
export const normaliseIdNumber = (value: string) => value.replace(/\s+/g, '').toUpperCase();

/** The sentence for an ID number, or null when the API would accept it. */
export function idNumberMessage(value: string | undefined, t: ReferralTranslate): string | null {
  const id = normaliseIdNumber(value ?? '');
  if (id === '') return t('idRequired');
  if (residentIdProblems(id).length === 0) return null;
  if (!/^\d{17}[\dX]$/.test(id)) return t('idLength');
  if (residentIdCheckCharacter(id.slice(0, 17)) !== id[17]) return t('idChecksum');
  return t('idBirthDate');
}

export interface Derived {
  sex: Sex;
  /** YYYY-MM-DD */
  birthDate: string;
}

/** Sex (odd 17th digit: male) and birth date of a valid ID number; null while it is not valid. */
export function deriveFromIdNumber(value: string | undefined): Derived | null {
  const id = normaliseIdNumber(value ?? '');
  if (residentIdProblems(id).length > 0) return null;
  return { sex: Number(id[16]) % 2 === 1 ? 'M' : 'F', birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}` };
}

/** Today's date in China (YYYY-MM-DD), whatever the browser's zone. */
export function chinaToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Whole years between a birth date and today (China dates). */
export function ageOn(birthDate: string, today: string = chinaToday()): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/**
 * The antd Form rule for the ID number (the form also runs it as the 18th character is typed, so a
 * wrong number is caught at once without a "too short" while someone is still typing).
 */
export const idNumberRule = (t: ReferralTranslate) => ({
  validator: async (_: unknown, value: string | undefined) => {
    const message = idNumberMessage(value, t);
    if (message) throw new Error(message);
  },
});
