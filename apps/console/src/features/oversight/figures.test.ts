/** The pure parts of the regulator's screens: CSV, the figures and chart options from a statistics answer (totals, series, wait times, breakdown), labels. */
import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n/i18n';
import { BOM, csvCell, toCsv } from './csv';
import { buildIndex, divisionChoices } from './divisions';
import {
  childRows,
  childViews,
  countsOption,
  findingRows,
  percent,
  referralRows,
  referralsOption,
  rejectionRows,
  seriesOption,
  seriesRows,
  seriesSummary,
  statisticsCsvRows,
  summaryOf,
  waitRows,
  waitSummary,
  waitsOption,
} from './figures';
import { oversightTranslator } from './i18n';
import { breakdownAnswer, figures, periodsOf, statisticsAnswer, views } from './testing';
import { WAIT_BUCKET_BOUNDS } from './waits';
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
    expect(rejectionRows(statistics().rejectionReasons, L).map((r) => [r.label, r.count])).toEqual([
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
    expect(rejectionRows({ ...zero(REJECTION_REASONS), NEW_REASON: 4 }, L)).toEqual([{ key: 'NEW_REASON', label: 'NEW_REASON', count: 4 }]);
  });

  it('exports every figure shown, one a row: totals since the start, the period in three views, the series, the divisions inside', () => {
    const place = statistics({
      period: { from: '2026-11-01', to: '2026-11-02', granularity: 'day', timeZone: 'Asia/Shanghai' },
      range: views(
        figures({ up: 3, answered: 2, answeredWithinDeadline: 1, accepted: 1, rejected: 1, rejectionReasons: { CAPACITY_FULL: 1 } }),
        figures({ down: 1 }),
        figures(),
        {
          ...figures().waitTimes,
          requestToDecision: { count: 2, median: 3600, p90: null },
        },
      ),
      series: [
        { period: '2026-11-01', from: '2026-11-01', to: '2026-11-01', ...views(figures({ up: 1 }), figures()) },
        { period: '2026-11-02', from: '2026-11-02', to: '2026-11-02', ...views(figures({ up: 2 }), figures({ down: 1 })) },
      ],
    });
    const fuzhou = views(figures({ up: 2 }), figures({ down: 1 }));
    const rows = statisticsCsvRows(
      { code: '35', name: '福建省', stats: place },
      [
        {
          code: '3501',
          name: '福州市',
          views: fuzhou,
          stats: statistics({ division: '3501', refusedOutsideAgreement: 0 }),
          failed: false,
          breakdownFailed: false,
        },
        { code: '3502', name: '厦门市', failed: false, breakdownFailed: false },
      ],
      true,
      t,
      L,
    );
    expect(rows[0]).toEqual(['区划代码', '区划', '期间', '指标', '分项', '数值']);
    expect(rows).toContainEqual(['35', '福建省', '累计', '签约覆盖率', '签约覆盖率', '82.4%']);
    expect(rows).toContainEqual(['35', '福建省', '累计', '按时响应率', '响应超时', 2]);
    expect(rows).toContainEqual(['35', '福建省', '累计', '转诊', '上转 · 已完成', 12]);
    expect(rows).toContainEqual(['35', '福建省', '累计', '待整改合规发现', '合计', 3]);
    const range = '2026-11-01 – 2026-11-02';
    expect(rows).toContainEqual(['35', '福建省', range, '发起转诊', '转出 · 上转', 3]);
    expect(rows).toContainEqual(['35', '福建省', range, '发起转诊', '全部 · 合计', 4]);
    expect(rows).toContainEqual(['35', '福建省', range, '按时答复', '全部 · 比率', '50.0%']);
    expect(rows).toContainEqual(['35', '福建省', range, '拒绝原因', '转出 · 床位已满', 1]);
    expect(rows).toContainEqual(['35', '福建省', range, '等待时长（秒，区间上限）', '全部 · 发起 → 答复 · 中位数 ≤', 3600]);
    expect(rows).toContainEqual(['35', '福建省', range, '等待时长（秒，区间上限）', '全部 · 发起 → 答复 · 第 90 百分位 ≤', '> 2592000']);
    expect(rows).toContainEqual(['35', '福建省', '2026-11-02', '发起转诊', '接收', 1]);
    expect(rows).toContainEqual(['3501', '福州市', range, '发起转诊', '全部 · 合计', 3]);
    expect(rows).toContainEqual(['3501', '福州市', '累计', '因无协议被拒的转诊', '因无协议被拒的转诊', 0]);
    // 厦门市: not in the breakdown (no referral in the period), its totals not read (yet): zeros for the period only
    expect(rows).toContainEqual(['3502', '厦门市', range, '发起转诊', '全部 · 合计', 0]);
    expect(rows.some((r) => r[0] === '3502' && r[2] === '累计')).toBe(false);
    const csv = toCsv(rows);
    expect(csv.split('\r\n')[1]).toBe('35,福建省,累计,签约覆盖率,养老机构数,17');
  });
});

describe('figures over a period', () => {
  const week = statistics({
    period: { from: '2026-11-01', to: '2026-11-30', granularity: 'week', timeZone: 'Asia/Shanghai' },
    series: periodsOf('2026-11-01', '2026-11-30', 'week').map((p, i) => ({ ...p, ...views(figures({ up: i }), figures({ down: 1 })) })),
  });

  it('reads the series as rows: the week named as the API names it, with its days inside the range', () => {
    const rows = seriesRows(week, t);
    expect(rows.map((r) => r.key)).toEqual(['2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48', '2026-W49']);
    expect(rows[0]).toMatchObject({ axis: 'W44', label: '2026-W44（11-01 – 11-01）', sent: 0, received: 1, total: 1 });
    expect(rows[4]).toMatchObject({ label: '2026-W48（11-23 – 11-29）', from: '2026-11-23', to: '2026-11-29', sent: 4, total: 5 });
    expect(rows[5]).toMatchObject({ from: '2026-11-30', to: '2026-11-30' });
    expect(seriesSummary(rows.slice(0, 1), t)).toBe('2026-W44（11-01 – 11-01）：转出 0，接收 1，全部 1');
    const days = seriesRows(
      statistics({ period: { from: '2026-11-29', to: '2026-11-30', granularity: 'day', timeZone: 'Asia/Shanghai' } }),
      t,
    );
    const en = oversightTranslator('en', translator('en'));
    expect(seriesRows(week, en)[4].label).toBe('2026-W48 (11-23 – 11-29)');
    expect(days.map((r) => [r.axis, r.label])).toEqual([
      ['11-29', '2026-11-29'],
      ['11-30', '2026-11-30'],
    ]);
  });

  it('draws the series as three lines (all, sent, received), one point per period', () => {
    const option = seriesOption(seriesRows(week, t), t) as {
      xAxis: { type: string; data: string[] };
      series: { type: string; name: string; data: number[] }[];
    };
    expect(option.xAxis).toMatchObject({ type: 'category', data: ['W44', 'W45', 'W46', 'W47', 'W48', 'W49'] });
    expect(option.series.map((s) => [s.type, s.name])).toEqual([
      ['line', '全部'],
      ['line', '转出'],
      ['line', '接收'],
    ]);
    expect(option.series[0].data).toEqual([1, 2, 3, 4, 5, 6]);
    expect(option.series[1].data).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('reads wait times as the bucket they fall in: ≤ its upper bound, > the last bound, — with none', () => {
    const f = figures({
      waitTimes: {
        requestToReceipt: { count: 10, median: 300, p90: 3600 },
        requestToDecision: { count: 4, median: 86_400, p90: null },
      },
    });
    const rows = waitRows(f, WAIT_BUCKET_BOUNDS, t);
    expect(rows.map((r) => [r.label, r.count, r.medianText, r.p90Text])).toEqual([
      ['发起 → 接收方查看', 10, '≤ 5 分钟', '≤ 1 小时'],
      ['查看 → 答复', 0, '—', '—'],
      ['发起 → 答复', 4, '≤ 1 天', '> 30 天'],
      ['答复 → 到达', 0, '—', '—'],
    ]);
    expect(waitSummary(rows.slice(0, 1), t)).toBe('发起 → 接收方查看：10 件，中位数 ≤ 5 分钟，第 90 百分位 ≤ 1 小时');
    const en = oversightTranslator('en', translator('en'));
    expect(waitRows(f, WAIT_BUCKET_BOUNDS, en)[2].p90Text).toBe('> 30 d');
  });

  it('draws wait times as bars on the ladder of buckets, each labelled as read', () => {
    const f = figures({
      waitTimes: { requestToReceipt: { count: 3, median: 60, p90: 14_400 }, requestToDecision: { count: 1, median: null, p90: null } },
    });
    const rows = waitRows(f, WAIT_BUCKET_BOUNDS, t);
    const option = waitsOption(rows, WAIT_BUCKET_BOUNDS, t) as {
      xAxis: { min: number; max: number; axisLabel: { formatter: (v: number) => string } };
      yAxis: { data: string[] };
      series: { type: string; name: string; data: number[]; label: { formatter: (p: { dataIndex: number; value: number }) => string } }[];
    };
    expect(option.yAxis.data).toEqual(['发起 → 接收方查看', '查看 → 答复', '发起 → 答复', '答复 → 到达']);
    expect(option.series.map((s) => s.name)).toEqual(['中位数', '第 90 百分位']);
    // ranks: 60 s is the first bucket, 4 hours the ninth, past 30 days the overflow (18), nothing counted 0
    expect(option.series[0].data).toEqual([1, 0, 18, 0]);
    expect(option.series[1].data).toEqual([9, 0, 18, 0]);
    expect(option.xAxis).toMatchObject({ min: 0, max: 18 });
    expect(option.xAxis.axisLabel.formatter(7)).toBe('1 小时');
    expect(option.xAxis.axisLabel.formatter(8)).toBe('');
    expect(option.xAxis.axisLabel.formatter(18)).toBe('> 30 天');
    expect(option.series[1].label.formatter({ dataIndex: 0, value: 9 })).toBe('≤ 4 小时');
    expect(option.series[1].label.formatter({ dataIndex: 1, value: 0 })).toBe('');
  });

  it('merges the breakdown into the divisions the list knows: none counted is zero, one the list lacks is kept', () => {
    const known = [
      { code: '3501', name: '福州市' },
      { code: '3502', name: '厦门市' },
    ];
    const breakdown = breakdownAnswer('35', '2026-11-01', '2026-11-30', [
      { division: '3599', name: null, ...views(figures({ up: 1 }), figures()) },
      { division: '3501', name: '福州市', ...views(figures({ up: 5 }), figures({ down: 2 })) },
    ]);
    const fuzhou = statistics({ division: '3501' });
    const rows = childRows(known, breakdown, (code) =>
      code === '3501' ? { data: fuzhou } : code === '3502' ? { error: new Error('x') } : undefined,
    );
    expect(rows.map((r) => [r.code, r.name, childViews(r, true)?.total.requested.total, !!r.stats, r.failed])).toEqual([
      ['3501', '福州市', 7, true, false],
      ['3502', '厦门市', 0, false, true],
      ['3599', '3599', 1, false, false],
    ]);
    // before the breakdown is read: no figures (shown as pending), not zeros
    expect(childViews(childRows(known, undefined, () => undefined)[0], false)).toBeUndefined();
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
    // what a regulator may narrow to: a province's cities each followed by its counties, a city's counties
    expect(divisionChoices(index, '35')).toEqual([
      { value: '3501', label: '福州市' },
      { value: '350102', label: '福州市 / 鼓楼区' },
      { value: '3502', label: '厦门市' },
    ]);
    expect(divisionChoices(index, '3501')).toEqual([{ value: '350102', label: '鼓楼区' }]);
    expect(divisionChoices(undefined, '35')).toEqual([]);
  });
});
