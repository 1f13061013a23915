/**
 * An agreement's life after it is signed, in Debian's Chromium against the real platform (the four
 * services as processes, Kafka, MariaDB, S3Proxy, Keycloak; e2e/platform.ts, e2e/realm.ts), each person
 * signing in on Keycloak's own page with an account made for this run.
 *
 * A nursing home and a hospital are registered for this run and hold an agreement in force from today,
 * filed with its signed text and countersigned (through the API, as e2e/platform.e2e.ts does it with the
 * console). Then, through the console, each step its own test in order: the home proposes an amendment
 * with its signed text → the hospital countersigns the amendment → the home renews and uploads the
 * renewal's signed text → the hospital countersigns the renewal → the home terminates the agreement with a
 * reason → the status and the history show every step with the person's name and the time in China
 * Standard Time (docs/screenshots/console-agreement-history.zh-CN.png). Every screen is checked with axe-core.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addDays, chinaDate } from '@kernel/clock';
import type { Agreement } from '../src/features/agreements/model';
import { formatDateTime } from '../src/shared/time';
import type { RunningConsole } from '../server/console-server';
import { callService, fileAndCountersign, multiLevelAgreement, registerHomeAndHospital, signedPdf, Tabs } from './agreement-steps';
import { launch, typeDate } from './harness';
import { startPlatform, type RunningPlatform } from './platform';
import { TestRealm, runId, type Person } from './realm';

const RUN = runId();
const TODAY = chinaDate(new Date());
const HOME_ADMIN = '陈美玲';
const HOSPITAL_ADMIN = '林志强';

let platform: RunningPlatform;
let realm: TestRealm;
let server: RunningConsole;
let browser: Browser;
const institutions = { home: { id: '', name: '' }, hospital: { id: '', name: '' } };
const people = {} as Record<'home' | 'hospital', Person>;
const tokens = { home: '', hospital: '' };
const tabs = new Tabs<'home' | 'hospital'>(
  () => browser,
  () => server,
  (who) => people[who],
);
/** the agreement in force, and its renewal once proposed */
let agreementId = '';
let renewalId = '';

/** The agreement as the service answers it now, read as the home. */
const read = (id: string) => callService<Agreement>(platform, 'contract', `/v1/agreements/${id}`, tokens.home);

beforeAll(async () => {
  realm = await TestRealm.open(RUN);
  platform = await startPlatform(RUN);
  server = await realm.serveConsole(platform.apis);
  browser = await launch();

  const registrar = await realm.tokenOf(await realm.person({ role: 'registrar', displayName: '郑雅琴' }));
  Object.assign(institutions, await registerHomeAndHospital(platform, registrar, RUN));
  people.home = await realm.person({ role: 'elderly-admin', displayName: HOME_ADMIN, institutionId: institutions.home.id });
  people.hospital = await realm.person({ role: 'medical-admin', displayName: HOSPITAL_ADMIN, institutionId: institutions.hospital.id });
  tokens.home = await realm.tokenOf(people.home);
  tokens.hospital = await realm.tokenOf(people.hospital);
  // the contract service knows both parties before the home files (it learns them from institution.events)
  await platform.applied('contract', 'yiyang.institution.registered.v1', 2);

  const signed = await fileAndCountersign(
    platform,
    { filer: tokens.home, countersigner: tokens.hospital },
    multiLevelAgreement({ elderlyInstitutionId: institutions.home.id, medicalInstitutionId: institutions.hospital.id }, TODAY),
    { fileName: '乐龄颐养院-榕城人民医院-合作协议.pdf', bytes: signedPdf('original') },
  );
  expect(signed.status).toBe('ACTIVE');
  agreementId = signed.id;
}, 600_000);

afterAll(async () => {
  await tabs.close();
  await browser?.close();
  await server?.close();
  await platform?.stop();
  await realm?.close();
});

/** The agreement's page, once its heading (mode · the other party) is shown. */
async function openAgreement(who: 'home' | 'hospital', id: string): Promise<Page> {
  const page = await tabs.open(who, `/agreements?agreement=${id}`);
  const other = who === 'home' ? institutions.hospital.name : institutions.home.name;
  await page.getByRole('heading', { level: 2, name: `多层次医疗服务合作 · ${other}` }).waitFor({ timeout: 30_000 });
  return page;
}

/** A signed paper chosen with the console's file field, once the page shows its SHA-256. */
async function choosePaper(page: Page, fileName: string, bytes: Buffer): Promise<void> {
  await page.getByLabel('上传已签署的协议文本').setInputFiles({ name: fileName, mimeType: 'application/pdf', buffer: bytes });
}

/** The rows of the signed text's versions (the documents card). */
const versions = (page: Page) => page.getByRole('table', { name: '签署文本的各版本' }).getByRole('row');

describe('amend, renew and terminate an agreement in force, against the real platform', () => {
  it('the home proposes an amendment with its signed text', async () => {
    const page = await openAgreement('home', agreementId);
    await page.getByText('生效中').first().waitFor();
    await page.getByRole('button', { name: '提出修订' }).click();
    await page.getByRole('heading', { level: 2, name: '提出修订' }).waitFor();
    await page.getByRole('checkbox', { name: '康复服务' }).check();
    await page.getByLabel('违约责任').fill('任何一方违约的，应赔偿对方因此遭受的直接损失，并承担合理的维权费用。');
    const paper = signedPdf('amendment 1');
    await choosePaper(page, '乐龄颐养院-榕城人民医院-修订一.pdf', paper);
    await page.getByText(`SHA-256：${createHash('sha256').update(paper).digest('hex')}`).waitFor();
    await tabs.check('home');

    await page.getByRole('button', { name: '提交修订' }).click();
    await page.getByText('待会签的修订（第 1 版）').waitFor({ timeout: 30_000 });
    await page.getByText(`等待${institutions.hospital.name}会签`).first().waitFor();
    // the amendment's own paper, uploaded after it was proposed: what the hospital needs to countersign it
    const proposed = await read(agreementId);
    expect(proposed.pendingAmendment).toMatchObject({ revision: 1, proposedBy: 'elderly', documentVersion: 2 });
    expect(proposed.pendingAmendment?.content.services.map((s) => s.code)).toContain('REHABILITATION');
    await versions(page).filter({ hasText: '乐龄颐养院-榕城人民医院-修订一.pdf' }).waitFor();
    await tabs.check('home', 'console-agreement-amendment-proposed.zh-CN');
  });

  it('the hospital countersigns the amendment: the new content is in force', async () => {
    const page = await tabs.open('hospital', '/agreements');
    await page.getByRole('tab', { name: /待我方处理/ }).waitFor();
    const row = page.getByRole('row').filter({ hasText: '修订待我方答复' });
    await row.getByRole('link', { name: `查看协议：${institutions.home.name}` }).click({ timeout: 30_000 });
    const card = page.locator('.ant-card').filter({ hasText: '待会签的修订（第 1 版）' });
    await card.getByText('康复服务').first().waitFor();
    await tabs.check('hospital');
    await card.getByRole('button', { name: '会签修订' }).click();
    await page.getByRole('dialog', { name: '会签此修订？' }).getByRole('button', { name: '会签修订' }).click();
    await card.waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByText('第 1 版', { exact: true }).first().waitFor();
    const amended = await read(agreementId);
    expect(amended).toMatchObject({ revision: 1, pendingAmendment: null, status: 'ACTIVE' });
    expect(amended.services.map((s) => s.code)).toContain('REHABILITATION');
    await tabs.check('hospital');
  });

  it('the home renews the agreement and uploads the renewal’s signed text', async () => {
    const page = await openAgreement('home', agreementId);
    await page.getByRole('button', { name: /^续\s*签$/ }).click();
    const dialog = page.getByRole('dialog', { name: '续签协议' });
    await dialog.getByText(`留空则为现协议终止日期的次日（${addDays(TODAY, 365)}）`).waitFor();
    await typeDate(page, '终止日期', addDays(TODAY, 729));
    await tabs.check('home');
    await dialog.getByRole('button', { name: /^续\s*签$/ }).click();
    await page.getByText('这是对原协议的续签，内容与原协议相同、期限顺延。').waitFor({ timeout: 30_000 });
    renewalId = new URL(page.url()).searchParams.get('agreement') ?? '';
    expect(renewalId).not.toBe(agreementId);
    await page.getByText(`已提交，等待${institutions.hospital.name}会签。`).waitFor();

    // a renewal is countersigned on its own signed paper
    await choosePaper(page, '乐龄颐养院-榕城人民医院-续签.pdf', signedPdf('renewal'));
    await versions(page).filter({ hasText: '乐龄颐养院-榕城人民医院-续签.pdf' }).waitFor({ timeout: 30_000 });
    const renewal = await read(renewalId);
    expect(renewal).toMatchObject({
      status: 'SUBMITTED',
      predecessorId: agreementId,
      proposedBy: 'elderly',
      term: { effectiveFrom: addDays(TODAY, 365), effectiveTo: addDays(TODAY, 729) },
    });
    expect(renewal.attachedDocument?.fileName).toBe('乐龄颐养院-榕城人民医院-续签.pdf');
    await tabs.check('home');
  });

  it('the hospital countersigns the renewal: signed, in force when the current term ends', async () => {
    const page = await tabs.open('hospital', '/agreements');
    const row = page.getByRole('row').filter({ hasText: '待我方会签' });
    await row.getByRole('link', { name: `查看协议：${institutions.home.name}` }).click({ timeout: 30_000 });
    await page.getByText('这是对原协议的续签，内容与原协议相同、期限顺延。').waitFor();
    await page.getByText('全部要求均已满足。').waitFor();
    await tabs.check('hospital');
    await page.getByRole('button', { name: /^会\s*签$/ }).click();
    await page
      .getByRole('dialog', { name: '会签此协议？' })
      .getByRole('button', { name: /^会\s*签$/ })
      .click();
    await page.getByText(`双方已签署，协议将于 ${addDays(TODAY, 365)} 生效。`).waitFor({ timeout: 30_000 });
    expect((await read(renewalId)).status).toBe('SIGNED');
    await tabs.check('hospital');
  });

  it('the home terminates the agreement with a reason, effective today', async () => {
    const page = await openAgreement('home', agreementId);
    await page.getByRole('link', { name: '续签协议（已签署待生效）' }).waitFor();
    await page.getByRole('button', { name: '终止协议' }).click();
    const dialog = page.getByRole('dialog', { name: '终止协议' });
    expect(await dialog.getByRole('textbox', { name: '终止生效日期' }).inputValue()).toBe(TODAY);
    await dialog.getByLabel('原因').fill('院区搬迁，双方协商自即日起终止本协议。');
    await tabs.check('home');
    await dialog.getByRole('button', { name: '终止协议' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });
    await page.locator('.ant-tag').filter({ hasText: '已终止' }).first().waitFor();
    const ended = await read(agreementId);
    expect(ended.status).toBe('TERMINATED');
    await tabs.check('home');
  });

  it('the status and the history show every step: who (by name), when (CST) and why', async () => {
    const page = await openAgreement('home', agreementId);
    await page.locator('.ant-tag').filter({ hasText: '已终止' }).first().waitFor();
    await page.getByRole('tab', { name: '历史记录' }).click();
    const timeline = page.locator('.ant-timeline');
    await timeline.getByText('原因：院区搬迁，双方协商自即日起终止本协议。').waitFor();
    const history = (await read(agreementId)).history ?? [];
    const actions = history.map((h) => h.action);
    expect(actions).toEqual(expect.arrayContaining(['draft', 'attach-document', 'submit', 'countersign', 'propose-amendment']));
    expect(actions).toEqual(expect.arrayContaining(['countersign-amendment', 'terminate']));
    const text = await timeline.innerText();
    // each line: what, by whom (the name the person signed in with, and the role), at what time in China
    for (const h of history) expect(text).toContain(formatDateTime(h.at));
    for (const line of ['提出修订', '会签修订', '终止', '上传签署文本', '会签'])
      expect(await timeline.getByText(line, { exact: true }).count(), line).toBeGreaterThan(0);
    const lineOf = (action: string) => timeline.locator('.ant-timeline-item').filter({ hasText: action });
    expect(await lineOf('提出修订').innerText()).toContain(`${HOME_ADMIN}（养老机构管理员）`);
    expect(await lineOf('会签修订').innerText()).toContain(`${HOSPITAL_ADMIN}（医疗机构管理员）`);
    expect(await lineOf('终止').first().innerText()).toContain(`${HOME_ADMIN}（养老机构管理员）`);
    expect(await lineOf('终止').first().innerText()).toContain('生效中 → 已终止');
    await page.evaluate(() => window.scrollTo(0, 0));
    await tabs.check('home', 'console-agreement-history.zh-CN');

    // the renewal's own history: proposed by the home, countersigned by the hospital
    const renewal = await read(renewalId);
    await tabs.open('home', `/agreements?agreement=${renewalId}`);
    await page.getByRole('link', { name: '查看原协议' }).waitFor();
    await page.getByRole('tab', { name: '历史记录' }).click();
    const renewalLine = page.locator('.ant-timeline-item').filter({ hasText: '续签' }).first();
    await renewalLine.waitFor();
    expect(await renewalLine.innerText()).toContain(`${HOME_ADMIN}（养老机构管理员）`);
    const countersigned = renewal.history?.find((h) => h.action === 'countersign');
    expect(countersigned?.actor.name).toBe(HOSPITAL_ADMIN);
    expect(await page.locator('.ant-timeline').innerText()).toContain(formatDateTime(countersigned!.at));
    await tabs.check('home');
  });
});
