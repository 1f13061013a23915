/** The worklist's order, and rows that never move under the pointer. */
import { describe, expect, it } from 'vitest';
import { upsertWorklist } from './api';
import { referralIdOf } from './live';
import { arrange, compareReferrals } from './order';
import { milestonesFrom } from './testing';
import type { Referral } from './types';

const referral = (id: string, o: Partial<Referral> = {}): Referral =>
  ({
    id,
    version: 1,
    status: 'REQUESTED',
    priority: 'ROUTINE',
    deadlineAt: '2026-12-01T02:00:00.000Z',
    expectedArrivalAt: null,
    milestones: milestonesFrom('2026-11-30T02:00:00.000Z'),
    ...o,
  }) as Referral;

describe('the worklist order', () => {
  it('puts emergencies first, then the nearest deadline; answered ones after those waiting', () => {
    const rows = [
      referral('a', { priority: 'ROUTINE', deadlineAt: '2026-11-30T03:00:00.000Z' }),
      referral('b', { priority: 'URGENT', deadlineAt: '2026-11-30T05:00:00.000Z' }),
      referral('c', { priority: 'EMERGENCY', deadlineAt: '2026-11-30T02:40:00.000Z' }),
      referral('d', { priority: 'URGENT', deadlineAt: '2026-11-30T04:00:00.000Z', status: 'RECEIVED' }),
      referral('e', { priority: 'EMERGENCY', status: 'ACCEPTED', expectedArrivalAt: '2026-11-30T03:00:00.000Z' }),
    ];
    expect(rows.sort(compareReferrals).map((r) => r.id)).toEqual(['c', 'd', 'b', 'a', 'e']);
  });
});

describe('arrange: rows never jump under the pointer', () => {
  it('follows the list when it is not held', () => {
    expect(arrange(['a', 'b'], ['x', 'a'], false)).toEqual({ shown: ['x', 'a'], waiting: [], gone: [] });
  });

  it('while held, keeps every row where it was: new ones wait, those that left stay, marked', () => {
    expect(arrange(['a', 'b', 'c'], ['x', 'a', 'c'], true)).toEqual({ shown: ['a', 'b', 'c'], waiting: ['x'], gone: ['b'] });
  });
});

describe('a referral into the worklist', () => {
  it('adds an open one, replaces a newer version, drops an answered one, ignores an older version', () => {
    const list = [referral('a'), referral('b', { version: 3 })];
    expect(upsertWorklist(list, referral('c')).map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(upsertWorklist(list, referral('a', { version: 2, status: 'RECEIVED' }))[0].status).toBe('RECEIVED');
    expect(upsertWorklist(list, referral('a', { version: 2, status: 'REJECTED' })).map((r) => r.id)).toEqual(['b']);
    expect(upsertWorklist(list, referral('b', { version: 2, status: 'CANCELLED' })).map((r) => r.id)).toEqual(['a', 'b']);
  });
});

describe('notices about referrals', () => {
  it('names the referral a notice is about, and nothing else', () => {
    expect(referralIdOf({ type: 'yiyang.referral.requested.v1', resource: '/v1/referrals/0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d31' })).toBe(
      '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d31',
    );
    expect(referralIdOf({ type: 'yiyang.referral.refused.v1', resource: '/v1/agreements' })).toBeUndefined();
    expect(
      referralIdOf({ type: 'yiyang.agreement.activated.v1', resource: '/v1/referrals/0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d31' }),
    ).toBeUndefined();
  });
});
