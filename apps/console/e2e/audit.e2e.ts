/**
 * The audit trail (审计记录) in Debian's Chromium, the services answered by the test as libs/platform's
 * audit endpoints answer (the caller's scope, China dates, newest first, a cursor, the CSV): a city
 * regulator (福州市, 3501) reads the registry's trail of their jurisdiction, goes to the agreements,
 * filters by action and dates (kept in the address and sent to the contract service), opens an entry
 * whose status move is read from the agreement's own history, narrows to that record, exports the
 * CSV with the same filters and the token, then reads the page in English; a registrar reads the
 * whole registry trail and is offered no other (the contract and referral services would answer 403).
 * Each screen is checked with axe-core and photographed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Route } from 'playwright-core';
import type { AuditEntry } from '../src/features/audit/model';
import { answerAudit, auditEntry, type Caller } from '../src/features/audit/testing';
import {
  accessibilityViolations,
  json,
  offlineConsole,
  option,
  problemsOf,
  quietInbox,
  screenshot,
  signedInContext,
  typeDate,
} from './harness';

const HOME = 'a9e00000-0000-4000-8000-0000000000a1';
const HOSPITAL = 'a9e00000-0000-4000-8000-000000000001';
const CENTRE = 'a9e00000-0000-4000-8000-000000000002';
const XIAMEN = 'a9e00000-0000-4000-8000-0000000000b7';
const NAMES: Record<string, { name: string; division: string }> = {
  [HOME]: { name: '福州市鼓楼区乐龄颐养院', division: '350102' },
  [HOSPITAL]: { name: '福建医科大学附属协和医院', division: '350102' },
  [CENTRE]: { name: '福州市台江区瀛洲街道社区卫生服务中心', division: '350103' },
  [XIAMEN]: { name: '厦门市思明区康乐养老院', division: '350203' },
};
const party = (id: string) => ({ institutionId: id, division: NAMES[id].division });

const REGISTRAR = { id: 'u-reg', role: 'registrar', institutionId: null, name: '张登记' };
const ELDERLY = { id: 'u-eld', role: 'elderly-admin', institutionId: HOME, name: '陈建国' };
const MEDICAL = { id: 'u-med', role: 'medical-admin', institutionId: HOSPITAL, name: '王主任' };
const DESK = { id: 'u-desk', role: 'referral-desk', institutionId: HOSPITAL, name: '李护士' };
const SYSTEM = { id: 'system', role: 'system', institutionId: null, name: null };

const AGREEMENT = '5b0e7c2a-31d4-4f6e-9a8b-2c4d6e8f0a13';
const AGREEMENT_2 = 'e41a9d07-6b2c-4c8e-b5f1-7d9e3a2c4b68';
const REFERRAL = '9c7f3e21-8a4b-4d2c-a6e5-1f3b5d7a9c24';
const REFERRAL_2 = '27d84b6f-c1e9-4a3d-8f52-6b0a4c8e2d91';

let seq = 0;
const entry = (e: Omit<Parameters<typeof auditEntry>[0], 'id'>) => auditEntry({ id: String(++seq), ...e });

const REGISTRY: AuditEntry[] = [
  entry({
    at: '2026-11-02T01:10:00.000Z',
    type: 'institution',
    resourceId: HOME,
    action: 'registered',
    actor: REGISTRAR,
    parties: [party(HOME)],
  }),
  entry({
    at: '2026-11-12T03:20:00.000Z',
    type: 'institution',
    resourceId: HOSPITAL,
    version: 6,
    action: 'updated',
    fields: ['beds', 'capabilities'],
    actor: REGISTRAR,
    parties: [party(HOSPITAL)],
  }),
  entry({
    at: '2026-11-20T00:00:05.000Z',
    type: 'institution',
    resourceId: CENTRE,
    version: 4,
    action: 'licence-expired',
    fields: ['licenceExpiryAnnouncedFor'],
    actor: SYSTEM,
    parties: [party(CENTRE)],
  }),
  entry({
    at: '2026-11-25T02:45:00.000Z',
    type: 'institution',
    resourceId: XIAMEN,
    version: 3,
    action: 'suspended',
    fields: ['status', 'statusReason'],
    reason: '消防检查不合格，停业整顿',
    actor: REGISTRAR,
    parties: [party(XIAMEN)],
  }),
  entry({
    at: '2026-11-29T08:05:00.000Z',
    type: 'institution',
    resourceId: HOSPITAL,
    version: 7,
    action: 'operations-updated',
    fields: ['freeBeds', 'operationsUpdatedAt'],
    actor: MEDICAL,
    parties: [party(HOSPITAL)],
  }),
];

const both = [party(HOME), party(HOSPITAL)];
const withCentre = [party(HOME), party(CENTRE)];
const CONTRACT: AuditEntry[] = [
  entry({ at: '2026-11-18T01:00:00.000Z', type: 'agreement', resourceId: AGREEMENT, action: 'created', actor: ELDERLY, parties: both }),
  entry({
    at: '2026-11-18T01:30:00.000Z',
    type: 'agreement',
    resourceId: AGREEMENT,
    version: 2,
    action: 'draft-edited',
    fields: ['fees', 'history', 'services'],
    actor: ELDERLY,
    parties: both,
  }),
  entry({
    at: '2026-11-18T01:40:00.000Z',
    type: 'agreement',
    resourceId: AGREEMENT,
    version: 3,
    action: 'draft-document-attached',
    fields: ['document', 'documents', 'history'],
    actor: ELDERLY,
    parties: both,
  }),
  entry({
    at: '2026-11-18T01:41:00.000Z',
    type: 'agreement',
    resourceId: AGREEMENT,
    version: 4,
    action: 'submitted',
    fields: ['history', 'status'],
    actor: ELDERLY,
    parties: both,
  }),
  entry({
    at: '2026-11-22T02:02:00.000Z',
    type: 'agreement',
    resourceId: AGREEMENT,
    version: 5,
    action: 'rejected',
    fields: ['history', 'status'],
    reason: '服务半径过远，建议与就近的社区卫生服务中心签约',
    actor: MEDICAL,
    parties: both,
  }),
  entry({
    at: '2026-11-23T06:00:00.000Z',
    type: 'agreement',
    resourceId: AGREEMENT_2,
    action: 'created',
    actor: ELDERLY,
    parties: withCentre,
  }),
  entry({
    at: '2026-11-23T06:10:00.000Z',
    type: 'agreement',
    resourceId: AGREEMENT_2,
    version: 2,
    action: 'submitted',
    fields: ['history', 'status'],
    actor: ELDERLY,
    parties: withCentre,
  }),
  entry({
    at: '2026-11-26T07:15:00.000Z',
    type: 'agreement',
    resourceId: AGREEMENT_2,
    version: 3,
    action: 'countersigned',
    fields: ['history', 'revisions', 'status'],
    actor: { id: 'u-ctr', role: 'medical-admin', institutionId: CENTRE, name: '郑医生' },
    parties: withCentre,
  }),
  entry({
    at: '2026-11-27T16:00:01.000Z',
    type: 'agreement',
    resourceId: AGREEMENT_2,
    version: 4,
    action: 'activated',
    fields: ['history', 'status'],
    actor: SYSTEM,
    parties: withCentre,
  }),
];

const REFERRALS: AuditEntry[] = [
  entry({ at: '2026-11-30T01:00:00.000Z', type: 'referral', resourceId: REFERRAL, action: 'requested', actor: ELDERLY, parties: both }),
  entry({
    at: '2026-11-30T01:03:00.000Z',
    type: 'referral',
    resourceId: REFERRAL,
    version: 2,
    action: 'received',
    fields: ['claimedBy', 'history', 'milestones', 'status'],
    actor: DESK,
    parties: both,
  }),
  entry({
    at: '2026-11-30T01:09:00.000Z',
    type: 'referral',
    resourceId: REFERRAL,
    version: 3,
    action: 'accepted',
    fields: ['expectedArrivalAt', 'history', 'milestones', 'status'],
    actor: DESK,
    parties: both,
  }),
  entry({ at: '2026-11-30T02:00:00.000Z', type: 'referral', resourceId: REFERRAL_2, action: 'requested', actor: ELDERLY, parties: both }),
  entry({
    at: '2026-11-30T02:06:00.000Z',
    type: 'referral',
    resourceId: REFERRAL_2,
    version: 3,
    action: 'rejected',
    fields: ['history', 'milestones', 'notes', 'rejectionReason', 'status'],
    reason: 'CAPACITY_FULL',
    actor: DESK,
    parties: both,
  }),
];

/** The agreement's own history (line v is version v), as the contract service answers it. */
const AGREEMENT_HISTORY = [
  [null, 'DRAFT'],
  ['DRAFT', 'DRAFT'],
  ['DRAFT', 'DRAFT'],
  ['DRAFT', 'SUBMITTED'],
  ['SUBMITTED', 'REJECTED'],
].map(([from, to], i) => {
  const e = CONTRACT[i];
  return { at: e.at, action: e.action, from, to, actor: { id: e.actor.id, role: e.actor.role, name: e.actor.name }, reason: e.reason };
});

const app = offlineConsole();

/** The three services' audit trails (and the registry's institutions), answered for `caller`; every request recorded. */
async function services(page: Page, caller: Caller): Promise<URL[]> {
  const asked: URL[] = [];
  const answer = async (route: Route, service: string, entries: AuditEntry[], readAll: string[] = []) => {
    const url = new URL(route.request().url());
    asked.push(url);
    expect(route.request().headers().authorization).toMatch(/^Bearer eyJ/);
    const path = url.pathname.replace(`/api/${service}`, '');
    if (path === '/v1/audit' || path === '/v1/audit.csv') {
      const a = answerAudit(entries, caller, path, url.searchParams, readAll);
      if (typeof a.body === 'string') return route.fulfill({ status: a.status, headers: a.headers, body: a.body });
      return json(route, a.body, a.status);
    }
    if (service === 'registry' && path === '/v1/institutions') {
      const q = url.searchParams.get('q') ?? '';
      const items = Object.entries(NAMES)
        .filter(([, i]) => i.name.includes(q))
        .map(([id, i]) => ({ id, name: i.name, divisionCode: i.division }));
      return json(route, { items, nextCursor: null });
    }
    if (service === 'registry' && path.startsWith('/v1/institutions/')) {
      const id = path.split('/').pop()!;
      return NAMES[id]
        ? json(route, { id, name: NAMES[id].name })
        : json(route, { status: 404, code: 'INSTITUTION_NOT_FOUND', title: 'Not Found', detail: id }, 404);
    }
    if (service === 'contract' && path === `/v1/agreements/${AGREEMENT}`)
      return json(route, { id: AGREEMENT, version: 5, status: 'REJECTED', history: AGREEMENT_HISTORY });
    return json(route, { status: 404, code: 'NOT_FOUND', title: 'Not Found', detail: path }, 404);
  };
  await quietInbox(page, app.server.url);
  await page.route(`${app.server.url}/api/registry/**`, (r) => answer(r, 'registry', REGISTRY, ['registrar']));
  await page.route(`${app.server.url}/api/contract/**`, (r) => answer(r, 'contract', CONTRACT));
  await page.route(`${app.server.url}/api/referral/**`, (r) => answer(r, 'referral', REFERRALS));
  return asked;
}

async function signedInAs(claims: Record<string, unknown>): Promise<{ context: BrowserContext; page: Page }> {
  const context = await signedInContext(app.browser, claims);
  return { context, page: await context.newPage() };
}

async function accessible(page: Page) {
  const violations = await accessibilityViolations(page);
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
}

const lastAsked = (asked: URL[], path: string) => asked.filter((u) => u.pathname === path).at(-1);

describe('the audit trail', () => {
  it("a regulator reads their city's trails, filters, opens an entry, exports the CSV, and reads it in English", async () => {
    const { context, page } = await signedInAs({ sub: 'u-gov', roles: ['regulator'], name: '林清', division: '3501' });
    const problems = problemsOf(page);
    const asked = await services(page, { roles: ['regulator'], division: '3501' });

    await page.goto(`${app.server.url}/audit`);
    await page.getByRole('heading', { level: 2, name: '审计记录' }).waitFor();
    // the registry's trail inside 福州市: the 厦门 home's suspension is not theirs to read
    const edit = page.getByRole('row').filter({ hasText: '修改登记信息' });
    await edit.getByText('福建医科大学附属协和医院').first().waitFor();
    expect(await edit.getByText('张登记').isVisible()).toBe(true);
    expect(await edit.getByText('修改：服务能力、床位').isVisible()).toBe(true);
    expect(await edit.getByText('2026-11-12 11:20').isVisible()).toBe(true);
    const lapsed = page.getByRole('row').filter({ hasText: '执业许可证到期' });
    expect(await lapsed.getByText('系统', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByText('厦门市思明区康乐养老院').count()).toBe(0);
    await page.getByText('已显示 4 条').waitFor();

    // the agreements: newest first, each in words
    await page.getByText('合作协议', { exact: true }).click();
    await page.waitForURL(/source=agreement/);
    const rejected = page.getByRole('row').filter({ hasText: '退回协议' });
    await rejected.getByText('福州市鼓楼区乐龄颐养院 与 福建医科大学附属协和医院 的合作协议').waitFor();
    expect(await rejected.getByText('状态：待会签 → 已退回').isVisible()).toBe(true);
    expect(await rejected.getByText('医疗机构管理员 · 福建医科大学附属协和医院').isVisible()).toBe(true);
    expect(await rejected.getByText('原因：服务半径过远，建议与就近的社区卫生服务中心签约').isVisible()).toBe(true);
    const first = page.getByRole('row').nth(1);
    expect(await first.getByText('协议生效').isVisible()).toBe(true);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-audit.zh-CN');
    await accessible(page);

    // filters: an action and a range of China dates, in the address and sent to the contract service
    await page.getByLabel('操作', { exact: true }).click();
    await option(page, '退回协议');
    await page.waitForURL(/action=rejected/);
    await typeDate(page, '开始日期（北京时间）', '2026-11-01');
    await page.waitForURL(/from=2026-11-01/);
    await typeDate(page, '结束日期（北京时间）', '2026-11-30');
    await page.waitForURL(/to=2026-11-30/);
    await expect
      .poll(() => Object.fromEntries(lastAsked(asked, '/api/contract/v1/audit')?.searchParams ?? []))
      .toEqual({ from: '2026-11-01', to: '2026-11-30', action: 'rejected', limit: '50' });
    await page.getByRole('row').filter({ hasText: '协议生效' }).waitFor({ state: 'detached' });
    await page.getByText('已显示 1 条').waitFor();

    // an entry in the drawer: the status move from the agreement's own history; then that record's whole history
    await page.getByRole('button', { name: /^查看审计记录：王主任：退回协议/ }).click();
    const drawer = page.getByRole('dialog', { name: '审计记录详情' });
    await drawer.getByText('待会签 → 已退回（据该记录的状态历史）').waitFor();
    expect(await drawer.getByText('第 5 版').isVisible()).toBe(true);
    expect(await drawer.getByText('提交方：福州市鼓楼区乐龄颐养院').isVisible()).toBe(true);
    await accessible(page);
    await drawer.getByRole('button', { name: '查看此对象的全部变更' }).click();
    await page.waitForURL(new RegExp(`resource=${AGREEMENT}`));
    await page.getByText('只看一条记录的全部变更：福州市鼓楼区乐龄颐养院 与 福建医科大学附属协和医院 的合作协议').waitFor();

    // the CSV: the service's own file, asked with the same filters and the token
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 CSV/ }).click()]);
    expect(download.suggestedFilename()).toBe('audit-2026-11-30.csv');
    const csv = lastAsked(asked, '/api/contract/v1/audit.csv')!;
    expect(Object.fromEntries(csv.searchParams)).toEqual({ from: '2026-11-01', to: '2026-11-30', action: 'rejected', resource: AGREEMENT });
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'time (UTC+8),type,resource,version,action,fields,reason,actor,actor role,actor institution,actor name,institutions,divisions',
    );
    expect(lines[1]).toMatch(/^2026-11-22 10:02:00,agreement,/);
    expect(lines.filter(Boolean)).toHaveLength(2);

    // the referrals, in English: a rejection's code in words
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Audit trail' }).waitFor();
    await page.getByText('Two-way referrals', { exact: true }).click();
    await page.waitForURL(/source=referral/);
    const refusal = page.getByRole('row').filter({ hasText: 'Rejected the referral' });
    await refusal.getByText('Reason: No bed available').waitFor();
    await refusal.getByText('Referral 福州市鼓楼区乐龄颐养院 → 福建医科大学附属协和医院').waitFor();
    expect(await refusal.getByText('2026-11-30 10:06 CST').isVisible()).toBe(true);
    expect(await page.getByRole('row').filter({ hasText: 'Claimed the referral' }).getByText('Status: Waiting → Claimed').isVisible()).toBe(
      true,
    );
    // the dates chosen stay (they belong to every trail); the action and the record do not
    expect(new URL(page.url()).searchParams.get('from')).toBe('2026-11-01');
    expect(new URL(page.url()).searchParams.has('resource')).toBe(false);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-audit.en');
    await accessible(page);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('a registrar reads the whole registry trail, and is offered no other', async () => {
    const { context, page } = await signedInAs({ sub: 'u-reg', roles: ['registrar'], name: '张登记' });
    const problems = problemsOf(page);
    const asked = await services(page, { roles: ['registrar'] });

    await page.goto(`${app.server.url}/audit?source=agreement`);
    await page.getByRole('heading', { level: 2, name: '审计记录' }).waitFor();
    const suspended = page.getByRole('row').filter({ hasText: '暂停机构' });
    await suspended.getByText('厦门市思明区康乐养老院').waitFor();
    expect(await suspended.getByText('状态：正常 → 暂停').isVisible()).toBe(true);
    expect(await suspended.getByText('原因：消防检查不合格，停业整顿').isVisible()).toBe(true);
    expect(await page.getByText('范围：全部机构').isVisible()).toBe(true);
    await page.getByText('已显示 5 条').waitFor();
    expect(await page.getByText('合作协议', { exact: true }).count()).toBe(0);

    // the institution filter: found by name, kept by id, shown by name
    await page.getByLabel('涉及机构').fill('协和');
    await option(page, '福建医科大学附属协和医院');
    await page.waitForURL(new RegExp(`institution=${HOSPITAL}`));
    await page.getByRole('row').filter({ hasText: '暂停机构' }).waitFor({ state: 'detached' });
    await page.getByText('已显示 2 条').waitFor();
    await accessible(page);

    expect(asked.some((u) => u.pathname.startsWith('/api/contract/') || u.pathname.startsWith('/api/referral/'))).toBe(false);
    expect(problems).toEqual([]);
    await context.close();
  });
});
