/**
 * The referral screens in Debian's Chromium, the services answered by the test (as signed-in.e2e.ts):
 * the desk's worklist of 500 referrals (a virtual list), countdowns graded on time / due soon / overdue,
 * an EMERGENCY arriving live on the notification stream announced at once (heard only once sound is
 * on), claimed and accepted with an expected arrival, then "accept and open the next"; and a nursing
 * home referring a resident up (the ID number checked as typed, sex and birth date read from it) and
 * following it on a timeline. The page's clock is frozen, so countdowns in the screenshots hold still.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Route } from 'playwright-core';
import { residentIdCheckCharacter } from '@kernel/resident-id';
import { milestonesFrom } from '../src/features/referrals/testing';
import type { Referral } from '../src/features/referrals/types';
import { accessibilityViolations, describeSuspectedStroke, json, offlineConsole, problemsOf, screenshot, signedInContext } from './harness';

/** The page's frozen "now": 2026-11-30 10:00 China Standard Time. */
const NOW = Date.parse('2026-11-30T02:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const minutes = (n: number) => n * 60_000;

const HOSPITAL = 'c0ffee00-0000-4000-8000-000000000001';
const HOME = 'c0ffee00-0000-4000-8000-0000000000a1';
const HOME_B = 'c0ffee00-0000-4000-8000-0000000000a2';
const CLINIC = 'c0ffee00-0000-4000-8000-000000000002';
const NAMES: Record<string, string> = {
  [HOSPITAL]: '福建医科大学附属协和医院',
  [HOME]: '福州市鼓楼区乐龄颐养院',
  [HOME_B]: '仓山区社会福利院',
  [CLINIC]: '鼓楼区东街街道社区卫生服务中心',
};

let notifications: NotificationStub;
beforeAll(async () => {
  notifications = await startNotificationStub();
});
afterAll(() => notifications?.close());
// started after the stub (it names it), closed before it
const app = offlineConsole(() => ({ CONSOLE_NOTIFICATION_URL: notifications.url }));

/**
 * The notification service, answered by the test over real HTTP (behind the console server's proxy), so
 * the stream stays open as the real one does: the page shows it live, and a notice is sent when the
 * test says so. The inbox is empty.
 */
interface NotificationStub {
  url: string;
  /** open streams and the Authorization header each was opened with */
  streams: { authorization?: string; open: boolean }[];
  send(notice: object & { id: string }): void;
  close(): Promise<void>;
}

async function startNotificationStub(): Promise<NotificationStub> {
  const open = new Set<ServerResponse>();
  const streams: NotificationStub['streams'] = [];
  const http: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://stub').pathname;
    if (path === '/v1/stream') {
      const entry = { authorization: req.headers.authorization, open: true };
      streams.push(entry);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(': connected\n\n');
      open.add(res);
      req.on('close', () => {
        entry.open = false;
        open.delete(res);
      });
      return;
    }
    res.writeHead(path.startsWith('/v1/inbox') ? 200 : 404, { 'content-type': 'application/json' });
    res.end(path === '/v1/inbox/unread-count' ? '{"unread":0}' : path === '/v1/inbox' ? '{"items":[],"nextCursor":null}' : '{}');
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    streams,
    send: (notice) => open.forEach((res) => res.write(`id: ${notice.id}\nevent: notification\ndata: ${JSON.stringify(notice)}\n\n`)),
    close: () =>
      new Promise<void>((resolve) => {
        open.forEach((res) => res.end());
        http.close(() => resolve());
      }),
  };
}

/** A session in this tab's storage, valid for an hour of the page's frozen clock. */
async function signedInAs(claims: Record<string, unknown>): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await signedInContext(app.browser, claims, NOW);
  // count the chimes: every oscillator started is a tone played
  await context.addInitScript(() => {
    const w = window as unknown as { __tones: number; __audioContexts: number; AudioContext: typeof AudioContext };
    w.__tones = 0;
    w.__audioContexts = 0;
    const Original = w.AudioContext;
    w.AudioContext = class extends Original {
      constructor(options?: AudioContextOptions) {
        super(options);
        w.__audioContexts += 1;
      }
      override createOscillator(): OscillatorNode {
        const osc = super.createOscillator();
        const start = osc.start.bind(osc);
        osc.start = (when?: number) => {
          w.__tones += 1;
          start(when);
        };
        return osc;
      }
    };
  });
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date(NOW));
  return { context, page, problems: problemsOf(page) };
}

const idNumber = (n: number, born: string) => {
  const first17 = `350102${born}${String(n % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
};

const WINDOW = { EMERGENCY: 15, URGENT: 120, ROUTINE: 1440 } as const;
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['秀英', '桂兰', '玉珍', '德福', '建国', '淑珍', '国华', '凤英', '志强', '丽华', '振华', '秀兰', '春生', '金花', '宝山'];

/** A referral as the service answers it, requested `ago` minutes before the page's now. */
function referral(id: string, n: number, o: Partial<Referral> & { ago?: number } = {}): Referral {
  const { ago = 30, milestones, ...rest } = o;
  const priority = rest.priority ?? 'ROUTINE';
  const status = rest.status ?? 'REQUESTED';
  const requestedAt = NOW - minutes(ago);
  const deadline = requestedAt + minutes(WINDOW[priority]);
  const awaiting = status === 'REQUESTED' || status === 'RECEIVED';
  const born = `19${30 + (n % 20)}0${1 + (n % 9)}1${n % 10}`;
  return {
    id,
    version: 1,
    status,
    direction: 'UP',
    priority,
    fromInstitutionId: n % 3 === 0 ? HOME_B : HOME,
    toInstitutionId: HOSPITAL,
    agreementId: 'a-1',
    via: 'TWO_WAY_REFERRAL',
    patient: {
      ref: `p-${n}`,
      name: `${SURNAMES[n % SURNAMES.length]}${GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length]}`,
      sex: n % 2 === 0 ? 'F' : 'M',
      birthDate: `${born.slice(0, 4)}-${born.slice(4, 6)}-${born.slice(6, 8)}`,
      idNumber: idNumber(n * 2 + (n % 2 === 0 ? 0 : 1), born),
      insurance: 'URBAN_EMPLOYEE',
    },
    indication: (
      ['ACUTE_EXACERBATION', 'SUSPECTED_STROKE', 'CHEST_PAIN', 'FALL_OR_FRACTURE', 'INFECTION_OR_FEVER', 'NEEDS_DIAGNOSTICS'] as const
    )[n % 6],
    icd10: null,
    summary: '慢阻肺病史 10 年，近 2 日咳喘加重，夜间不能平卧。',
    vitals: { bpSystolic: 150, bpDiastolic: 90, heartRate: 102, spo2: 89 },
    rejectionReason: null,
    deadlineAt: iso(deadline),
    expiresAt: iso(deadline + minutes(WINDOW[priority] * 3)),
    timeLeftSeconds: awaiting ? Math.floor((deadline - NOW) / 1000) : null,
    overdue: awaiting && NOW > deadline,
    claimedBy: null,
    expectedArrivalAt: null,
    milestones: milestonesFrom(iso(requestedAt), milestones),
    parentReferralId: null,
    linkedReferralId: null,
    allowedActions:
      status === 'REQUESTED'
        ? ['receive']
        : status === 'RECEIVED'
          ? ['accept', 'reject', 'return', 'release']
          : status === 'ACCEPTED'
            ? ['arrive']
            : status === 'ARRIVED'
              ? ['complete']
              : [],
    createdAt: iso(requestedAt),
    updatedAt: iso(requestedAt),
    history: [
      {
        at: iso(requestedAt),
        action: 'request',
        from: null,
        to: 'REQUESTED',
        actor: { id: 'u-home', role: 'elderly-admin' },
        code: priority,
      },
    ],
    ...rest,
  } as Referral;
}

/**
 * A referral's attachments (docs/api/referral.md): none until one is posted (the file itself as the
 * body, If-Match the referral's version) by the page's side; each post is kept and listed, oldest first.
 */
const attachedFiles = new Map<string, object[]>();
async function attachments(route: Route, referral: Referral, side: 'sender' | 'receiver') {
  const req = route.request();
  const items = attachedFiles.get(referral.id) ?? [];
  if (req.method() !== 'POST') return json(route, { items });
  if (req.headers()['if-match'] !== `"${referral.version}"`) return json(route, { status: 409, code: 'STALE_VERSION' }, 409);
  const bytes = req.postDataBuffer() ?? Buffer.alloc(0);
  const made = {
    id: `a77ac4ed-0000-4000-8000-${String(items.length + 1).padStart(12, '0')}`,
    fileName: decodeURIComponent(req.headers()['x-file-name'] ?? 'file'),
    mediaType: req.headers()['content-type'],
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    side,
    uploadedAt: iso(NOW),
  };
  attachedFiles.set(referral.id, [...items, made]);
  return json(route, { ...made, referralVersion: referral.version + 1 }, 201);
}

/** The corner's notices and messages come and go: hidden before a photograph, so they hide nothing of the page. */
async function closeToasts(page: Page) {
  await page.addStyleTag({ content: '.ant-notification, .ant-message { visibility: hidden !important; }' });
}

const uuid = (n: number) => `5e1f0000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Institutions' names from the registry. */
async function registryRoutes(page: Page) {
  await page.route(`${app.server.url}/api/registry/**`, (route) => {
    const id = new URL(route.request().url()).pathname.split('/').pop()!;
    return NAMES[id] ? json(route, { id, name: NAMES[id], status: 'ACTIVE' }) : route.fulfill({ status: 404 });
  });
}

/** The stream is open: the page is live. */
async function live(page: Page) {
  await expect.poll(() => notifications.streams.filter((s) => s.open).length).toBeGreaterThan(0);
  await page.getByText('实时更新中').waitFor();
}

const notice = (id: string, referralId: string) => ({
  id,
  type: 'yiyang.referral.requested.v1',
  title: '新急诊上转转诊',
  body: '福州市鼓楼区乐龄颐养院发来急诊上转转诊（350102********0013），请于 10:15 前响应',
  resource: `/v1/referrals/${referralId}`,
  createdAt: iso(NOW),
  readAt: null,
});

describe('the referral desk', () => {
  it('a live worklist of 500: countdowns, an emergency announced (heard once sound is on), claimed and accepted, then the next', async () => {
    const { context, page, problems } = await signedInAs({
      sub: 'u-desk',
      roles: ['referral-desk'],
      name: '郑晓燕',
      institutionId: HOSPITAL,
    });

    // the worklist: 495 waiting, and a few of every kind
    const OVERDUE = uuid(9001);
    const DUE_SOON = uuid(9002);
    const EXPECTED = uuid(9003);
    const ADMITTED = uuid(9004);
    const state = new Map<string, Referral>();
    const put = (r: Referral) => state.set(r.id, r);
    for (let n = 0; n < 495; n++) put(referral(uuid(n), n, { priority: n % 7 === 0 ? 'URGENT' : 'ROUTINE', ago: 5 + ((n * 37) % 100) }));
    put(
      referral(OVERDUE, 600, {
        priority: 'URGENT',
        ago: 130,
        overdue: true,
        patient: { ...referral(OVERDUE, 600).patient, name: '郭玉兰' },
      }),
    );
    put(
      referral(DUE_SOON, 601, {
        priority: 'EMERGENCY',
        ago: 11,
        status: 'RECEIVED',
        version: 2,
        claimedBy: 'u-colleague',
        patient: { ...referral(DUE_SOON, 601).patient, name: '周振华' },
      }),
    );
    put(referral(EXPECTED, 602, { priority: 'URGENT', ago: 50, status: 'ACCEPTED', expectedArrivalAt: iso(NOW + minutes(40)) }));
    put(
      referral(ADMITTED, 603, {
        priority: 'URGENT',
        ago: 300,
        status: 'ARRIVED',
        milestones: { arrivedAt: iso(NOW - minutes(90)) } as Referral['milestones'],
      }),
    );
    // what arrives live
    const LIVE_A = uuid(9101);
    const LIVE_B = uuid(9102);
    const liveA = referral(LIVE_A, 701, {
      fromInstitutionId: HOME,
      priority: 'EMERGENCY',
      ago: 1,
      indication: 'SUSPECTED_STROKE',
      patient: { ...referral(LIVE_A, 701).patient, name: '林秀英' },
    });
    const liveB = referral(LIVE_B, 702, {
      fromInstitutionId: HOME,
      priority: 'EMERGENCY',
      ago: 0,
      indication: 'CHEST_PAIN',
      patient: { ...referral(LIVE_B, 702).patient, name: '王德福' },
    });

    const steps: { path: string; ifMatch?: string; body?: unknown }[] = [];
    let queueCalls = 0;
    await page.route(`${app.server.url}/api/referral/**`, async (route) => {
      const req = route.request();
      const url = new URL(req.url());
      expect(req.headers().authorization).toMatch(/^Bearer eyJ/);
      if (url.pathname.endsWith('/v1/referrals/queue')) {
        queueCalls += 1;
        expect(url.searchParams.get('status')).toBe('REQUESTED,RECEIVED,ACCEPTED,ARRIVED');
        const all = [...state.values()];
        const from = Number(url.searchParams.get('cursor') ?? 0);
        const limit = Number(url.searchParams.get('limit'));
        return json(route, { items: all.slice(from, from + limit), nextCursor: from + limit < all.length ? String(from + limit) : null });
      }
      const [, id, action] = /\/v1\/referrals\/([^/]+)(?:\/(\w+))?$/.exec(url.pathname) ?? [];
      const current = state.get(id);
      if (!current) return route.fulfill({ status: 404 });
      if (action === 'attachments') return attachments(route, current, 'receiver');
      if (req.method() === 'GET') return json(route, current);
      steps.push({ path: `${id}/${action}`, ifMatch: req.headers()['if-match'], body: req.postDataJSON() ?? undefined });
      const at = iso(NOW);
      const history = [
        ...(current.history ?? []),
        { at, action, from: current.status, to: current.status, actor: { id: 'u-desk', role: 'referral-desk' }, code: null },
      ];
      let next: Referral;
      if (action === 'receive') {
        next = {
          ...current,
          version: current.version + 1,
          status: 'RECEIVED',
          claimedBy: 'u-desk',
          allowedActions: ['accept', 'reject', 'return', 'release'],
          milestones: { ...current.milestones, receivedAt: at },
        };
      } else if (action === 'accept') {
        const { expectedArrivalAt } = req.postDataJSON() as { expectedArrivalAt: string };
        next = {
          ...current,
          version: current.version + 1,
          status: 'ACCEPTED',
          expectedArrivalAt,
          timeLeftSeconds: null,
          overdue: false,
          allowedActions: ['arrive'],
          milestones: { ...current.milestones, answeredAt: at },
        };
      } else return route.fulfill({ status: 409 });
      next = { ...next, history: history.map((h, i) => (i === history.length - 1 ? { ...h, to: next.status } : h)) as Referral['history'] };
      put(next);
      return json(route, next);
    });

    await registryRoutes(page);

    await page.goto(`${app.server.url}/referral-desk`);
    await page.getByRole('heading', { level: 2, name: '转诊工作台' }).waitFor();
    await page.getByRole('radio', { name: '待响应（497）' }).waitFor({ state: 'attached' });
    expect(queueCalls).toBe(5); // 499 open referrals, a hundred a page
    expect(await page.getByRole('radio', { name: '待到院（1）' }).count()).toBe(1);
    expect(await page.getByText('所属机构：福建医科大学附属协和医院').isVisible()).toBe(true);

    // a virtual list: only the rows in view are in the page; emergencies first, then the nearest deadline
    const list = page.getByRole('list', { name: '转诊工作列表' });
    const rows = list.getByRole('listitem');
    expect(await rows.count()).toBeLessThan(40);
    expect(await rows.first().getAttribute('aria-setsize')).toBe('497');
    await expect.poll(() => rows.first().textContent()).toContain('周振华');
    const dueSoon = rows.filter({ hasText: '周振华' });
    expect(await dueSoon.getByText('即将超时，剩余 4:00').isVisible()).toBe(true);
    expect(await dueSoon.getByText('已由同事认领').isVisible()).toBe(true);
    const overdue = rows.filter({ hasText: '郭玉兰' });
    expect(await overdue.getByText('已超时 10:00').isVisible()).toBe(true);
    expect(await overdue.locator('[data-countdown="overdue"] .anticon').count()).toBe(1);

    // an emergency arrives on the stream: announced at once, silently (sound is off)
    await live(page);
    expect(notifications.streams.at(-1)?.authorization).toMatch(/^Bearer eyJ/);
    const listTop = (await page.getByTestId('worklist').boundingBox())!.y;
    put(liveA);
    notifications.send(notice('901', LIVE_A));
    const announcement = page.getByTestId('emergency-announcement');
    await announcement.getByText('新急诊转诊：林秀英（疑似脑卒中），来自福州市鼓楼区乐龄颐养院').waitFor();
    expect(await announcement.getAttribute('role')).toBe('alert');
    expect((await page.getByTestId('worklist').boundingBox())!.y).toBe(listTop); // the announcement moved nothing
    // in its place among the others (after the emergency due in 4 minutes), marked new
    const arrived = rows.filter({ hasText: '林秀英' });
    await arrived.waitFor();
    expect(await arrived.getAttribute('aria-posinset')).toBe('2');
    expect(await arrived.getByText('新', { exact: true }).isVisible()).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __tones: number }).__tones)).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __audioContexts: number }).__audioContexts)).toBe(0);
    await page.mouse.move(5, 5);
    await closeToasts(page);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-referral-desk.zh-CN');
    let violations = await accessibilityViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    // the same worklist in English, then back to Chinese
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Referral desk' }).waitFor();
    await page.mouse.move(5, 5);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-referral-desk.en');
    violations = await accessibilityViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    await page.getByText('中文', { exact: true }).click();
    await page.getByRole('heading', { level: 2, name: '转诊工作台' }).waitFor();

    // with sound on, the next emergency is heard too; it arrives while the pointer is on the list:
    // announced at once, but no row moves under the pointer until it leaves
    await page.getByRole('switch', { name: '提示音' }).click();
    const before = await rows.evaluateAll((items) => items.slice(0, 8).map((i) => i.textContent));
    await page.getByTestId('worklist').hover({ position: { x: 300, y: 100 } });
    put(liveB);
    notifications.send(notice('902', LIVE_B));
    await announcement.getByText('新急诊转诊：王德福（胸痛），来自福州市鼓楼区乐龄颐养院').waitFor();
    await expect.poll(() => page.evaluate(() => (window as unknown as { __tones: number }).__tones)).toBeGreaterThan(0);
    await page.getByText('有 1 条新转诊，鼠标移开列表后加入').waitFor();
    expect(await rows.evaluateAll((items) => items.slice(0, 8).map((i) => i.textContent))).toEqual(before);
    await page.mouse.move(5, 5);
    await expect.poll(async () => rows.filter({ hasText: '王德福' }).getAttribute('aria-posinset')).toBe('3');

    // 500 rows scroll through: the last ones are there at the bottom, still only a few in the page
    const scroller = page.getByTestId('worklist');
    await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect.poll(async () => Number(await rows.last().getAttribute('aria-posinset'))).toBe(499);
    expect(await rows.count()).toBeLessThan(40);
    await scroller.evaluate((el) => (el.scrollTop = 0));

    // open it from the announcement, claim it, accept it with an expected arrival, and go on to the next
    await announcement.getByRole('button', { name: '立即处理' }).click();
    const drawer = page.getByRole('dialog').filter({ hasText: '王德福' });
    await drawer.getByRole('button', { name: /^认\s*领$/ }).click();
    await drawer.getByText('由我认领').waitFor();
    await drawer.getByRole('button', { name: '同意接收' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '预计到达时间' });
    await dialog.getByText('约 2026-11-30 10:30 到达').waitFor(); // an emergency: 30 minutes by default
    await dialog.getByText('1 小时内').click();
    await dialog.getByText('约 2026-11-30 11:00 到达').waitFor();
    await closeToasts(page);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-referral-accept.zh-CN');
    violations = await accessibilityViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    await dialog.getByRole('button', { name: '同意并处理下一条' }).click();

    // the next: the emergency with the nearest deadline (claimed by a colleague, 4 minutes left)
    await page.waitForURL((url) => url.searchParams.get('referral') === DUE_SOON);
    await page.getByRole('dialog').filter({ hasText: '周振华' }).getByText('已由同事认领').waitFor();
    expect(steps).toEqual([
      { path: `${LIVE_B}/receive`, ifMatch: '"1"', body: undefined },
      { path: `${LIVE_B}/accept`, ifMatch: '"2"', body: { expectedArrivalAt: iso(NOW + minutes(60)) } },
    ]);
    expect(await page.getByRole('radio', { name: '待到院（2）' }).count()).toBe(1);
    await closeToasts(page);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-referral-drawer.zh-CN');
    violations = await accessibilityViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('a nursing home refers a resident up', () => {
  it('the form checks the ID number as it is typed and reads sex and birth date from it; the referral is followed on a timeline', async () => {
    const { context, page, problems } = await signedInAs({ sub: 'u-home', roles: ['elderly-admin'], name: '陈建国', institutionId: HOME });
    const MAN = idNumber(1, '19410502');
    const created: Referral[] = [];
    const older = [
      referral(uuid(1), 11, {
        fromInstitutionId: HOME,
        priority: 'URGENT',
        ago: 600,
        status: 'ACCEPTED',
        expectedArrivalAt: iso(NOW + minutes(40)),
        milestones: { receivedAt: iso(NOW - minutes(590)), answeredAt: iso(NOW - minutes(585)) } as Referral['milestones'],
      }),
      referral(uuid(2), 12, {
        fromInstitutionId: HOME,
        priority: 'ROUTINE',
        ago: 4000,
        status: 'COMPLETED',
        linkedReferralId: uuid(3),
        milestones: {
          receivedAt: iso(NOW - minutes(3990)),
          answeredAt: iso(NOW - minutes(3980)),
          arrivedAt: iso(NOW - minutes(3900)),
          completedAt: iso(NOW - minutes(100)),
          closedAt: iso(NOW - minutes(100)),
        } as Referral['milestones'],
      }),
      referral(uuid(4), 14, {
        fromInstitutionId: HOME,
        priority: 'ROUTINE',
        ago: 9000,
        status: 'REJECTED',
        rejectionReason: 'CAPACITY_FULL',
        milestones: {
          receivedAt: iso(NOW - minutes(8990)),
          answeredAt: iso(NOW - minutes(8900)),
          closedAt: iso(NOW - minutes(8900)),
        } as Referral['milestones'],
      }),
    ];
    const comingBack = referral(uuid(3), 12, {
      direction: 'DOWN',
      fromInstitutionId: HOSPITAL,
      toInstitutionId: HOME,
      indication: 'STABLE_POST_ACUTE',
      parentReferralId: uuid(2),
      ago: 100,
    });

    let posted: unknown;
    await page.route(`${app.server.url}/api/contract/**`, (route) =>
      json(route, {
        items: [
          {
            id: 'a-1',
            status: 'ACTIVE',
            elderlyInstitutionId: HOME,
            medicalInstitutionId: HOSPITAL,
            services: [{ code: 'TWO_WAY_REFERRAL', frequency: null }],
          },
          {
            id: 'a-2',
            status: 'ACTIVE',
            elderlyInstitutionId: HOME,
            medicalInstitutionId: CLINIC,
            services: [{ code: 'EMERGENCY_GREEN_CHANNEL', frequency: null }],
          },
        ],
        nextCursor: null,
      }),
    );
    await page.route(`${app.server.url}/api/referral/**`, (route) => {
      const req = route.request();
      const url = new URL(req.url());
      if (url.pathname.endsWith('/v1/referrals') && req.method() === 'POST') {
        posted = req.postDataJSON();
        const body = posted as { priority: 'URGENT'; patient: Referral['patient']; indication: Referral['indication'] };
        const r = referral(uuid(5), 15, {
          fromInstitutionId: HOME,
          priority: body.priority,
          ago: 0,
          patient: { ...body.patient, ref: 'p-new' },
          indication: body.indication,
          allowedActions: ['cancel'],
        });
        created.push(r);
        return json(route, r, 201);
      }
      if (url.pathname.endsWith('/v1/referrals/outgoing')) return json(route, { items: [...created, ...older], nextCursor: null });
      if (url.pathname.endsWith('/v1/referrals/queue')) return json(route, { items: [comingBack], nextCursor: null });
      const attached = /\/v1\/referrals\/([^/]+)\/attachments$/.exec(url.pathname);
      const referred = [...created, ...older, comingBack].find((r) => r.id === attached?.[1]);
      if (referred) return attachments(route, referred, 'sender');
      const id = url.pathname.split('/').pop();
      const found = [...created, ...older, comingBack].find((r) => r.id === id);
      return found ? json(route, found) : route.fulfill({ status: 404 });
    });
    await registryRoutes(page);

    await page.goto(`${app.server.url}/referrals`);
    await page.getByRole('heading', { level: 2, name: '双向转诊' }).waitFor();
    expect(await page.getByRole('tab', { name: '发起上转', selected: true }).count()).toBe(1);

    await page.getByLabel('姓名').fill('张三');
    // a wrong check character is refused as it is typed
    const id = page.getByLabel('公民身份号码');
    await id.pressSequentially(MAN.slice(0, 17) + (MAN[17] === '0' ? '1' : '0'));
    await page.getByText('公民身份号码校验位不正确，请核对').waitFor();
    await id.fill('');
    await id.pressSequentially(MAN);
    await page.getByText('公民身份号码校验位不正确，请核对').waitFor({ state: 'detached' });
    expect(await page.getByLabel('性别').inputValue()).toBe('男');
    expect(await page.getByLabel('出生日期').inputValue()).toBe('1941-05-02');

    await describeSuspectedStroke(page);
    await page.getByLabel('收缩压（mmHg）').fill('182');
    await page.getByLabel('舒张压（mmHg）').fill('100');
    await page.getByLabel('心率（次/分）').fill('96');
    await page.getByLabel('接收机构').click();
    // the clinic covers only the green channel: offered for an emergency, not for this urgent referral
    expect(await page.locator('.ant-select-item-option-disabled[title="鼓楼区东街街道社区卫生服务中心（仅急诊绿色通道）"]').count()).toBe(
      1,
    );
    await page.locator('.ant-select-item-option[title="福建医科大学附属协和医院"]').click();
    await page.mouse.move(5, 5);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-referral-new.zh-CN');
    let violations = await accessibilityViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

    await page.getByRole('button', { name: '提交转诊' }).click();
    await page.waitForURL(/tab=outgoing/);
    expect(posted).toEqual({
      direction: 'UP',
      fromInstitutionId: HOME,
      toInstitutionId: HOSPITAL,
      priority: 'URGENT',
      patient: { name: '张三', sex: 'M', birthDate: '1941-05-02', idNumber: MAN, insurance: 'URBAN_EMPLOYEE' },
      indication: 'SUSPECTED_STROKE',
      icd10: 'I63.9',
      summary: '晨起右侧肢体无力、言语不清约 1 小时，既往高血压 20 年。',
      vitals: { bpSystolic: 182, bpDiastolic: 100, heartRate: 96 },
    });

    // followed on a timeline, with the time left to answer
    const card = page.locator(`[data-referral="${uuid(5)}"]`);
    await card.getByText('剩余 2:00:00').waitFor();
    await closeToasts(page);
    expect(await card.getByText('福建医科大学附属协和医院').isVisible()).toBe(true);
    expect(await card.getByText('已发出').isVisible()).toBe(true);
    expect(
      await page
        .locator(`[data-referral="${uuid(4)}"]`)
        .getByText('已拒绝')
        .first()
        .isVisible(),
    ).toBe(true);
    await page.mouse.move(5, 5);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-referral-outgoing.zh-CN');
    violations = await accessibilityViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    // the same timeline in English, then back to Chinese
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('tab', { name: 'Sent referrals', selected: true }).waitFor();
    await page.mouse.move(5, 5);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'console-referral-outgoing.en');
    violations = await accessibilityViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    await page.getByText('中文', { exact: true }).click();
    await page.getByRole('tab', { name: '转出跟踪', selected: true }).waitFor();

    // and the residents coming back down
    await page.getByRole('tab', { name: '回转接收' }).click();
    await page.getByRole('list', { name: '转诊工作列表' }).getByText(comingBack.patient.name, { exact: true }).waitFor();
    expect(await page.getByRole('list', { name: '转诊工作列表' }).getByText('福建医科大学附属协和医院').isVisible()).toBe(true);
    violations = await accessibilityViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
