/** Dates as people in China read them: China Standard Time (UTC+8, no daylight saving), whatever the browser's zone. */
import type { Lang } from '../i18n/i18n';

const ZONE = 'Asia/Shanghai';

const parts = (date: Date, options: Intl.DateTimeFormatOptions) =>
  Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, hourCycle: 'h23', ...options }).formatToParts(date).map((p) => [p.type, p.value]),
  );

/** 2026-11-30 18:05 (CST), or the input unchanged when it is no date. */
export function formatDateTime(value: string | Date | null | undefined, lang: Lang = 'zh'): string {
  if (value === null || value === undefined || value === '') return '';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const p = parts(date, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}${lang === 'en' ? ' CST' : ''}`;
}

/** A calendar date (the API's YYYY-MM-DD dates are already China dates): shown as given. */
export function formatDate(value: string | null | undefined): string {
  return value ?? '';
}

/** "3 分钟前" / "3 minutes ago", for recent notices; older ones get their date. */
export function formatRelative(value: string, now: Date, lang: Lang = 'zh'): string {
  const seconds = Math.round((now.getTime() - new Date(value).getTime()) / 1000);
  if (Number.isNaN(seconds)) return value;
  if (seconds < 45) return lang === 'en' ? 'just now' : '刚刚';
  const rtf = new Intl.RelativeTimeFormat(lang === 'en' ? 'en' : 'zh-CN', { numeric: 'auto' });
  if (seconds < 3600) return rtf.format(-Math.round(seconds / 60), 'minute');
  if (seconds < 86_400) return rtf.format(-Math.round(seconds / 3600), 'hour');
  return formatDateTime(value, lang);
}
