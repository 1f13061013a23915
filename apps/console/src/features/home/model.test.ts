/** The home page's decisions: today in China, what counts as expiring and for whom, each figure's count, the statistics' rows. */
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../auth/principal';
import { FILTERS } from '../agreements/model';
import {
  AGREEMENT_QUERIES,
  attentionCount,
  chinaToday,
  countOf,
  expiringRows,
  expiryOf,
  homeRoleOf,
  inForceCount,
  isExpiring,
  openIncoming,
  percent,
  quickActionsFor,
  statisticsRows,
  todayRange,
  waitWords,
  type Whole,
} from './model';
import { HOME_ID, HOSPITAL_ID, CLINIC_ID, figures, institutionStatistics, listedAgreement } from './testing';

const elderly: Principal = { sub: 'u-home', name: '陈建国', roles: ['elderly-admin'], institutionId: HOME_ID };
const medical: Principal = { sub: 'u-hosp', name: '王丽', roles: ['medical-admin'], institutionId: HOSPITAL_ID };
const whole = <T>(items: T[], truncated = false): Whole<T> => ({ items, truncated });

describe('today, in China', () => {
  it('is the China date whatever the browser’s zone: 16:00 UTC is already the next day', () => {
    expect(chinaToday(new Date('2026-11-30T15:59:59.999Z'))).toBe('2026-11-30');
    expect(chinaToday(new Date('2026-11-30T16:00:00.000Z'))).toBe('2026-12-01');
    expect(chinaToday(new Date('2026-12-31T16:30:00.000Z'))).toBe('2027-01-01');
  });

  it('asks the referral lists for the referrals requested on that one day', () => {
    expect(todayRange(new Date('2026-11-30T16:30:00.000Z'))).toEqual({ from: '2026-12-01', to: '2026-12-01' });
    expect(todayRange(new Date('2026-11-30T01:00:00.000Z'))).toEqual({ from: '2026-11-30', to: '2026-11-30' });
  });
});

describe('the agreements counted', () => {
  it('are asked for with the very queries of the agreements page’s filters the cards link to', () => {
    expect(FILTERS.inForce).toEqual([AGREEMENT_QUERIES.active, AGREEMENT_QUERIES.signed]);
    expect(FILTERS.expiring).toEqual([AGREEMENT_QUERIES.expiring]);
    expect(FILTERS.attention).toEqual([AGREEMENT_QUERIES.submitted, AGREEMENT_QUERIES.active, AGREEMENT_QUERIES.signed]);
    expect(AGREEMENT_QUERIES.expiring).toEqual({ expiringWithinDays: 30 });
  });

  it('in force: ACTIVE and SIGNED together, "at least" when a list was longer than the home reads', () => {
    const active = whole([listedAgreement('a1'), listedAgreement('a2')]);
    const signed = whole([listedAgreement('s1', { status: 'SIGNED' })]);
    expect(inForceCount(active, signed)).toEqual({ value: 3, atLeast: false });
    expect(inForceCount(active, whole(signed.items, true))).toEqual({ value: 3, atLeast: true });
  });

  it('for us to countersign: what the other side submitted or proposed, never what we did', () => {
    const submittedByHome = listedAgreement('f1', { status: 'SUBMITTED', proposedBy: 'elderly' });
    const renewalByHospital = listedAgreement('r1', { status: 'SUBMITTED', proposedBy: 'medical', predecessorId: 'a1' });
    const amendment = (by: 'elderly' | 'medical') => ({
      content: {} as never,
      documentVersion: 1,
      proposedAt: '2026-11-29T02:00:00.000Z',
      proposedBy: by,
      revision: 1,
    });
    const amendedByHospital = listedAgreement('a1', { pendingAmendment: amendment('medical') });
    const amendedByHome = listedAgreement('s1', { status: 'SIGNED', pendingAmendment: amendment('elderly') });
    const lists = {
      submitted: whole([submittedByHome, renewalByHospital]),
      active: whole([amendedByHospital, listedAgreement('a2')]),
      signed: whole([amendedByHome]),
    };
    // the home countersigns the hospital's renewal and answers its amendment
    expect(attentionCount(lists, elderly)).toEqual({ value: 2, atLeast: false });
    // the hospital countersigns the home's filing and answers its amendment
    expect(attentionCount(lists, medical)).toEqual({ value: 2, atLeast: false });
    // a clinic's administrator is party to none of them
    expect(attentionCount(lists, { ...medical, institutionId: CLINIC_ID })).toEqual({ value: 0, atLeast: false });
  });
});

describe('what counts as expiring', () => {
  const today = '2026-11-30';
  const ending = (effectiveTo: string, status: 'ACTIVE' | 'SIGNED' = 'ACTIVE') =>
    listedAgreement('x', { status, term: { effectiveFrom: '2025-12-01', effectiveTo } });

  it('is what the contract service lists under expiringWithinDays=30: ACTIVE, last day no later than today + 30', () => {
    expect(isExpiring(ending('2026-11-30'), today)).toBe(true); // in force on its last day
    expect(isExpiring(ending('2026-12-30'), today)).toBe(true); // today + 30
    expect(isExpiring(ending('2026-12-31'), today)).toBe(false); // today + 31
    expect(isExpiring(ending('2026-12-07', 'SIGNED'), today)).toBe(false); // not begun: not "in force and ending"
  });

  it('counts the days left to the last day, which is still in force', () => {
    expect(expiryOf('2026-11-30', today)).toEqual({ daysLeft: 0, urgency: 'today' });
    expect(expiryOf('2026-12-01', today)).toEqual({ daysLeft: 1, urgency: 'week' });
    expect(expiryOf('2026-12-07', today)).toEqual({ daysLeft: 7, urgency: 'week' }); // the service's second reminder
    expect(expiryOf('2026-12-08', today)).toEqual({ daysLeft: 8, urgency: 'month' });
    expect(expiryOf('2026-12-30', today)).toEqual({ daysLeft: 30, urgency: 'month' });
    expect(expiryOf('2026-12-31', today)).toEqual({ daysLeft: 31, urgency: 'later' });
    // the calendar has not expired it yet
    expect(expiryOf('2026-11-29', today)).toEqual({ daysLeft: -1, urgency: 'past' });
    // across February of a leap year: calendar days, not 24-hour spans
    expect(expiryOf('2028-03-01', '2028-02-28').daysLeft).toBe(2);
  });

  it('lists the other party by name, from either side, the nearest end first', () => {
    const items = [
      listedAgreement('b', { term: { effectiveFrom: '2025-12-20', effectiveTo: '2026-12-19' } }),
      listedAgreement('a', {
        medicalInstitutionId: CLINIC_ID,
        mode: 'PRIMARY_CARE',
        term: { effectiveFrom: '2025-12-03', effectiveTo: '2026-12-02' },
        termination: { bySide: 'medical', effectiveOn: '2026-12-01', reason: '机构调整' },
      }),
    ];
    expect(expiringRows(items, HOME_ID, today)).toEqual([
      {
        id: 'a',
        counterpartyId: CLINIC_ID,
        counterpartyName: '鼓楼区东街街道社区卫生服务中心',
        mode: 'PRIMARY_CARE',
        effectiveTo: '2026-12-02',
        expiry: { daysLeft: 2, urgency: 'week' },
        terminationOn: '2026-12-01',
      },
      {
        id: 'b',
        counterpartyId: HOSPITAL_ID,
        counterpartyName: '福建医科大学附属协和医院',
        mode: 'MULTI_LEVEL',
        effectiveTo: '2026-12-19',
        expiry: { daysLeft: 19, urgency: 'month' },
        terminationOn: null,
      },
    ]);
    // the hospital sees the home; a name the contract service has not heard of is left to the registry
    const [row] = expiringRows([listedAgreement('c', { elderlyInstitutionName: null })], HOSPITAL_ID, today);
    expect(row).toMatchObject({ counterpartyId: HOME_ID, counterpartyName: null, expiry: { daysLeft: 0, urgency: 'today' } });
  });
});

describe('the desk’s open referrals', () => {
  it('counts each of the desk’s three views, and the overdue among those waiting for an answer', () => {
    const r = (status: 'REQUESTED' | 'RECEIVED' | 'ACCEPTED' | 'ARRIVED' | 'COMPLETED', overdue = false) => ({ status, overdue });
    const open = openIncoming(whole([r('REQUESTED', true), r('RECEIVED'), r('REQUESTED'), r('ACCEPTED'), r('ARRIVED'), r('COMPLETED')]));
    expect(open).toEqual({ waiting: 3, overdue: 1, expected: 1, admitted: 1, total: { value: 5, atLeast: false } });
    expect(openIncoming(whole([r('REQUESTED')], true)).total).toEqual({ value: 1, atLeast: true });
  });

  it('a count is the rows kept of a list, "at least" when it was cut', () => {
    expect(countOf(whole([1, 2, 3]))).toEqual({ value: 3, atLeast: false });
    expect(countOf(whole([1, 2, 3], true), (n) => n > 1)).toEqual({ value: 2, atLeast: true });
  });
});

describe('who the page is for and what they may start from it', () => {
  it('a nursing home’s administrator files agreements and refers residents; a hospital’s opens the desk', () => {
    expect(homeRoleOf(elderly)).toBe('elderly');
    expect(homeRoleOf(medical)).toBe('medical');
    expect(homeRoleOf({ ...medical, institutionId: undefined })).toBeUndefined();
    expect(homeRoleOf({ sub: 'r', name: '林', roles: ['regulator'], division: '35' })).toBeUndefined();
    expect(quickActionsFor(elderly, ['EMBEDDED'])).toEqual({ fileAgreement: true, referResident: true, openDesk: false });
    expect(quickActionsFor(medical, [])).toEqual({ fileAgreement: false, referResident: false, openDesk: true });
    // a rehabilitation hospital's administrator files continuing-care agreements
    expect(quickActionsFor(medical, ['CONTINUING_CARE'])).toEqual({ fileAgreement: true, referResident: false, openDesk: true });
    expect(quickActionsFor({ ...elderly, institutionId: undefined }, [])).toEqual({
      fileAgreement: false,
      referResident: false,
      openDesk: false,
    });
  });
});

describe('the institution’s last 30 days', () => {
  it('one row per figure, sent beside received; a rate with no answer, or a wait never measured, is nothing', () => {
    const stats = institutionStatistics(
      HOME_ID,
      {
        requested: { UP: 12, DOWN: 0, total: 12 },
        answered: 11,
        answeredWithinDeadline: 10,
        onTimeRate: 10 / 11,
        accepted: 9,
        acceptanceRate: 9 / 11,
        arrived: 8,
        overdue: 1,
        waitTimes: {
          ...figures().waitTimes,
          requestToDecision: { count: 11, median: 1800, p90: 7200 },
        },
      },
      { requested: { UP: 0, DOWN: 3, total: 3 } },
    );
    expect(statisticsRows(stats)).toEqual([
      { metric: 'requested', sent: { kind: 'count', value: 12 }, received: { kind: 'count', value: 3 } },
      { metric: 'answered', sent: { kind: 'count', value: 11 }, received: { kind: 'count', value: 0 } },
      { metric: 'onTimeRate', sent: { kind: 'share', value: 10 / 11 }, received: { kind: 'none' } },
      { metric: 'acceptanceRate', sent: { kind: 'share', value: 9 / 11 }, received: { kind: 'none' } },
      { metric: 'arrived', sent: { kind: 'count', value: 8 }, received: { kind: 'count', value: 0 } },
      { metric: 'overdue', sent: { kind: 'count', value: 1 }, received: { kind: 'count', value: 0 } },
      { metric: 'requestToDecision', sent: { kind: 'wait', seconds: 1800 }, received: { kind: 'none' } },
    ]);
    // a `requested` of another shape is not guessed at
    const odd = { ...stats, range: { ...stats.range, sent: { ...stats.range.sent, requested: 12 } } };
    expect(statisticsRows(odd)[0].sent).toEqual({ kind: 'none' });
  });

  it('writes shares and waits as people read them', () => {
    expect(percent(10 / 11)).toBe('90.9%');
    expect(percent(1)).toBe('100.0%');
    expect(waitWords(900, 'zh')).toBe('15 分钟');
    expect(waitWords(7200, 'zh')).toBe('2 小时');
    expect(waitWords(14_400, 'en')).toBe('4 h');
    expect(waitWords(172_800, 'zh')).toBe('2 天');
    expect(waitWords(86_400, 'en')).toBe('1 day');
  });
});
