import { describe, expect, it } from 'vitest';
import { formatDateTime, formatRelative } from './time';

describe('dates in China Standard Time', () => {
  it('shows an instant as the time in Beijing, whatever the machine’s zone', () => {
    expect(formatDateTime('2026-11-30T16:30:00.000Z')).toBe('2026-12-01 00:30');
    expect(formatDateTime('2026-06-01T00:05:00Z', 'en')).toBe('2026-06-01 08:05 CST');
  });

  it('leaves what is no date as it is, and nothing as nothing', () => {
    expect(formatDateTime('soon')).toBe('soon');
    expect(formatDateTime(null)).toBe('');
  });

  it('says how long ago a recent notice came', () => {
    const now = new Date('2026-11-30T10:00:00Z');
    expect(formatRelative('2026-11-30T09:59:50Z', now)).toBe('刚刚');
    expect(formatRelative('2026-11-30T09:57:00Z', now)).toBe('3分钟前');
    expect(formatRelative('2026-11-28T09:57:00Z', now)).toBe('2026-11-28 17:57');
  });
});
