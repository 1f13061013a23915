/** The statistics' period and its address: read as the API reads its query, written without the defaults. */
import { describe, expect, it } from 'vitest';
import {
  chinaToday,
  defaultPeriod,
  isCalendarDate,
  paramsWith,
  periodFromParams,
  sideFromParams,
  statisticsCsvPath,
  statisticsQuery,
  withinLimits,
} from './period';

const TODAY = '2026-11-30';
const read = (query: string) => periodFromParams(new URLSearchParams(query), TODAY);

describe('the period', () => {
  it('is today in China, whatever the browser’s zone', () => {
    expect(chinaToday(new Date('2026-11-23T16:30:00Z'))).toBe('2026-11-24');
    expect(chinaToday(new Date('2026-11-23T15:59:59Z'))).toBe('2026-11-23');
  });

  it('defaults to the API’s 30 days to today, by day', () => {
    expect(read('')).toEqual({ from: '2026-11-01', to: '2026-11-30', granularity: 'day' });
    expect(defaultPeriod(TODAY, 'week')).toEqual({ from: '2026-11-01', to: '2026-11-30', granularity: 'week' });
  });

  it('reads from, to and granularity from the address as the API reads its query', () => {
    expect(read('from=2026-10-01&to=2026-10-31&granularity=week')).toEqual({ from: '2026-10-01', to: '2026-10-31', granularity: 'week' });
    // to absent: 29 days after from, not past today; from absent: 29 days before to
    expect(read('from=2026-10-01')).toEqual({ from: '2026-10-01', to: '2026-10-30', granularity: 'day' });
    expect(read('from=2026-11-20')).toEqual({ from: '2026-11-20', to: '2026-11-30', granularity: 'day' });
    expect(read('to=2026-10-31')).toEqual({ from: '2026-10-02', to: '2026-10-31', granularity: 'day' });
  });

  it('ignores what is not a date or a granularity, and keeps a range the API accepts', () => {
    expect(read('from=2026-02-30&to=yesterday&granularity=year')).toEqual({ from: '2026-11-01', to: '2026-11-30', granularity: 'day' });
    expect(read('from=2026-11-30&to=2026-11-01')).toEqual({ from: '2026-11-01', to: '2026-11-30', granularity: 'day' });
    // a year and more: by day at most 366 days (the most recent kept), by month 731
    expect(read('from=2024-01-01&to=2026-11-30')).toEqual({ from: '2025-11-30', to: '2026-11-30', granularity: 'day' });
    expect(read('from=2024-01-01&to=2026-11-30&granularity=month')).toEqual({ from: '2024-11-30', to: '2026-11-30', granularity: 'month' });
    expect(withinLimits({ from: '2025-12-01', to: '2026-11-30', granularity: 'day' }).from).toBe('2025-12-01');
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-1-01')).toBe(false);
  });

  it('writes the period into the address with the division and the rest kept, the defaults left out', () => {
    const params = new URLSearchParams('division=3501&side=received');
    const week = paramsWith(params, { period: { from: '2026-11-02', to: '2026-11-29', granularity: 'week' } }, TODAY);
    expect(week.toString()).toBe('division=3501&side=received&from=2026-11-02&to=2026-11-29&granularity=week');
    expect(periodFromParams(week, TODAY)).toEqual({ from: '2026-11-02', to: '2026-11-29', granularity: 'week' });
    const back = paramsWith(week, { period: defaultPeriod(TODAY), side: 'total' }, TODAY);
    expect(back.toString()).toBe('division=3501');
    expect(paramsWith(week, { division: '350102' }, TODAY).get('division')).toBe('350102');
    expect(paramsWith(week, { division: '350102' }, TODAY).get('granularity')).toBe('week');
    expect(
      paramsWith(new URLSearchParams(), { period: { from: '2026-11-30', to: '2026-11-01', granularity: 'day' } }, TODAY).toString(),
    ).toBe('');
  });

  it('reads the side, all unless sent or received', () => {
    expect(sideFromParams(new URLSearchParams('side=sent'))).toBe('sent');
    expect(sideFromParams(new URLSearchParams('side=everything'))).toBe('total');
    expect(sideFromParams(new URLSearchParams())).toBe('total');
  });

  it('asks the API for the period explicitly, and the server’s CSV with it', () => {
    const p = { from: '2026-11-01', to: '2026-11-30', granularity: 'month' as const };
    expect(statisticsQuery('3501', p)).toEqual({ division: '3501', from: '2026-11-01', to: '2026-11-30', granularity: 'month' });
    expect(statisticsCsvPath('3501', p)).toBe(
      '/notification/v1/statistics.csv?division=3501&from=2026-11-01&to=2026-11-30&granularity=month',
    );
  });
});
