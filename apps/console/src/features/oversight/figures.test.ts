/** The pure parts of the regulator's screens: CSV, the figures and chart options from a statistics answer, labels. */
import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n/i18n';
import { BOM, csvCell, toCsv } from './csv';
import { buildIndex } from './divisions';
import { countsOption, findingRows, percent, referralRows, referralsOption, rejectionRows, statisticsCsvRows, summaryOf } from './figures';
import { oversightTranslator } from './i18n';
import { statisticsAnswer } from './testing';
import { en, labelOf, oversightLabels, zh } from './messages';
import { REFERRAL_STATUSES, REJECTION_REASONS, RULES, divisionWithin, partiesOf, shortId, subjectOf, type Statistics } from './model';

const zero = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

function statistics(o: Partial<Statistics> = {}): Statistics {
  return statisticsAnswer({
    division: '35',
    agreementCoverage: { elderlyCareInstitutions: 17, covered: 14, share: 14 / 17 },
    referrals: {
      UP: { ...zero(REFERRAL_STATUSES), REQUESTED: 3, ACCEPTED: 5, COMPLETED: 12, REJECTED: 2 },
      DOWN: { ...zero(REFERRAL_STATUSES), COMPLETED: 4, REQUESTED: 1 },
    },
    responses: { answered: 19, withinDeadline: 17, shareWithinDeadline: 17 / 19, overdue: 2 },
    refusedOutsideAgreement: 1,
    rejectionReasons: { ...zero(REJECTION_REASONS), CAPACITY_FULL: 1, OUT_OF_SCOPE: 3 },
    openFindings: { ...zero(RULES), OVERDUE_REFERRAL_RESPONSE: 2, DISTANT_AGREEMENT: 1 },
    ...o,
  });
}

const L = oversightLabels.zh;
const t = oversightTranslator('zh', translator('zh'));

describe('CSV', () => {
  it('starts with a UTF-8 byte-order mark and ends each line with CRLF', () => {
    const csv = toCsv([
      ['区划', '数值'],
      ['福州市', 3],
    ]);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv).toBe('\uFEFF区划,数值\r\n福州市,3\r\n');
    expect([...new TextEncoder().encode(csv).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('quotes commas, quotes, line breaks and edge spaces (RFC 4180), and leaves the rest bare', () => {
    expect(csvCell('上转 · 已完成')).toBe('上转 · 已完成');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('他说"好"')).toBe('"他说""好"""');
    expect(csvCell('两行\n文字')).toBe('"两行\n文字"');
    expect(csvCell(' 前有空格')).toBe('" 前有空格"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(-2)).toBe('-2');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('never lets a spreadsheet run a text cell as a formula', () => {
    expect(csvCell('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(csvCell('+86 591')).toBe("'+86 591");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('=1,2')).toBe('"\'=1,2"');
  });
});

describe('figures from a statistics answer', () => {
  it('writes shares as percentages with one decimal, and a dash when there is nothing to divide', () => {
    expect(percent(14 / 17)).toBe('82.4%');
    expect(percent(1)).toBe('100.0%');
    expect(percent(0)).toBe('0.0%');
    expect(percent(null)).toBe('—');
    expect(percent(null, '')).toBe('');
  });

  it('tables referrals by status and direction, in the order people read them, without empty statuses', () => {
    const { directions, rows } = referralRows(statistics(), L);
    expect(directions.map((d) => d.label)).toEqual(['上转', '下转']);
    expect(rows.map((r) => [r.label, r.byDirection.UP, r.byDirection.DOWN, r.total])).toEqual([
      ['待认领', 3, 1, 4],
      ['已同意接收', 5, 0, 5],
      ['已完成', 12, 4, 16],
      ['已拒绝', 2, 0, 2],
    ]);
  });

  it('builds a stacked horizontal bar chart of referrals: one series per status, one bar per direction', () => {
    const option = referralsOption(statistics(), L) as {
      yAxis: { data: string[] };
      series: { name: string; stack: string; type: string; data: number[] }[];
    };
    expect(option.yAxis.data).toEqual(['上转', '下转']);
    expect(option.series.map((s) => s.name)).toEqual(['待认领', '已同意接收', '已完成', '已拒绝']);
    expect(new Set(option.series.map((s) => s.stack)).size).toBe(1);
    expect(option.series.every((s) => s.type === 'bar')).toBe(true);
    expect(option.series.find((s) => s.name === '已完成')!.data).toEqual([12, 4]);
  });

  it('orders rejection reasons and open findings by count, with Chinese labels, dropping zeros', () => {
    expect(rejectionRows(statistics(), L).map((r) => [r.label, r.count])).toEqual([
      ['超出诊疗范围', 3],
      ['床位已满', 1],
    ]);
    const findings = findingRows(statistics(), L);
    expect(findings.map((r) => [r.label, r.count])).toEqual([
      ['转诊响应超时', 2],
      ['签约双方距离过远', 1],
    ]);
    const option = countsOption(findings, '#c0392b') as { yAxis: { data: string[] }; series: { data: number[] }[] };
    expect(option.yAxis.data).toEqual(['转诊响应超时', '签约双方距离过远']);
    expect(option.series[0].data).toEqual([2, 1]);
    expect(summaryOf(findings)).toBe('转诊响应超时 2；签约双方距离过远 1');
  });

  it('keeps a code the console does not know yet (shown as the code) rather than dropping its count', () => {
    const s = statistics({ rejectionReasons: { ...zero(REJECTION_REASONS), NEW_REASON: 4 } });
    expect(rejectionRows(s, L)).toEqual([{ key: 'NEW_REASON', label: 'NEW_REASON', count: 4 }]);
  });

  it('exports every figure shown, one a row, for the jurisdiction and each division read inside it', () => {
    const rows = statisticsCsvRows(
      { code: '35', name: '福建省', stats: statistics() },
      [
        { code: '3501', name: '福州市', stats: statistics({ division: '3501', refusedOutsideAgreement: 0 }) },
        { code: '3502', name: '厦门市' },
      ],
      t,
      L,
    );
    expect(rows[0]).toEqual(['区划代码', '区划', '指标', '分项', '数值']);
    expect(rows).toContainEqual(['35', '福建省', '签约覆盖率', '签约覆盖率', '82.4%']);
    expect(rows).toContainEqual(['35', '福建省', '按时响应率', '响应超时', 2]);
    expect(rows).toContainEqual(['35', '福建省', '转诊', '上转 · 已完成', 12]);
    expect(rows).toContainEqual(['35', '福建省', '拒绝原因', '超出诊疗范围', 3]);
    expect(rows).toContainEqual(['35', '福建省', '待整改合规发现', '合计', 3]);
    expect(rows).toContainEqual(['3501', '福州市', '因无协议被拒的转诊', '因无协议被拒的转诊', 0]);
    expect(rows.some((r) => r[0] === '3502')).toBe(false); // not read (yet): not exported as zeros
    const csv = toCsv(rows);
    expect(csv.split('\r\n')[1]).toBe('35,福建省,签约覆盖率,养老机构数,17');
  });
});

describe('labels', () => {
  it('has words for every rule, status, direction and reason, in both languages', () => {
    for (const lang of ['zh', 'en'] as const) {
      const l = oversightLabels[lang];
      for (const r of RULES) expect(l.rule[r] && l.ruleHelp[r]).toBeTruthy();
      for (const s of REFERRAL_STATUSES) expect(l.referralStatus[s]).toBeTruthy();
      for (const r of REJECTION_REASONS) expect(l.rejection[r]).toBeTruthy();
    }
    expect(labelOf(L.rule, 'STAFF_FILING_MISSING')).toBe('派驻人员未办理多机构执业备案');
    expect(labelOf(L.rule, 'toString')).toBe('toString');
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('falls back to the console’s own sentences and knows this feature’s problem codes', () => {
    expect(t('retry')).toBe('重试');
    expect(t('kpiCoverageDetail', { covered: 3, total: 4 })).toBe('3 / 4 家养老机构有生效中的合作协议');
    expect(t('problemCode_OUTSIDE_JURISDICTION')).toBe('该区划不在您的管辖范围内。');
  });
});

describe('findings and divisions', () => {
  it('names the institutions a finding concerns and what it is about', () => {
    const e = '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d30';
    const m = '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d31';
    expect(partiesOf({ details: { elderlyInstitutionId: e, medicalInstitutionId: m, refusals: 2 } })).toEqual([
      { id: e, party: 'elderly' },
      { id: m, party: 'medical' },
    ]);
    expect(partiesOf({ details: { referralId: 'r', receiverId: m } })).toEqual([{ id: m, party: 'receiver' }]);
    expect(subjectOf(`pair:${e}:${m}`)).toEqual({ kind: 'pair', id: `${e}:${m}` });
    expect(subjectOf('referral:abc')).toEqual({ kind: 'referral', id: 'abc' });
    expect(subjectOf('something')).toEqual({ kind: 'other', id: 'something' });
    expect(shortId(e)).toBe('0b6f0c55…');
  });

  it('accepts a division only inside the jurisdiction', () => {
    expect(divisionWithin('3501', '35')).toBe('3501');
    expect(divisionWithin('350102', '3501')).toBe('350102');
    expect(divisionWithin('3601', '35')).toBeUndefined();
    expect(divisionWithin('350', '35')).toBeUndefined();
    expect(divisionWithin(null, '35')).toBeUndefined();
  });

  it('lists a province’s cities and a city’s counties, and names every level', () => {
    const index = buildIndex(
      [{ code: '35', name: '福建省' }],
      [
        { code: '3501', name: '福州市', provinceCode: '35' },
        { code: '3502', name: '厦门市', provinceCode: '35' },
      ],
      [{ code: '350102', name: '鼓楼区', cityCode: '3501', provinceCode: '35' }],
    );
    expect(index.children('35').map((c) => c.name)).toEqual(['福州市', '厦门市']);
    expect(index.children('3501')).toEqual([{ code: '350102', name: '鼓楼区' }]);
    expect(index.children('350102')).toEqual([]);
    expect(index.name('35')).toBe('福建省');
    expect(index.name('350000')).toBe('福建省');
    expect(index.name('350100')).toBe('福州市');
    expect(index.name('350102')).toBe('鼓楼区');
  });
});
