/** Audit entries in words: who, what, which record, the fields changed and why, in both languages. */
import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n/i18n';
import { describeEntry, type Words } from './describe';
import { auditTranslator } from './i18n';
import { auditLabels } from './messages';
import { auditEntry } from './testing';

const HOME = '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d30';
const HOSPITAL = '7d1e2f30-1111-4222-8333-444455556666';
const NAMES: Record<string, string> = { [HOME]: '福州市鼓楼区乐龄颐养院', [HOSPITAL]: '福建医科大学附属协和医院' };
const nameOf = (id: string) => NAMES[id];
const words = (lang: 'zh' | 'en'): Words => ({ lang, t: auditTranslator(lang, translator(lang)), L: auditLabels[lang] });
const zh = words('zh');
const en = words('en');

const rejection = auditEntry({
  id: '1042',
  at: '2026-11-22T02:02:00.000Z',
  type: 'agreement',
  resourceId: '5b0e1234-aaaa-4bbb-8ccc-000000000001',
  version: 4,
  action: 'rejected',
  fields: ['history', 'status'],
  reason: '服务半径过远',
  actor: { id: 'u-m', role: 'medical-admin', institutionId: HOSPITAL, name: '王主任' },
  parties: [
    { institutionId: HOME, division: '350102' },
    { institutionId: HOSPITAL, division: '350103' },
  ],
});

describe('describeEntry', () => {
  it('says who rejected which agreement, the status it moved and why', () => {
    const d = describeEntry(rejection, 'agreement', nameOf, zh);
    expect(d.who).toBe('王主任');
    expect(d.role).toBe('医疗机构管理员');
    expect(d.actorInstitution).toBe('福建医科大学附属协和医院');
    expect(d.action).toBe('退回协议');
    expect(d.record).toBe('福州市鼓楼区乐龄颐养院 与 福建医科大学附属协和医院 的合作协议');
    expect(d.recordRef).toBe('编号 5B0E1234');
    expect(d.changes).toEqual(['状态：待会签 → 已退回']);
    expect(d.fields).toEqual(['状态', '状态历史']);
    expect(d.reason).toBe('服务半径过远');
    expect(d.parties).toEqual([
      { role: 'filer', label: '提交方', name: '福州市鼓楼区乐龄颐养院' },
      { role: 'countersigner', label: '会签方', name: '福建医科大学附属协和医院' },
    ]);
    expect(d.sentence).toBe('王主任：退回协议（福州市鼓楼区乐龄颐养院 与 福建医科大学附属协和医院 的合作协议）');
  });

  it('says the same in English', () => {
    const d = describeEntry(rejection, 'agreement', nameOf, en);
    expect(d.role).toBe('Medical-institution administrator');
    expect(d.changes).toEqual(['Status: Awaiting countersignature → Rejected']);
    expect(d.sentence).toBe('王主任: Rejected the agreement (Agreement between 福州市鼓楼区乐龄颐养院 and 福建医科大学附属协和医院)');
  });

  it("names a referral's rejection code in words, never the code", () => {
    const d = describeEntry(
      auditEntry({
        id: '7',
        at: '2026-11-30T02:00:00.000Z',
        type: 'referral',
        resourceId: 'r1',
        version: 3,
        action: 'rejected',
        fields: ['history', 'milestones', 'notes', 'rejectionReason', 'status'],
        reason: 'CAPACITY_FULL',
        actor: { id: 'u-d', role: 'referral-desk', institutionId: HOSPITAL, name: '李护士' },
        parties: [
          { institutionId: HOME, division: '350102' },
          { institutionId: HOSPITAL, division: '350103' },
        ],
      }),
      'referral',
      nameOf,
      zh,
    );
    expect(d.reason).toBe('床位已满');
    expect(d.record).toBe('福州市鼓楼区乐龄颐养院 → 福建医科大学附属协和医院 的转诊');
    expect(d.changes).toEqual(['状态：已认领 → 已拒绝', '修改：拒绝原因、说明（已加密保存）、办理时间节点']);
  });

  it('says a creation with the status it began in, and the system as the actor of a scheduled change', () => {
    const created = describeEntry(
      auditEntry({
        id: '1',
        at: '2026-11-01T00:00:00.000Z',
        type: 'institution',
        resourceId: HOME,
        action: 'registered',
        actor: { id: 'u-r', role: 'registrar', name: '张登记' },
        parties: [{ institutionId: HOME, division: '350102' }],
      }),
      'institution',
      nameOf,
      zh,
    );
    expect(created.changes).toEqual(['新建，状态为“正常”']);
    expect(created.fields).toEqual(['新建记录']);
    expect(created.record).toBe('福州市鼓楼区乐龄颐养院');
    expect(created.actorInstitution).toBeUndefined();
    expect(created.role).toBe('登记管理员');

    const expired = describeEntry(
      auditEntry({
        id: '2',
        at: '2026-11-02T00:00:00.000Z',
        type: 'referral',
        resourceId: 'r2',
        action: 'expired',
        fields: ['history', 'milestones', 'status'],
        actor: { id: 'system', role: 'system' },
        parties: [
          { institutionId: HOME, division: '350102' },
          { institutionId: HOSPITAL, division: '350103' },
        ],
      }),
      'referral',
      nameOf,
      zh,
    );
    expect(expired.who).toBe('系统');
    expect(expired.role).toBe('系统（定时任务或消息处理）');
    expect(expired.changes).toEqual(['状态：→ 已过期', '修改：办理时间节点']);
  });

  it("words a registrar's suspension and an edit of the register field by field", () => {
    const suspended = describeEntry(
      auditEntry({
        id: '3',
        at: '2026-11-03T00:00:00.000Z',
        type: 'institution',
        resourceId: HOME,
        action: 'suspended',
        fields: ['status', 'statusReason'],
        reason: '停业整顿',
        actor: { id: 'u-r', role: 'registrar', name: '张登记' },
        parties: [{ institutionId: HOME, division: '350102' }],
      }),
      'institution',
      nameOf,
      zh,
    );
    expect(suspended.changes).toEqual(['状态：正常 → 暂停', '修改：状态原因']);
    expect(suspended.reason).toBe('停业整顿');
    const edited = describeEntry(
      auditEntry({
        id: '4',
        at: '2026-11-04T00:00:00.000Z',
        type: 'institution',
        resourceId: HOME,
        action: 'updated',
        fields: ['address', 'beds', 'name'],
        actor: { id: 'u-r', role: 'registrar', name: '张登记' },
        parties: [{ institutionId: HOME, division: '350102' }],
      }),
      'institution',
      nameOf,
      zh,
    );
    expect(edited.action).toBe('修改登记信息');
    expect(edited.changes).toEqual(['修改：名称、地址、床位']);
  });

  it("words an agreement's party sanction, and keeps a kind or a field it does not know as it is", () => {
    const sanctioned = describeEntry(
      auditEntry({
        id: '5',
        at: '2026-11-05T00:00:00.000Z',
        type: 'agreement',
        resourceId: 'a1',
        action: 'party-sanctioned',
        fields: ['history', 'sanctions'],
        reason: 'SUSPENDED',
        actor: { id: 'system', role: 'system' },
        parties: [
          { institutionId: HOME, division: '350102' },
          { institutionId: HOSPITAL, division: '350103' },
        ],
      }),
      'agreement',
      nameOf,
      zh,
    );
    expect(sanctioned.reason).toBe('该方机构被暂停');
    expect(describeEntry({ ...rejection, action: 'teleported', fields: ['warpFactor'] }, 'agreement', nameOf, en).changes).toEqual([
      'Changed: warpFactor',
    ]);
    expect(describeEntry({ ...rejection, action: 'teleported' }, 'agreement', nameOf, en).action).toBe('teleported');
  });

  it('names an institution by a short reference until its name is read, never by its whole id', () => {
    const d = describeEntry(rejection, 'agreement', () => undefined, zh);
    expect(d.record).toBe('机构 0B6F0C55 与 机构 7D1E2F30 的合作协议');
    expect(d.sentence).not.toContain(HOME);
  });

  it('says who when the name was not recorded', () => {
    expect(describeEntry({ ...rejection, actor: { ...rejection.actor, name: null } }, 'agreement', nameOf, zh).who).toBe('未留姓名的用户');
  });
});
