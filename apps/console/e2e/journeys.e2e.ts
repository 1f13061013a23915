/**
 * Each role's refusals and sanctions, in Debian's Chromium against the real platform (the four services
 * as processes, Kafka, MariaDB, S3Proxy, Keycloak; e2e/platform.ts, e2e/realm.ts), each person signing
 * in on Keycloak's own page with an account made for this run: what the whole story (platform.e2e.ts)
 * does not walk through.
 *
 * A nursing home and a hospital are registered for this run through the API; the home has filed one
 * agreement with the hospital that is in force (for its referrals) and submitted another one with its
 * signed text (e2e/agreement-steps.ts). Then, through the console, each step its own test in order:
 *
 * 1. the registrar registers a new nursing home with the form (a USCC with its GB 32100 check character,
 *    a division picked), sees it in the register, suspends it with a reason from its drawer and sees the
 *    status change; the registry's audit trail shows both, with the registrar's name;
 * 2. the hospital's administrator rejects the submitted agreement with a reason; the home's administrator
 *    sees it rejected, with the reason and who;
 * 3. the home refers two residents up (through the API); the hospital's referral desk claims the first
 *    and rejects it with a coded reason, and the home sees the reason in words on its sent referrals;
 *    the desk returns the second with advice, and the home reads the advice.
 *
 * Every screen is checked with axe-core; one screenshot per journey (docs/screenshots/platform-*.png).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chinaDate } from '@kernel/clock';
import { residentIdCheckCharacter } from '@kernel/resident-id';
import { usccCheckCharacter } from '@kernel/uscc';
import type { Agreement } from '../src/features/agreements/model';
import type { RunningConsole } from '../server/console-server';
import {
  callService,
  fileAndCountersign,
  fileAndSubmit,
  multiLevelAgreement,
  registerHomeAndHospital,
  signedPdf,
  Tabs,
} from './agreement-steps';
import { launch, option } from './harness';
import { startPlatform, type RunningPlatform } from './platform';
import { TestRealm, runId, type Person } from './realm';

const RUN = runId();
const TODAY = chinaDate(new Date());
const REGISTRAR = '郑雅琴';
const HOSPITAL_ADMIN = '林志强';

type Who = 'registrar' | 'home' | 'hospital' | 'desk';

let platform: RunningPlatform;
let realm: TestRealm;
let server: RunningConsole;
let browser: Browser;
const institutions = { home: { id: '', name: '' }, hospital: { id: '', name: '' } };
const people = {} as Record<Who, Person>;
const tokens = { home: '', hospital: '' };
const tabs = new Tabs<Who>(
  () => browser,
  () => server,
  (who) => people[who],
);

/** the nursing home the registrar registers with the form: a USCC of this run's own (民办非企业单位 of 福州市鼓楼区) */
const NEW_HOME = (() => {
  const first17 = `52350102${String(100_000_000 + Math.floor(Math.random() * 899_999_999))}`;
  return { name: `福州市鼓楼区安康护养院（${RUN}）`, uscc: first17 + usccCheckCharacter(first17) };
})();
const SUSPENSION = '消防检查不合格，责令停业整改';

/** the agreement the hospital rejects, and why */
let submittedId = '';
const AGREEMENT_REJECTION = '协议未约定急诊绿色通道的具体响应时限，请补充后重新提交。';

/** the residents the home refers up: one the desk rejects, one it returns with advice */
const resident = (name: string, sex: 'M' | 'F', first17: string) => {
  const idNumber = first17 + residentIdCheckCharacter(first17);
  return { name, sex, idNumber, birthDate: `${first17.slice(6, 10)}-${first17.slice(10, 12)}-${first17.slice(12, 14)}` };
};
const REJECTED = resident('林秀英', 'F', '35010219400502002');
const RETURNED = resident('陈国平', 'M', '35010219380915003');
const REFERRAL_REJECTION = { code: '床位已满', comment: '神经内科床位已满，建议转往就近的卒中中心。' };
const ADVICE = '病情稳定，可在院内继续观察：监测血压，每日两次；如出现言语不清加重，立即拨打 120。';

beforeAll(async () => {
  realm = await TestRealm.open(RUN);
  platform = await startPlatform(RUN);
  server = await realm.serveConsole(platform.apis);
  browser = await launch();

  people.registrar = await realm.person({ role: 'registrar', displayName: REGISTRAR });
  const registrar = await realm.tokenOf(people.registrar);
  Object.assign(institutions, await registerHomeAndHospital(platform, registrar, RUN));
  people.home = await realm.person({ role: 'elderly-admin', displayName: '陈美玲', institutionId: institutions.home.id });
  people.hospital = await realm.person({ role: 'medical-admin', displayName: HOSPITAL_ADMIN, institutionId: institutions.hospital.id });
  people.desk = await realm.person({ role: 'referral-desk', displayName: '王丽娟', institutionId: institutions.hospital.id });
  tokens.home = await realm.tokenOf(people.home);
  tokens.hospital = await realm.tokenOf(people.hospital);
  // the contract service knows both parties before the home files (it learns them from institution.events)
  await platform.applied('contract', 'yiyang.institution.registered.v1', 2);

  const agreement = multiLevelAgreement(
    { elderlyInstitutionId: institutions.home.id, medicalInstitutionId: institutions.hospital.id },
    TODAY,
  );
  // in force, for the referrals
  const inForce = await fileAndCountersign(platform, { filer: tokens.home, countersigner: tokens.hospital }, agreement, {
    fileName: '乐龄颐养院-榕城人民医院-合作协议.pdf',
    bytes: signedPdf(`in force ${RUN}`),
  });
  expect(inForce.status).toBe('ACTIVE');
  // submitted, for the hospital to answer
  const submitted = await fileAndSubmit(
    platform,
    tokens.home,
    { ...agreement, services: [...agreement.services, { code: 'REHABILITATION', frequency: null }] },
    { fileName: '乐龄颐养院-榕城人民医院-康复合作协议.pdf', bytes: signedPdf(`submitted ${RUN}`) },
  );
  expect(submitted.status).toBe('SUBMITTED');
  submittedId = submitted.id;
}, 600_000);

afterAll(async () => {
  await tabs.close();
  await browser?.close();
  await server?.close();
  await platform?.stop();
  await realm?.close();
});

/** The registrar's drawer of the nursing home registered with the form. */
const newHomeDrawer = (page: Page) => page.getByRole('dialog').filter({ hasText: NEW_HOME.uscc });

describe('the registrar registers a nursing home with the form, suspends it, and reads the audit trail', () => {
  it('registers a new nursing home: a USCC with its check character, a division picked; it is in the register', async () => {
    const page = await tabs.open('registrar', '/register');
    await page.getByRole('heading', { level: 2, name: '机构登记' }).waitFor();
    await page.getByRole('button', { name: /登记机构/ }).click();
    await page.getByRole('heading', { level: 2, name: '登记新机构' }).waitFor();

    await page.getByLabel('统一社会信用代码').fill(NEW_HOME.uscc);
    await page.getByLabel('机构名称').fill(NEW_HOME.name);
    await page.getByLabel('机构类别').click();
    await option(page, '养老机构');
    await page.getByLabel('机构类型').click();
    await option(page, '养老院（养老机构）');
    await page.getByRole('radio', { name: '民办' }).check();
    // the division by its name: several cities have a 鼓楼区, this is 福州市's
    const division = page.getByLabel('行政区划');
    await division.click();
    await division.fill('鼓楼');
    await page
      .locator('.ant-cascader-dropdown:not(.ant-cascader-dropdown-hidden) .ant-cascader-menu-item')
      .filter({ hasText: /福建省.*福州市.*鼓楼区/ })
      .click();
    await page.getByLabel('地址').fill('福州市鼓楼区温泉街道五四路 128 号');
    await page.getByLabel('纬度').fill('26.0912');
    await page.getByLabel('经度').fill('119.3051');
    await page.getByLabel('备案号').fill(`榕鼓民养备〔2024〕第${RUN}号`);
    // the date picked in the calendar (Enter in the date field would submit the whole form)
    const filedOn = page.getByRole('textbox', { name: '备案日期' });
    await filedOn.click();
    await filedOn.fill('2024-03-01');
    await page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden) td[title="2024-03-01"]').click();
    expect(await filedOn.inputValue()).toBe('2024-03-01');
    // checked as typed: the check character is right, the division is taken
    const item = (label: string) => page.locator('.ant-form-item').filter({ has: page.getByLabel(label, { exact: true }) });
    expect(await item('统一社会信用代码').locator('.ant-form-item-explain-error').count()).toBe(0);
    await tabs.check('registrar');

    await page.getByRole('button', { name: '提交登记' }).click();
    // registered: its drawer over the register, the list showing it
    const drawer = newHomeDrawer(page);
    await drawer.getByText('福州市鼓楼区温泉街道五四路 128 号').waitFor({ timeout: 30_000 });
    expect(await drawer.getByText('鼓楼区 (350102)').isVisible()).toBe(true);
    expect(await drawer.locator('.ant-tag').filter({ hasText: '正常' }).isVisible()).toBe(true);
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: `机构详情：${NEW_HOME.name}` }) });
    await row.waitFor({ timeout: 30_000 });
    expect(await row.getByText('正常', { exact: true }).isVisible()).toBe(true);
    expect(await row.getByText('养老院（养老机构）').isVisible()).toBe(true);
    await tabs.check('registrar');
  });

  it('suspends it with a reason from its drawer: the drawer and the register show it suspended, and why', async () => {
    const page = tabs.page('registrar');
    const drawer = newHomeDrawer(page);
    await drawer
      .getByRole('group', { name: `对“${NEW_HOME.name}”的操作` })
      .getByRole('button', { name: /^暂\s*停$/ })
      .click();
    const dialog = page.getByRole('dialog', { name: `暂停机构：${NEW_HOME.name}` });
    await dialog.getByText('暂停期间，该机构人员仍可登录查看，但不能签约、转诊等办理业务。可随时恢复。').waitFor();
    await dialog.getByLabel('原因').fill(SUSPENSION);
    await tabs.check('registrar');
    await dialog.getByRole('button', { name: /^暂\s*停$/ }).click();
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });

    await drawer.getByText(SUSPENSION).waitFor({ timeout: 30_000 });
    expect(await drawer.locator('.ant-tag').filter({ hasText: '暂停' }).isVisible()).toBe(true);
    // a suspended institution is reinstated or revoked, no longer suspended
    const actions = drawer.getByRole('group', { name: `对“${NEW_HOME.name}”的操作` });
    expect(await actions.getByRole('button', { name: /^恢\s*复$/ }).isVisible()).toBe(true);
    expect(await actions.getByRole('button', { name: /^暂\s*停$/ }).count()).toBe(0);
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: `机构详情：${NEW_HOME.name}` }) });
    await row.getByText('暂停', { exact: true }).waitFor({ timeout: 30_000 });
    await tabs.check('registrar');
  });

  it('the registry’s audit trail shows the registration and the suspension, each with the registrar’s name', async () => {
    const page = await tabs.open('registrar', '/audit');
    await page.getByRole('heading', { level: 2, name: '审计记录' }).waitFor();
    await page.getByText('范围：全部机构').waitFor();
    const entry = (action: string) => page.getByRole('row').filter({ hasText: action }).filter({ hasText: NEW_HOME.name });
    const suspended = entry('暂停机构');
    await suspended.waitFor({ timeout: 30_000 });
    expect(await suspended.getByText(REGISTRAR, { exact: true }).isVisible()).toBe(true);
    expect(await suspended.getByText('登记管理员').isVisible()).toBe(true);
    expect(await suspended.getByText('状态：正常 → 暂停').isVisible()).toBe(true);
    expect(await suspended.getByText(`原因：${SUSPENSION}`).isVisible()).toBe(true);
    const registered = entry('登记机构');
    await registered.waitFor();
    expect(await registered.getByText(REGISTRAR, { exact: true }).isVisible()).toBe(true);
    expect(await registered.getByText('新建，状态为“正常”').isVisible()).toBe(true);
    // newest first: the suspension above the registration
    const rows = await page.getByRole('row').allInnerTexts();
    const at = (action: string) => rows.findIndex((r) => r.includes(action) && r.includes(NEW_HOME.name));
    expect(at('暂停机构')).toBeLessThan(at('登记机构'));
    await tabs.check('registrar', 'platform-registrar-audit');
  });
});

describe('the hospital’s administrator rejects an agreement the home submitted', () => {
  it('the hospital’s administrator opens the submitted agreement and rejects it with a reason', async () => {
    const page = await tabs.open('hospital', '/agreements');
    await page.getByRole('tab', { name: /待我方处理/ }).waitFor();
    const row = page.getByRole('row').filter({ hasText: '待我方会签' });
    await row.getByRole('link', { name: `查看协议：${institutions.home.name}` }).click({ timeout: 30_000 });
    await page.getByRole('heading', { level: 2, name: `多层次医疗服务合作 · ${institutions.home.name}` }).waitFor();
    await page.getByText(`${institutions.home.name}已提交此协议`, { exact: false }).first().waitFor();
    await tabs.check('hospital');

    await page.getByRole('button', { name: /^退\s*回$/ }).click();
    const dialog = page.getByRole('dialog', { name: '退回协议' });
    await dialog.getByText('对方会看到此原因').waitFor();
    await dialog.getByLabel('原因').fill(AGREEMENT_REJECTION);
    await tabs.check('hospital');
    await dialog.getByRole('button', { name: /^退\s*回$/ }).click();
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });

    await page.locator('.ant-tag').filter({ hasText: '已退回' }).first().waitFor({ timeout: 30_000 });
    await page.getByText(`原因：${AGREEMENT_REJECTION}`).first().waitFor();
    // its own act, said as such (not 'the other party rejected it')
    expect(await page.getByRole('alert').filter({ hasText: '本方已退回此协议。' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: /^会\s*签$/ }).count()).toBe(0);
    const rejected = await callService<Agreement>(platform, 'contract', `/v1/agreements/${submittedId}`, tokens.home);
    expect(rejected.status).toBe('REJECTED');
    await tabs.check('hospital');
  });

  it('the home’s administrator sees it rejected, with the reason and who rejected it', async () => {
    const page = await tabs.open('home', '/agreements?filter=ended');
    const row = page.getByRole('row').filter({ hasText: '已退回' });
    await row.getByRole('link', { name: `查看协议：${institutions.hospital.name}` }).click({ timeout: 30_000 });
    await page.getByRole('heading', { level: 2, name: `多层次医疗服务合作 · ${institutions.hospital.name}` }).waitFor();
    const notice = page.getByRole('alert').filter({ hasText: `${institutions.hospital.name} 已退回此协议。` });
    await notice.waitFor();
    expect(await notice.getByText(`原因：${AGREEMENT_REJECTION}`).isVisible()).toBe(true);
    expect(await page.locator('.ant-tag').filter({ hasText: '已退回' }).first().isVisible()).toBe(true);
    // filed again from a copy, never resubmitted as it is
    expect(await page.getByRole('button', { name: '以此为模板新建' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: '提交对方会签' }).count()).toBe(0);

    await page.getByRole('tab', { name: '历史记录' }).click();
    const line = page.locator('.ant-timeline-item').filter({ hasText: `原因：${AGREEMENT_REJECTION}` });
    await line.waitFor();
    expect(await line.innerText()).toContain(`${HOSPITAL_ADMIN}（医疗机构管理员）`);
    expect(await line.innerText()).toContain('待会签 → 已退回');
    await page.evaluate(() => window.scrollTo(0, 0));
    await tabs.check('home', 'platform-elderly-admin-agreement-rejected');
  });
});

describe('the referral desk rejects one referral with a coded reason and returns another with advice', () => {
  /** The desk's drawer of a resident's referral, once its actions are read. */
  const deskDrawer = (page: Page, who: { idNumber: string }) => page.getByRole('dialog').filter({ hasText: who.idNumber });

  /** The desk opens the resident's referral from its worklist and claims it. */
  async function claim(who: { name: string; idNumber: string }): Promise<Page> {
    const page = await tabs.open('desk', '/referral-desk');
    await page.getByRole('heading', { level: 2, name: '转诊工作台' }).waitFor();
    const row = page.getByRole('list', { name: '转诊工作列表' }).getByRole('listitem').filter({ hasText: who.name });
    await row.getByText(institutions.home.name).waitFor({ timeout: 30_000 });
    await row.getByRole('button', { name: /处\s*理/ }).click();
    const drawer = deskDrawer(page, who);
    await drawer.getByRole('button', { name: /^认\s*领$/ }).click();
    await drawer.getByText('由我认领').waitFor({ timeout: 30_000 });
    return page;
  }

  /** The home's sent referral of the resident, opened in its drawer. */
  async function openSent(who: { name: string; idNumber: string }, status: string): Promise<Page> {
    const page = await tabs.open('home', '/referrals?tab=outgoing');
    const card = page.locator('.ant-card').filter({ has: page.getByText(who.name, { exact: true }) });
    await card.locator('.ant-tag').filter({ hasText: status }).waitFor({ timeout: 30_000 });
    expect(await card.getByText(`上转 → ${institutions.hospital.name}`).isVisible()).toBe(true);
    await card.getByRole('button', { name: new RegExp(`^查\\s*看\\s*：${who.name}$`) }).click();
    await page.getByRole('dialog').filter({ hasText: who.idNumber }).getByText(institutions.hospital.name).first().waitFor();
    return page;
  }

  it('the home refers two residents up; the desk claims the first and rejects it with a coded reason', async () => {
    // the referral service learns of the agreement in force from agreement.events before it takes a referral under it
    await platform.applied('referral', 'yiyang.agreement.activated.v1', 1);
    for (const [who, summary] of [
      [REJECTED, '晨起右侧肢体无力、言语不清约 1 小时，既往高血压 20 年。'],
      [RETURNED, '头晕半天，血压 168/96 mmHg，无肢体无力，既往高血压 15 年。'],
    ] as const) {
      const sent = await callService<{ status: string }>(platform, 'referral', '/v1/referrals', tokens.home, {
        body: {
          direction: 'UP',
          fromInstitutionId: institutions.home.id,
          toInstitutionId: institutions.hospital.id,
          priority: 'URGENT',
          patient: { name: who.name, sex: who.sex, birthDate: who.birthDate, idNumber: who.idNumber, insurance: 'URBAN_EMPLOYEE' },
          indication: 'SUSPECTED_STROKE',
          icd10: 'I63.9',
          summary,
        },
      });
      expect(sent.status).toBe('REQUESTED');
    }

    const page = await claim(REJECTED);
    const drawer = deskDrawer(page, REJECTED);
    await drawer.getByRole('button', { name: /^拒\s*绝$/ }).click();
    const dialog = page.getByRole('dialog', { name: `拒绝：${REJECTED.name}` });
    await dialog.getByLabel('拒绝原因').click();
    await option(page, REFERRAL_REJECTION.code);
    await dialog.getByLabel('说明').fill(REFERRAL_REJECTION.comment);
    await tabs.check('desk');
    await dialog.getByRole('button', { name: /^拒\s*绝$/ }).click();
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });

    await drawer.getByText(`${REFERRAL_REJECTION.code}：${REFERRAL_REJECTION.comment}`).waitFor({ timeout: 30_000 });
    expect(await drawer.locator('.ant-tag').filter({ hasText: '已拒绝' }).isVisible()).toBe(true);
    // nothing left to do with it
    expect(await drawer.getByRole('button', { name: /同意接收|^拒\s*绝$|退回并附建议/ }).count()).toBe(0);
    await tabs.check('desk');
  });

  it('the home’s administrator sees the rejection on its sent referrals, the reason in words', async () => {
    const page = await openSent(REJECTED, '已拒绝');
    const drawer = page.getByRole('dialog').filter({ hasText: REJECTED.idNumber });
    const reason = drawer.getByRole('row').filter({ hasText: '拒绝原因' });
    await reason.getByText(`${REFERRAL_REJECTION.code}：${REFERRAL_REJECTION.comment}`).waitFor({ timeout: 30_000 });
    // the history names the step, who took it and its code in words, never the code itself
    await drawer.getByText(`拒绝 · 已拒绝 · 转诊服务台 王丽娟 · ${REFERRAL_REJECTION.code}`).waitFor({ timeout: 30_000 });
    expect(await drawer.innerText()).not.toContain('CAPACITY_FULL');
    // the answer in view for the photograph (the drawer scrolls on its own)
    await drawer.getByText('答复', { exact: true }).evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
    await tabs.check('home', 'platform-elderly-admin-referral-rejected');
  });

  it('the desk claims the second and returns it with advice', async () => {
    const page = await claim(RETURNED);
    const drawer = deskDrawer(page, RETURNED);
    await drawer.getByRole('button', { name: '退回并附建议' }).click();
    const dialog = page.getByRole('dialog', { name: `退回并附建议：${RETURNED.name}` });
    await dialog.getByLabel('处置建议').fill(ADVICE);
    await tabs.check('desk');
    await dialog.getByRole('button', { name: '退回并附建议' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });

    await drawer.getByText(ADVICE).waitFor({ timeout: 30_000 });
    expect(await drawer.locator('.ant-tag').filter({ hasText: '已退回（附建议）' }).isVisible()).toBe(true);
    await tabs.check('desk');
  });

  it('the home’s administrator reads the advice on its sent referrals', async () => {
    const page = await openSent(RETURNED, '已退回（附建议）');
    const drawer = page.getByRole('dialog').filter({ hasText: RETURNED.idNumber });
    const advice = drawer.getByRole('row').filter({ hasText: '处置建议' });
    await advice.getByText(ADVICE).waitFor({ timeout: 30_000 });
    expect(await drawer.getByRole('row').filter({ hasText: '拒绝原因' }).count()).toBe(0);
    await tabs.check('home');
  });
});
