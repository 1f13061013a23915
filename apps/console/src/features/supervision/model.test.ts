/** The address ↔ filters ↔ the services' queries, and each row in words. */
import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n/i18n';
import { rowWords, supervisionTranslator } from './i18n';
import {
  agreementFilterOf,
  agreementQuery,
  agreementRowView,
  agreementsCsvPath,
  isDay,
  referralFilterOf,
  referralRowView,
  referralSearch,
  referralsCsvPath,
  tabOf,
  unnamedAgreementParties,
  unnamedReferralParties,
  withParam,
  withTab,
} from './model';
import { CLINIC, HOME, HOSPITAL, REHAB, agreementItem, referralItem } from './testing';

const params = (s: string) => new URLSearchParams(s);
const zhWords = rowWords('zh', supervisionTranslator('zh', translator('zh')));
const enWords = rowWords('en', supervisionTranslator('en', translator('en')));
const noRegistry = () => undefined;

describe('the address', () => {
  it('chooses the tab, agreements unless it says referrals', () => {
    expect(tabOf(params(''))).toBe('agreements');
    expect(tabOf(params('tab=referrals'))).toBe('referrals');
    expect(tabOf(params('tab=bogus'))).toBe('agreements');
  });

  it('reads every agreement filter the contract service takes', () => {
    const f = agreementFilterOf(
      params(
        'status=ACTIVE&mode=EMBEDDED&division=3501&institution=A9E00000-0000-4000-8000-0000000000A1&from=2026-01-01&to=2026-06-30&effectiveOn=2026-03-01&expiring=30',
      ),
      '35',
    );
    expect(f).toEqual({
      status: 'ACTIVE',
      mode: 'EMBEDDED',
      division: '3501',
      institution: HOME,
      from: '2026-01-01',
      to: '2026-06-30',
      effectiveOn: '2026-03-01',
      expiringWithinDays: 30,
    });
    expect(agreementQuery(f)).toEqual({ ...f, expiringWithinDays: 30 });
  });

  it('drops what the service would refuse: a draft, an unknown code, a division outside the jurisdiction, a day that does not exist', () => {
    expect(
      agreementFilterOf(
        params('status=DRAFT&mode=OTHER&division=3601&institution=42&from=2026-02-30&to=tomorrow&expiring=-1&effectiveOn='),
        '35',
      ),
    ).toEqual({});
    // the jurisdiction itself is no filter
    expect(agreementFilterOf(params('division=35'), '35')).toEqual({});
    expect(agreementFilterOf(params('division=350102'), '3501')).toEqual({ division: '350102' });
    expect(agreementFilterOf(params('expiring=0'), '35')).toEqual({ expiringWithinDays: 0 });
  });

  it('reads the referral filters, statuses comma-separated in the order people read them', () => {
    const f = referralFilterOf(
      params('status=COMPLETED,REQUESTED,BOGUS&direction=DOWN&priority=EMERGENCY&division=350102&from=2026-11-01&to=2026-11-30'),
      '35',
    );
    expect(f).toEqual({
      status: ['REQUESTED', 'COMPLETED'],
      direction: 'DOWN',
      priority: 'EMERGENCY',
      division: '350102',
      from: '2026-11-01',
      to: '2026-11-30',
    });
    expect(referralFilterOf(params('status=&direction=SIDEWAYS&priority=LOW'), '35')).toEqual({});
  });

  it('writes one key, removing it when empty and closing the drawer as the list changes', () => {
    const start = params('tab=referrals&status=REQUESTED&referral=r-1');
    expect(withParam(start, 'priority', 'URGENT').toString()).toBe('tab=referrals&status=REQUESTED&priority=URGENT');
    expect(withParam(start, 'status', '').toString()).toBe('tab=referrals');
    expect(withParam(start, 'referral', 'r-2').toString()).toBe('tab=referrals&status=REQUESTED&referral=r-2');
    expect(withParam(start, 'referral', undefined).toString()).toBe('tab=referrals&status=REQUESTED');
  });

  it('keeps only what means the same on the other tab', () => {
    const start = params('status=ACTIVE&mode=EMBEDDED&division=3501&institution=x&from=2026-01-01&agreement=a-1');
    expect(withTab(start, 'referrals').toString()).toBe('tab=referrals&division=3501&institution=x');
    expect(withTab(params('tab=referrals&status=REQUESTED'), 'agreements').toString()).toBe('');
  });

  it('knows a real day', () => {
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-1-1')).toBe(false);
    expect(isDay(undefined)).toBe(false);
  });
});

describe('the queries', () => {
  it('asks the referral service for statuses comma-separated, with the page', () => {
    const search = referralSearch({ status: ['REQUESTED', 'RECEIVED'], direction: 'UP', division: '3501' }, { limit: 50, cursor: 'c2' });
    expect(Object.fromEntries(params(search))).toEqual({
      status: 'REQUESTED,RECEIVED',
      direction: 'UP',
      division: '3501',
      limit: '50',
      cursor: 'c2',
    });
  });

  it('exports the same filters, never a page', () => {
    expect(agreementsCsvPath({})).toBe('/contract/v1/agreements.csv');
    expect(agreementsCsvPath({ status: 'ACTIVE', expiringWithinDays: 30 })).toBe(
      '/contract/v1/agreements.csv?status=ACTIVE&expiringWithinDays=30',
    );
    expect(referralsCsvPath({ status: ['REJECTED', 'EXPIRED'], priority: 'URGENT' })).toBe(
      '/referral/v1/referrals.csv?status=REJECTED%2CEXPIRED&priority=URGENT',
    );
  });
});

describe('an agreement row in words', () => {
  it('names both parties, the mode, status and term, and CST times', () => {
    const row = agreementRowView(agreementItem({ id: 'ag-1' }), zhWords, noRegistry);
    expect(row.parties).toEqual([
      { role: 'elderly', roleText: '养老机构', id: HOME, name: '福州市鼓楼区乐龄颐养院' },
      { role: 'medical', roleText: '医疗机构', id: HOSPITAL, name: '福建医科大学附属协和医院' },
    ]);
    expect(row.mode).toBe('多层次医疗服务合作');
    expect(row.statusText).toBe('生效中');
    expect(row.term).toBe('2026-01-01 至 2026-12-31');
    expect(row.filedAt).toBe('2025-12-10 10:30');
    expect(row.updatedAt).toBe('2026-01-01 08:00');
    expect(row.notes).toEqual([]);
  });

  it('says what a regulator should notice, in English too', () => {
    const a = agreementItem({
      id: 'ag-2',
      mode: 'CONTINUING_CARE',
      elderlyInstitutionId: REHAB,
      elderlyInstitutionName: null,
      medicalInstitutionName: null,
      pendingAmendment: {
        revision: 2,
        proposedBy: 'medical',
        proposedAt: '2026-05-01T01:00:00.000Z',
        documentVersion: null,
        content: agreementItem({ id: 'x' }),
      },
      termination: { bySide: 'elderly', effectiveOn: '2026-09-01', reason: '搬迁' },
      sanctions: [{ institutionId: HOSPITAL, status: 'SUSPENDED' }],
    });
    const row = agreementRowView(a, enWords, (id) => (id === REHAB ? '福州市康复医院' : undefined));
    expect(row.parties.map((p) => `${p.roleText}: ${p.name}`)).toEqual([
      'Continuing-care institution: 福州市康复医院',
      'Hospital: Institution a9e00000…',
    ]);
    expect(row.mode).toBe('Continuing-care cooperation');
    expect(row.statusText).toBe('In force');
    expect(row.notes).toEqual(['Amendment 2 awaiting countersignature', 'Ends on 2026-09-01', 'A party suspended or revoked']);
    expect(row.filedAt).toBe('2025-12-10 10:30 CST');
    expect(unnamedAgreementParties([a])).toEqual([REHAB, HOSPITAL]);
  });
});

describe('a referral row in words', () => {
  it('shows the masked resident, both institutions, the reason and the status', () => {
    const row = referralRowView(referralItem({ id: 'r-1' }), zhWords, noRegistry);
    expect(row).toMatchObject({
      patient: '王** · 女 · 1941 年生',
      direction: '上转',
      priorityText: '紧急',
      from: '福州市鼓楼区乐龄颐养院',
      to: '福建医科大学附属协和医院',
      indication: '疑似脑卒中',
      statusText: '待认领',
      notes: [],
      requestedAt: '2026-11-30 10:00',
      deadlineAt: '2026-11-30 12:00',
    });
  });

  it('marks an overdue answer and a return, and asks the registry only for names the list lacks', () => {
    const r = referralItem({
      id: 'r-2',
      direction: 'DOWN',
      priority: 'ROUTINE',
      status: 'EXPIRED',
      overdue: true,
      parentReferralId: 'r-1',
      fromInstitutionId: HOSPITAL,
      toInstitutionId: CLINIC,
      from: { institutionId: HOSPITAL, name: '福建医科大学附属协和医院' },
      to: { institutionId: CLINIC, name: null },
      indication: 'REHABILITATION',
    });
    const row = referralRowView(r, enWords, (id) => (id === CLINIC ? '鼓楼区东街社区卫生服务中心' : undefined));
    expect(row).toMatchObject({
      patient: '王** · Female · born 1941',
      direction: 'Down',
      priorityText: 'Routine',
      to: '鼓楼区东街社区卫生服务中心',
      indication: 'Rehabilitation',
      statusText: 'Expired',
      notes: ['Answer overdue', 'Return'],
      requestedAt: '2026-11-30 10:00 CST',
    });
    expect(unnamedReferralParties([r])).toEqual([CLINIC]);
  });
});
