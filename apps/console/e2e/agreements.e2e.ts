/**
 * The agreements screens in Debian's Chromium, the services answered by the test (as signed-in.e2e.ts):
 * a nursing home's administrator files an EMBEDDED agreement (the mode's own sections, the medical
 * institution found in the register by name, the draft filed, the signed document uploaded to it with
 * its SHA-256, then submitted; the detail shows the document);
 * a hospital's administrator opens what waits for its answer, checks the rules beside the content and
 * countersigns at the version read; a rehabilitation hospital's administrator (a medical-admin) files a
 * continuing-care agreement with a general hospital (ADR 0013). The list and the filing form are also
 * photographed in English. Each page is checked with axe-core and photographed. The page's
 * clock is fixed at 2026-11-30 10:00 China Standard Time.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { Agreement } from '../src/features/agreements/model';
import {
  CLINIC_ID as CLINIC,
  HOME_ID as HOME,
  HOSPITAL_ID as HOSPITAL,
  agreement,
  filedAndSubmitted,
  institution as fixture,
} from '../src/features/agreements/testing';
import {
  accessibilityViolations,
  fillAgreementTerms,
  json,
  offlineConsole,
  option,
  problemsOf,
  quietInbox,
  screenshot,
  signedInContext,
  typeDate,
} from './harness';

const NOW = Date.parse('2026-11-30T02:00:00.000Z');

const TCM = 'a9e00000-0000-4000-8000-000000000003';
const REHAB = 'a9e00000-0000-4000-8000-000000000004';
const OTHER_REHAB = 'a9e00000-0000-4000-8000-000000000005';
const FILED = 'a9e00000-0000-4000-8000-00000000f001';

const app = offlineConsole();

/** Signed in (a session in this tab's storage, valid for an hour of the page's clock), the inbox quiet. */
async function signedInAs(claims: Record<string, unknown>): Promise<{ context: BrowserContext; page: Page }> {
  const context = await signedInContext(app.browser, claims, NOW);
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date(NOW));
  await quietInbox(page, app.server.url);
  return { context, page };
}

/** The agreements' fixture institutions, the home under its own name, and a TCM hospital. */
function institution(id: string) {
  if (id === HOME) return fixture(id, { name: '福州市鼓楼区乐龄颐养院', ownership: 'PRIVATE' });
  if (id === TCM) return fixture(id, { name: '福建中医药大学附属人民医院', kind: 'TCM_HOSPITAL', hospitalGrade: 'LEVEL_3' });
  if (id === REHAB) return fixture(id, { name: '福州市第二康复医院', kind: 'REHABILITATION_HOSPITAL', hospitalGrade: 'LEVEL_2' });
  if (id === OTHER_REHAB) return fixture(id, { name: '鼓楼区康复护理中心', kind: 'REHABILITATION_HOSPITAL', hospitalGrade: 'LEVEL_1' });
  return fixture(id);
}

/** The registry: institutions by id, and searches (the medical ones of the area). */
async function answerRegistry(page: Page, searches: URL[] = []) {
  await page.route(`${app.server.url}/api/registry/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/api/registry/v1/institutions') {
      searches.push(url);
      return json(route, { items: [HOSPITAL, CLINIC, TCM, REHAB, OTHER_REHAB].map(institution), nextCursor: null });
    }
    return json(route, institution(url.pathname.split('/').pop()!));
  });
}

const DOCUMENT = Buffer.from('%PDF-1.4\n医养结合合作协议（嵌入式）签署版\n');
/** The signed document as the contract service answers its versions (docs/api/contract.md). */
const UPLOADED = {
  version: 1,
  sha256: createHash('sha256').update(DOCUMENT).digest('hex'),
  mediaType: 'application/pdf',
  sizeBytes: DOCUMENT.length,
  fileName: '乐龄颐养院-协和医院-嵌入式合作协议.pdf',
  uploadedAt: '2026-11-30T01:50:30.000Z',
};

/** The filed agreement (the unit tests' fixture, with this story's content and no attached upload yet). */
function filed(o: Partial<Agreement> = {}): Agreement {
  return agreement({
    id: FILED,
    elderlyInstitutionId: HOME,
    medicalInstitutionId: HOSPITAL,
    services: [
      { code: 'HEALTH_MANAGEMENT', frequency: 'MONTHLY' },
      { code: 'REGULAR_VISITS', frequency: 'WEEKLY' },
      { code: 'EMERGENCY_GREEN_CHANNEL', frequency: null },
      { code: 'TWO_WAY_REFERRAL', frequency: null },
    ],
    fees: [{ item: '医务室运营补助', amountFen: 500000, unit: 'PER_MONTH', payer: 'ELDERLY_PARTY' }],
    responsibilities: {
      elderlyParty: ['提供医务室用房与基本设施', '及时告知入住老人健康变化'],
      medicalParty: ['派驻全科医生与护士', '每周巡诊并建立健康档案'],
    },
    breachLiability: '一方违约的，应赔偿对方因此遭受的直接损失。',
    term: { effectiveFrom: '2026-12-01', effectiveTo: '2027-11-30' },
    site: '乐龄颐养院一楼医务室（嵌入式医疗点）',
    entrustment: null,
    staff: [{ name: '林晓燕', practisingCertificateNumber: '110350102000456', multiSiteFiled: true }],
    document: { fileName: '乐龄颐养院-协和医院-嵌入式合作协议.pdf', sha256: createHash('sha256').update(DOCUMENT).digest('hex') },
    attachedDocument: undefined,
    createdAt: '2026-11-30T01:50:00.000Z',
    updatedAt: '2026-11-30T01:51:00.000Z',
    history: filedAndSubmitted('2026-11-30T01:50:00.000Z', '2026-11-30T01:51:00.000Z', 'u-1'),
    ...o,
  });
}

/** Switches the console to `language` (the shell's 中文/English switch) for `work`, then back to Chinese. */
async function inLanguage(page: Page, language: 'English', work: () => Promise<void>): Promise<void> {
  await page.getByText(language, { exact: true }).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
  await work();
  await page.getByText('中文', { exact: true }).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
}

describe('agreements', () => {
  it('a nursing home files an EMBEDDED agreement with a hospital found by name, and submits it', async () => {
    const { context, page } = await signedInAs({ roles: ['elderly-admin'], name: '陈建国', institutionId: HOME });
    const problems = problemsOf(page, false);
    const searches: URL[] = [];
    await answerRegistry(page, searches);
    const posts: { path: string; body: unknown; headers: Record<string, string> }[] = [];
    // the contract service: the draft, its signed document (the file itself as the body), the submission
    await page.route(`${app.server.url}/api/contract/**`, (route) => {
      const request = route.request();
      const url = new URL(request.url());
      if (request.method() === 'POST' && url.pathname === `/api/contract/v1/agreements/${FILED}/documents`) {
        posts.push({ path: url.pathname, body: request.postDataBuffer(), headers: request.headers() });
        return json(route, filed({ status: 'DRAFT', version: 2, attachedDocument: UPLOADED, history: filed().history!.slice(0, 1) }), 201);
      }
      if (request.method() === 'POST') {
        posts.push({ path: url.pathname, body: request.postDataJSON(), headers: request.headers() });
        if (url.pathname.endsWith('/submit')) return json(route, filed({ version: 3, attachedDocument: UPLOADED }));
        return json(route, filed({ status: 'DRAFT', version: 1, history: filed().history!.slice(0, 1) }), 201);
      }
      if (url.pathname === `/api/contract/v1/agreements/${FILED}/documents`) return json(route, { agreementId: FILED, items: [UPLOADED] });
      if (url.pathname === `/api/contract/v1/agreements/${FILED}`) return json(route, filed({ version: 3, attachedDocument: UPLOADED }));
      return json(route, {
        items: inForce.filter(
          (a) =>
            a.status === url.searchParams.get('status') ||
            (url.searchParams.get('expiringWithinDays') && a.term.effectiveTo <= '2026-12-30'),
        ),
        nextCursor: null,
      });
    });
    // what the home has already: a primary-care agreement ending in 20 days, a TCM hospital's, signed and about to begin
    const inForce = [
      filed({
        id: 'a9e00000-0000-4000-8000-00000000e001',
        status: 'ACTIVE',
        mode: 'PRIMARY_CARE',
        medicalInstitutionId: CLINIC,
        term: { effectiveFrom: '2025-12-20', effectiveTo: '2026-12-19' },
        updatedAt: '2026-10-08T06:00:00.000Z',
      }),
      filed({
        id: 'a9e00000-0000-4000-8000-00000000e002',
        status: 'SIGNED',
        mode: 'MULTI_LEVEL',
        medicalInstitutionId: TCM,
        term: { effectiveFrom: '2026-12-15', effectiveTo: '2028-12-14' },
        revision: 0,
      }),
    ];

    await page.goto(`${app.server.url}/agreements`);
    await page.getByRole('heading', { level: 2, name: '合作协议' }).waitFor();
    await page.getByRole('link', { name: '查看协议：鼓楼区东街街道社区卫生服务中心' }).waitFor();
    await page.getByText('剩 19 天').waitFor();
    await expect.poll(() => page.getByRole('tab', { name: /30 天内到期/ }).textContent()).toContain('1');
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-agreements.zh-CN');
    const listViolations = await accessibilityViolations(page);
    expect(listViolations, JSON.stringify(listViolations, null, 2)).toEqual([]);
    // the same list in English
    await inLanguage(page, 'English', async () => {
      await page.getByRole('heading', { level: 2, name: 'Cooperation agreements' }).waitFor();
      await page.getByRole('link', { name: /鼓楼区东街街道社区卫生服务中心/ }).waitFor();
      await page.getByRole('tab', { name: /In force/ }).waitFor();
      await page.evaluate(() => document.fonts.ready);
      await screenshot(page, 'console-agreements.en');
      const english = await accessibilityViolations(page);
      expect(english, JSON.stringify(english, null, 2)).toEqual([]);
    });
    await page.getByRole('button', { name: /发起签约/ }).click();
    await page.getByRole('heading', { level: 2, name: '发起签约' }).waitFor();

    await page.getByRole('radio', { name: /嵌入式合作/ }).check();
    await page.getByRole('textbox', { name: '院内医疗点' }).waitFor();
    // the medical institution, found in the register of the home's city by name
    const party = page.getByLabel('医疗机构（对方）');
    await party.click();
    await party.fill('协和');
    await option(page, '福建医科大学附属协和医院');
    await expect.poll(() => searches.at(-1)?.searchParams.get('division')).toBe('3501');
    expect(searches.at(-1)?.searchParams.get('status')).toBe('ACTIVE');

    await typeDate(page, '生效日期', '2026-12-01');
    await typeDate(page, '终止日期', '2027-11-30');
    await page.getByRole('checkbox', { name: '健康管理' }).check();
    await page.getByLabel('健康管理的频次').click();
    await option(page, '每月');
    await page.getByRole('checkbox', { name: '定期巡诊' }).check();
    await page.getByLabel('定期巡诊的频次').click();
    await option(page, '每周');
    await page.getByRole('checkbox', { name: '急诊急救绿色通道' }).check();
    await page.getByRole('checkbox', { name: '双向转诊' }).check();

    await fillAgreementTerms(page, {
      fee: { item: '医务室运营补助', yuan: '5000' },
      elderlyDuties: '提供医务室用房与基本设施\n及时告知入住老人健康变化',
      medicalDuties: '派驻全科医生与护士\n每周巡诊并建立健康档案',
      breach: '一方违约的，应赔偿对方因此遭受的直接损失。',
    });
    await page.getByRole('textbox', { name: '院内医疗点' }).fill('乐龄颐养院一楼医务室（嵌入式医疗点）');
    await page.getByRole('button', { name: /添加派驻人员/ }).click();
    await page.getByLabel('第 1 名派驻人员的姓名').fill('林晓燕');
    await page.getByLabel('第 1 名派驻人员的执业证书编号').fill('110350102000456');
    await page.getByRole('checkbox', { name: '第 1 名派驻人员已办理多机构执业备案' }).check();
    await page
      .getByLabel('上传已签署的协议文本')
      .setInputFiles({ name: '乐龄颐养院-协和医院-嵌入式合作协议.pdf', mimeType: 'application/pdf', buffer: DOCUMENT });
    const digest = createHash('sha256').update(DOCUMENT).digest('hex');
    await page.getByText(`SHA-256：${digest}`).waitFor();

    // the panel beside the form: every requirement of the mode met
    const panel = page.locator('.ant-card').filter({ hasText: '嵌入式合作的要求' });
    await expect.poll(() => panel.getByText('不符合').count()).toBe(0);
    // nothing is left marked wrong (a rule met later clears its message)
    await expect.poll(() => page.locator('.ant-form-item-explain-error').count()).toBe(0);
    expect(await panel.getByText('符合', { exact: true }).count()).toBeGreaterThan(8);
    await page.mouse.move(0, 0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-agreement-file.zh-CN');
    const formViolations = await accessibilityViolations(page);
    expect(formViolations, JSON.stringify(formViolations, null, 2)).toEqual([]);
    // the same form in English, everything typed kept
    await inLanguage(page, 'English', async () => {
      await page.getByRole('heading', { level: 2, name: 'File an agreement' }).waitFor();
      await page.getByRole('textbox', { name: 'Site in the nursing home' }).waitFor();
      expect(await page.getByRole('textbox', { name: 'Site in the nursing home' }).inputValue()).toBe(
        '乐龄颐养院一楼医务室（嵌入式医疗点）',
      );
      await page.mouse.move(0, 0);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.evaluate(() => document.fonts.ready);
      await screenshot(page, 'console-agreement-file.en');
      const english = await accessibilityViolations(page);
      expect(english, JSON.stringify(english, null, 2)).toEqual([]);
    });

    await page.getByRole('button', { name: /提交对方会签/ }).click();
    await page.getByRole('heading', { level: 2, name: '嵌入式合作 · 福建医科大学附属协和医院' }).waitFor();
    await page.getByText('已提交，等待福建医科大学附属协和医院会签。').waitFor();
    expect(posts.map((p) => p.path)).toEqual([
      '/api/contract/v1/agreements',
      `/api/contract/v1/agreements/${FILED}/documents`,
      `/api/contract/v1/agreements/${FILED}/submit`,
    ]);
    expect(posts[0].body).toEqual({
      elderlyInstitutionId: HOME,
      medicalInstitutionId: HOSPITAL,
      mode: 'EMBEDDED',
      term: { effectiveFrom: '2026-12-01', effectiveTo: '2027-11-30' },
      services: filed().services,
      fees: filed().fees,
      responsibilities: filed().responsibilities,
      breachLiability: filed().breachLiability,
      site: filed().site,
      entrustment: null,
      staff: filed().staff,
      document: filed().document,
    });
    expect(posts[0].headers['idempotency-key']).toMatch(/^file-/);
    // the signed text itself, at the draft's version, with its SHA-256 and name
    expect(posts[1].body).toEqual(DOCUMENT);
    expect(posts[1].headers['if-match']).toBe('"1"');
    expect(posts[1].headers['x-content-sha256']).toBe(digest);
    expect(decodeURIComponent(posts[1].headers['x-file-name'])).toBe(UPLOADED.fileName);
    expect(posts[1].headers['idempotency-key']).toBeTruthy();
    // submitted at the version the upload left
    expect(posts[2].headers['if-match']).toBe('"2"');
    // the documents card of the detail
    await page.getByText(UPLOADED.fileName).first().waitFor();
    const detailViolations = await accessibilityViolations(page);
    expect(detailViolations, JSON.stringify(detailViolations, null, 2)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a hospital checks an agreement against its mode’s rules and countersigns it at the version read', async () => {
    const { context, page } = await signedInAs({ roles: ['medical-admin'], name: '林医生', institutionId: HOSPITAL });
    const problems = problemsOf(page, false);
    await answerRegistry(page);
    // submitted with its signed document uploaded
    let current = filed({ attachedDocument: UPLOADED });
    const posts: { path: string; headers: Record<string, string> }[] = [];
    await page.route(`${app.server.url}/api/contract/**`, (route) => {
      const request = route.request();
      const url = new URL(request.url());
      if (request.method() === 'POST') {
        posts.push({ path: url.pathname, headers: request.headers() });
        current = filed({
          status: 'SIGNED',
          version: 3,
          attachedDocument: UPLOADED,
          history: [
            ...filed().history!,
            {
              at: '2026-11-30T02:00:00.000Z',
              action: 'countersign',
              from: 'SUBMITTED',
              to: 'SIGNED',
              actor: { id: 'u-1', name: null, role: 'medical-admin' },
              reason: null,
            },
          ],
        });
        return json(route, current);
      }
      if (url.pathname === `/api/contract/v1/agreements/${FILED}/documents`) return json(route, { agreementId: FILED, items: [UPLOADED] });
      if (url.pathname === `/api/contract/v1/agreements/${FILED}`) return json(route, current);
      return json(route, {
        items: url.searchParams.get('status') === 'SUBMITTED' && current.status === 'SUBMITTED' ? [current] : [],
        nextCursor: null,
      });
    });

    await page.goto(`${app.server.url}/agreements`);
    await page.getByRole('tab', { name: /待我方处理/ }).waitFor();
    await page.getByRole('link', { name: '查看协议：福州市鼓楼区乐龄颐养院' }).click();
    await page.getByRole('heading', { level: 2, name: '嵌入式合作 · 福州市鼓楼区乐龄颐养院' }).waitFor();
    const checklist = page.getByRole('table', { name: '会签前核对' });
    await page.getByText('全部要求均已满足。').waitFor();
    const siteRow = checklist.getByRole('row').filter({ hasText: '嵌入式：写明院内医疗点' });
    expect(await siteRow.getByText('乐龄颐养院一楼医务室（嵌入式医疗点）').isVisible()).toBe(true);
    expect(await siteRow.getByText('符合', { exact: true }).isVisible()).toBe(true);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-agreement-countersign.zh-CN');
    const violations = await accessibilityViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

    await page.getByRole('button', { name: /^会\s*签$/ }).click();
    const dialog = page.getByRole('dialog', { name: '会签此协议？' });
    await dialog.getByRole('button', { name: /^会\s*签$/ }).click();
    await page.getByText('双方已签署，协议将于 2026-12-01 生效。').waitFor();
    expect(posts).toHaveLength(1);
    expect(posts[0].path).toBe(`/api/contract/v1/agreements/${FILED}/countersign`);
    expect(posts[0].headers['if-match']).toBe('"2"');
    await page.getByRole('tab', { name: '历史记录' }).click();
    await page.getByText('2026-11-30 10:00').first().waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
  it('a rehabilitation hospital’s medical-admin files a continuing-care agreement with a general hospital', async () => {
    const { context, page } = await signedInAs({ roles: ['medical-admin'], name: '吴康宁', institutionId: REHAB });
    const problems = problemsOf(page, false);
    await answerRegistry(page);
    const paper = Buffer.from('%PDF-1.4\n接续服务合作协议 签署版\n');
    const uploaded = { ...UPLOADED, fileName: '第二康复医院-协和医院-接续服务合作协议.pdf', sizeBytes: paper.length };
    uploaded.sha256 = createHash('sha256').update(paper).digest('hex');
    const continuing = (o: Partial<Agreement>) =>
      filed({
        mode: 'CONTINUING_CARE',
        elderlyInstitutionId: REHAB,
        medicalInstitutionId: HOSPITAL,
        services: [
          { code: 'TWO_WAY_REFERRAL', frequency: null },
          { code: 'REHABILITATION', frequency: null },
        ],
        fees: [],
        responsibilities: { elderlyParty: ['接收病情稳定的下转患者'], medicalParty: ['下转时交接病历与康复方案'] },
        site: null,
        staff: [],
        document: { fileName: uploaded.fileName, sha256: uploaded.sha256 },
        ...o,
      });
    const posts: { path: string; body: unknown }[] = [];
    await page.route(`${app.server.url}/api/contract/**`, (route) => {
      const request = route.request();
      const url = new URL(request.url());
      if (request.method() === 'POST') {
        const documents = url.pathname.endsWith('/documents');
        posts.push({ path: url.pathname, body: documents ? request.postDataBuffer() : request.postDataJSON() });
        if (documents) return json(route, continuing({ status: 'DRAFT', version: 2, attachedDocument: uploaded }), 201);
        if (url.pathname.endsWith('/submit')) return json(route, continuing({ version: 3, attachedDocument: uploaded }));
        return json(route, continuing({ status: 'DRAFT', version: 1 }), 201);
      }
      if (url.pathname === `/api/contract/v1/agreements/${FILED}/documents`) return json(route, { agreementId: FILED, items: [uploaded] });
      if (url.pathname === `/api/contract/v1/agreements/${FILED}`)
        return json(route, continuing({ version: 3, attachedDocument: uploaded }));
      return json(route, { items: [], nextCursor: null });
    });

    await page.goto(`${app.server.url}/agreements`);
    await page.getByRole('heading', { level: 2, name: '合作协议' }).waitFor();
    // the registry says the institution is a rehabilitation hospital: it files continuing care
    await page.getByText(/本机构作为接续服务机构/).waitFor();
    await page.getByRole('button', { name: /发起签约/ }).click();
    await page.getByRole('heading', { level: 2, name: '发起签约' }).waitFor();
    // one mode, chosen already (the other radios on the page are the language switch's)
    const form = page.getByRole('form', { name: '发起签约' });
    expect(await form.getByRole('radio').count()).toBe(1);
    expect(await form.getByRole('radio', { name: /接续服务合作/ }).isChecked()).toBe(true);

    // only general, TCM and specialty hospitals are offered
    const party = page.getByLabel('医院（对方）');
    await party.click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item[title="福建中医药大学附属人民医院"]')
      .waitFor();
    const offered = await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item')
      .evaluateAll((items) => items.map((i) => i.getAttribute('title')));
    expect(offered.sort()).toEqual(['福建中医药大学附属人民医院', '福建医科大学附属协和医院']);
    await party.fill('协和');
    await option(page, '福建医科大学附属协和医院');

    await typeDate(page, '生效日期', '2026-12-01');
    await typeDate(page, '终止日期', '2027-11-30');
    await page.getByRole('checkbox', { name: '双向转诊' }).check();
    const panel = page.locator('.ant-card').filter({ hasText: '接续服务合作的要求' });
    const servicesRule = panel.getByRole('listitem').filter({ hasText: '接续服务合作：约定双向转诊' });
    await servicesRule.getByText('不符合').waitFor();
    await page.getByRole('checkbox', { name: '康复服务' }).check();
    await servicesRule.getByText('符合', { exact: true }).waitFor();
    await page.getByLabel('接续服务机构职责').fill('接收病情稳定的下转患者');
    await page.getByLabel('医院职责').fill('下转时交接病历与康复方案');
    await page.getByLabel('违约责任').fill(filed().breachLiability);
    await page.getByLabel('上传已签署的协议文本').setInputFiles({ name: uploaded.fileName, mimeType: 'application/pdf', buffer: paper });
    await page.getByText(`SHA-256：${uploaded.sha256}`).waitFor();
    await expect.poll(() => panel.getByText('不符合').count()).toBe(0);
    await expect.poll(() => page.locator('.ant-form-item-explain-error').count()).toBe(0);
    await page.mouse.move(0, 0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-agreement-file-continuing-care.zh-CN');
    const formViolations = await accessibilityViolations(page);
    expect(formViolations, JSON.stringify(formViolations, null, 2)).toEqual([]);

    await page.getByRole('button', { name: /提交对方会签/ }).click();
    await page.getByRole('heading', { level: 2, name: '接续服务合作 · 福建医科大学附属协和医院' }).waitFor();
    await page.getByText('已提交，等待福建医科大学附属协和医院会签。').waitFor();
    expect(posts.map((p) => p.path)).toEqual([
      '/api/contract/v1/agreements',
      `/api/contract/v1/agreements/${FILED}/documents`,
      `/api/contract/v1/agreements/${FILED}/submit`,
    ]);
    expect(posts[0].body).toMatchObject({
      elderlyInstitutionId: REHAB,
      medicalInstitutionId: HOSPITAL,
      mode: 'CONTINUING_CARE',
      services: continuing({}).services,
      responsibilities: continuing({}).responsibilities,
      site: null,
      entrustment: null,
      staff: [],
    });
    expect(posts[1].body).toEqual(paper);
    // the parties as the care side and the hospital
    await page.getByText('福州市第二康复医院 · 康复医院').waitFor();
    expect(await page.getByText('接续服务机构', { exact: true }).count()).toBeGreaterThan(0);
    const detailViolations = await accessibilityViolations(page);
    expect(detailViolations, JSON.stringify(detailViolations, null, 2)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
