import { addDays, chinaDate, chinaMinute, chinaSecond, daysBetween } from './clock';

describe('China time', () => {
  // 2026-11-30 23:59:30 in Fuzhou is still the 30th there; one minute later it is December
  const lateEvening = new Date('2026-11-30T15:59:30Z');

  it('gives the calendar day in China, which changes at 16:00 UTC', () => {
    expect(chinaDate(lateEvening)).toBe('2026-11-30');
    expect(chinaDate(new Date('2026-11-30T16:00:00Z'))).toBe('2026-12-01');
  });

  it('writes an instant to the minute and to the second as people in China read it, from a Date or an ISO text', () => {
    expect(chinaMinute(lateEvening)).toBe('2026-11-30 23:59');
    expect(chinaMinute('2026-11-30T16:05:09.123Z')).toBe('2026-12-01 00:05');
    expect(chinaSecond(lateEvening)).toBe('2026-11-30 23:59:30');
  });

  it('keeps an absent instant absent', () => {
    expect(chinaMinute(null)).toBeNull();
  });

  it('moves and compares calendar dates in whole days', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(daysBetween('2026-12-01', '2026-11-29')).toBe(-2);
  });
});
