/** Formatting and checks shared by the forms: pure, no PDF. */

/** A form was given data it cannot print (a programming error of the caller, not a user's input). */
export class FormDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormDataError';
  }
}

/** China Standard Time is UTC+8 all year (no daylight saving): computed, so no time-zone data is needed. */
const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

/** An instant as printed on a form: `yyyy-MM-dd HH:mm` in China Standard Time; null prints as a dash. */
export function cst(at: Date | null): string {
  if (at === null) return '—';
  const iso = new Date(at.getTime() + CST_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** The form's number: the id's first 8 characters (a UUID's first group). */
export function formNumber(id: string): string {
  return id.slice(0, 8);
}

export function requireText(value: string, field: string): string {
  if (typeof value !== 'string' || !value.trim()) throw new FormDataError(`${field} must be a non-empty string`);
  return value;
}

export function requireDate(value: Date | null, field: string): void {
  if (value === null) return;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new FormDataError(`${field} must be a valid Date`);
}

/** A calendar day (yyyy-MM-dd) as printed: 2026年01月01日. */
export function day(value: string, field: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) throw new FormDataError(`${field} must be a day as yyyy-MM-dd`);
  return `${m[1]}年${m[2]}月${m[3]}日`;
}
