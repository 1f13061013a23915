import { Principal } from '@yiyang/auth';
import { auditCursor, auditPosition, auditScopeOf, auditWhere, dateRange, isCalendarDate } from './audit-query';

const HOME = '11111111-1111-4111-8111-111111111111';
const who = (p: Partial<Principal>): Principal => ({ sub: 'u-1', roles: [], ...p });

describe('auditScopeOf', () => {
  it('gives a role the service names every entry', () => {
    expect(auditScopeOf(who({ roles: ['registrar'] }), ['registrar'])).toEqual({ kind: 'all' });
  });

  it("gives a regulator their division's entries, and a regulator without a division a 403", () => {
    expect(auditScopeOf(who({ roles: ['regulator'], division: '3501' }), [])).toEqual({ kind: 'jurisdiction', division: '3501' });
    expect(() => auditScopeOf(who({ roles: ['regulator'] }), [])).toThrow(
      expect.objectContaining({ code: 'ROLE_NOT_ALLOWED', kind: 'forbidden' }),
    );
  });

  it("gives staff their institution's entries, and staff without an institution a 403", () => {
    for (const role of ['elderly-admin', 'medical-admin', 'referral-desk'] as const)
      expect(auditScopeOf(who({ roles: [role], institutionId: HOME }), [])).toEqual({ kind: 'institution', institutionId: HOME });
    expect(() => auditScopeOf(who({ roles: ['referral-desk'] }), [])).toThrow(expect.objectContaining({ code: 'ROLE_NOT_ALLOWED' }));
  });

  it('refuses anyone else, the registrar of a service that does not name it included', () => {
    expect(() => auditScopeOf(who({ roles: ['registrar'] }), [])).toThrow(
      expect.objectContaining({ code: 'ROLE_NOT_ALLOWED', kind: 'forbidden' }),
    );
    expect(() => auditScopeOf(who({ roles: [] }), [])).toThrow(expect.objectContaining({ code: 'ROLE_NOT_ALLOWED' }));
  });
});

describe('dateRange', () => {
  it('turns China-time dates into an instant range, both days inclusive', () => {
    expect(dateRange('2026-11-01', '2026-11-30')).toEqual({
      from: new Date('2026-10-31T16:00:00Z'),
      before: new Date('2026-11-30T16:00:00Z'),
    });
    expect(dateRange()).toEqual({});
  });

  it('refuses a date that is not one, and a range ending before it starts', () => {
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(() => dateRange('2026-02-30')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => dateRange('2026-11-02', '2026-11-01')).toThrow(/to: must not be before from/);
  });
});

describe('audit cursors', () => {
  it('round-trips the position of the last entry', () => {
    const position = { at: new Date('2026-11-30T08:00:00.123Z'), id: '42' };
    expect(auditPosition(auditCursor(position))).toEqual(position);
  });

  it.each([
    ['not base64 JSON', 'bm90IGpzb24'],
    ["another list's key", Buffer.from(JSON.stringify({ createdAt: 'x', id: '1' })).toString('base64url')],
    ['a forged id', Buffer.from(JSON.stringify({ at: '2026-11-30T08:00:00.000Z', id: '1 OR 1=1' })).toString('base64url')],
    ['a forged instant', Buffer.from(JSON.stringify({ at: 'yesterday', id: '1' })).toString('base64url')],
  ])('refuses %s with a 400', (_what, cursor) => {
    expect(() => auditPosition(cursor)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', kind: 'invalid' }));
  });
});

describe('auditWhere', () => {
  it('reads everything for a scope of all and no filter', () => {
    expect(auditWhere({ kind: 'all' }, {})).toEqual({ sql: '', params: [] });
  });

  it('matches a jurisdiction on either party, its prefix escaped, every value a parameter', () => {
    const { sql, params } = auditWhere({ kind: 'jurisdiction', division: '35_1' }, { actor: "x' OR 1=1" });
    expect(sql).toBe('WHERE (party1_division LIKE ? OR party2_division LIKE ?) AND actor_id = ?');
    expect(params).toEqual(['35\\_1%', '35\\_1%', "x' OR 1=1"]);
  });

  it('combines the scope, every filter and the keyset position with AND', () => {
    const at = new Date('2026-11-30T08:00:00Z');
    const { sql, params } = auditWhere(
      { kind: 'institution', institutionId: HOME },
      { from: at, before: at, actor: 'u', institution: 'i', type: 'referral', action: 'accepted', resource: 'r' },
      { at, id: '7' },
    );
    expect(sql).toBe(
      'WHERE (party1_institution_id = ? OR party2_institution_id = ?) AND at >= ? AND at < ? AND actor_id = ?' +
        ' AND (party1_institution_id = ? OR party2_institution_id = ?) AND aggregate_type = ? AND action = ? AND aggregate_id = ?' +
        ' AND (at, id) < (?, ?)',
    );
    expect(params).toEqual([HOME, HOME, at, at, 'u', 'i', 'i', 'referral', 'accepted', 'r', at, '7']);
  });
});
