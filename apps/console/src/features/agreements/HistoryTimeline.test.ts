/** The history's lines in words: who (by name, with the role), and the platform's own notes translated. */
import { describe, expect, it } from 'vitest';
import { translator, type Lang } from '../../i18n/i18n';
import { labels as registry } from '../../i18n/messages';
import { actorText, reasonText } from './HistoryTimeline';
import { agreementTranslator, type AgreementsI18n } from './i18n';
import { labels } from './messages';
import { historyLine } from './testing';

const i18nOf = (lang: Lang) =>
  ({ lang, t: agreementTranslator(lang, translator(lang)), labels: labels[lang], registry: registry[lang] }) as unknown as AgreementsI18n;
const zh = i18nOf('zh');
const en = i18nOf('en');

describe('the history in words', () => {
  it('names the person with their role; the role alone where no name was recorded', () => {
    expect(actorText(zh, { id: 'u', name: '陈美玲', role: 'elderly-admin' })).toBe('陈美玲（养老机构管理员）');
    expect(actorText(en, { id: 'u', name: '陈美玲', role: 'elderly-admin' })).toBe('陈美玲 (Nursing-home administrator)');
    expect(actorText(zh, { id: 'u', name: ' ', role: 'medical-admin' })).toBe('医疗机构管理员');
    expect(actorText(zh, { id: 'system', name: null, role: 'system' })).toBe('系统');
  });

  it('an upload’s note: the version of the signed text, and the amendment it belongs to', () => {
    const line = (reason: string) => ({ ...historyLine('2026-12-01T00:25:00Z', 'attach-document', 'ACTIVE', 'ACTIVE'), reason });
    expect(reasonText(zh, line('document 1 (合作协议.pdf)'))).toBe('签署文本第 1 版：合作协议.pdf');
    expect(reasonText(zh, line('amendment 1: document 2 (修订一.pdf)'))).toBe('第 1 版修订的签署文本（第 2 版）：修订一.pdf');
    expect(reasonText(en, line('amendment 1: document 2 (a (b).pdf)'))).toBe('Signed text of amendment 1 (version 2): a (b).pdf');
    expect(reasonText(zh, line('something else'))).toBeNull();
    // a person's reason stays as written
    const terminated = { ...historyLine('2026-12-01T00:25:00Z', 'terminate', 'ACTIVE', 'TERMINATED'), reason: '院区搬迁' };
    expect(reasonText(zh, terminated)).toBe('原因：院区搬迁');
  });
});
