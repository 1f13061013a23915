import { auditRow, eventActorOf, reasonOf } from './audit-writer';

const at = new Date('2026-11-30T08:00:00Z');
const draft = {
  at,
  aggregateType: 'agreement',
  aggregateId: 'a-1',
  version: 3,
  action: 'rejected',
  fields: ['history', 'status'],
  reason: '服务半径过远',
  actor: { userId: 'u-m', role: 'medical-admin', institutionId: 'i-m', name: '王建国' },
  parties: [
    { institutionId: 'i-e', division: '350102' },
    { institutionId: 'i-m', division: '350103' },
  ],
};

describe('auditRow', () => {
  it('writes who, when, what and why, and both parties', () => {
    expect(auditRow(draft)).toEqual([
      at,
      'agreement',
      'a-1',
      3,
      'rejected',
      '["history","status"]',
      '服务半径过远',
      'u-m',
      'medical-admin',
      'i-m',
      '王建国',
      'i-e',
      '350102',
      'i-m',
      '350103',
    ]);
  });

  it('leaves the second party and an unknown actor institution and name empty', () => {
    const row = auditRow({ ...draft, actor: { userId: 'system', role: 'system' }, parties: [draft.parties[0]] });
    expect(row.slice(9)).toEqual([null, null, 'i-e', '350102', null, null]);
  });

  it('refuses an entry of no party or of three', () => {
    expect(() => auditRow({ ...draft, parties: [] })).toThrow(/one or two parties/);
    expect(() => auditRow({ ...draft, parties: [...draft.parties, draft.parties[0]] })).toThrow(/one or two parties/);
  });
});

describe('eventActorOf', () => {
  it('keeps only the user id and the role: an event never carries a name or an institution', () => {
    expect(eventActorOf(draft.actor)).toEqual({ userId: 'u-m', role: 'medical-admin' });
  });
});

describe('reasonOf', () => {
  it("answers a change's reason when it is text, else null", () => {
    expect(reasonOf({ kind: 'suspended', reason: '停业整顿' })).toBe('停业整顿');
    expect(reasonOf({ kind: 'reinstated', reason: null })).toBeNull();
    expect(reasonOf({ kind: 'registered' })).toBeNull();
    expect(reasonOf({ kind: 'x', reason: '' })).toBeNull();
  });
});
