/** The home page against faked services (fetch stubbed): what it asks for, what each card counts and links to, names, failures. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, problem, stubApi, type Recorded } from '../../test/fakeApi';
import { registeredInstitution } from '../../test/institution';
import { location, renderWithProviders } from '../../test/render';
import type { Principal } from '../../auth/principal';
import { HomePage } from './HomePage';
import { CLINIC_ID, HOME_ID, HOSPITAL_ID, NAMES, institutionStatistics, listedAgreement, listedReferral } from './testing';

/** 2026-11-30 23:30 in China: still the 30th there, already past 15:00 UTC. */
const NOW = new Date('2026-11-30T15:30:00.000Z');
const TODAY = '2026-11-30';

const elderly: Partial<Principal> = { sub: 'u-home', name: '陈建国', roles: ['elderly-admin'], institutionId: HOME_ID };
const medical: Partial<Principal> = { sub: 'u-hosp', name: '王丽', roles: ['medical-admin'], institutionId: HOSPITAL_ID };

const page = <T,>(items: T[], nextCursor: string | null = null) => json({ items, nextCursor });

/** The services as a home with agreements and referrals sees them; `own` answers first. */
function services(own: (r: Recorded) => Response | undefined = () => undefined) {
  return stubApi(own, (r) => {
    const registry = /^\/api\/registry\/v1\/institutions\/([^/]+)$/.exec(r.path);
    if (registry)
      return NAMES[registry[1]]
        ? json(registeredInstitution({ id: registry[1], name: NAMES[registry[1]], category: 'MEDICAL', kind: 'GENERAL_HOSPITAL' }))
        : problem(404, 'INSTITUTION_NOT_FOUND');
    if (r.path === '/api/contract/v1/agreements') {
      const status = r.search.get('status');
      if (r.search.get('expiringWithinDays') === '30')
        return page([
          listedAgreement('e-2', { term: { effectiveFrom: '2025-12-20', effectiveTo: '2026-12-19' } }),
          listedAgreement('e-1', {
            medicalInstitutionId: CLINIC_ID,
            medicalInstitutionName: null,
            mode: 'PRIMARY_CARE',
            term: { effectiveFrom: '2025-12-04', effectiveTo: '2026-12-03' },
          }),
        ]);
      // the in-force list is two pages long
      if (status === 'ACTIVE' && !r.search.get('cursor')) return page([listedAgreement('a-1'), listedAgreement('a-2')], 'next');
      if (status === 'ACTIVE') return page([listedAgreement('a-3')]);
      if (status === 'SIGNED') return page([listedAgreement('s-1', { status: 'SIGNED' })]);
      if (status === 'SUBMITTED')
        return page([
          listedAgreement('f-1', { status: 'SUBMITTED', proposedBy: 'elderly' }),
          listedAgreement('r-1', { status: 'SUBMITTED', proposedBy: 'medical', predecessorId: 'a-1' }),
        ]);
    }
    if (r.path === '/api/referral/v1/referrals') {
      const at = `${TODAY}T01:00:00.000Z`;
      return r.search.get('side') === 'sent'
        ? page([listedReferral('r1', at), listedReferral('r2', at), listedReferral('r3', at)])
        : page([listedReferral('d1', at, { direction: 'DOWN', fromInstitutionId: HOSPITAL_ID, toInstitutionId: HOME_ID })]);
    }
    if (r.path === '/api/referral/v1/referrals/queue') {
      const at = `${TODAY}T01:00:00.000Z`;
      return page([
        listedReferral('q1', at, { overdue: true }),
        listedReferral('q2', at, { status: 'RECEIVED' }),
        listedReferral('q3', at, { status: 'ACCEPTED' }),
      ]);
    }
    if (r.path === '/api/notification/v1/statistics')
      return json(
        institutionStatistics(
          r.search.get('institution')!,
          { requested: { UP: 12, DOWN: 0, total: 12 }, answered: 11, onTimeRate: 10 / 11, acceptanceRate: 9 / 11, arrived: 8, overdue: 1 },
          { requested: { UP: 0, DOWN: 3, total: 3 }, answered: 3 },
        ),
      );
    return undefined;
  });
}

const figure = (id: string) => screen.findByTestId(id, undefined, { timeout: 10_000 });
/** A card's link, once its number is read (named by the figure and the number). */
async function link(id: string): Promise<HTMLAnchorElement> {
  return (await within(await figure(id)).findByRole('link', undefined, { timeout: 10_000 })) as HTMLAnchorElement;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

// the first render in jsdom loads antd's table, card and skeleton
describe('the home page', { timeout: 30_000 }, () => {
  it('a nursing home’s administrator: who they are, the figures linked to where the work is done, and what the API was asked', async () => {
    const calls = services();
    renderWithProviders(<HomePage />, { path: '/home', principal: elderly });
    expect(await screen.findByRole('heading', { level: 2, name: '福州市鼓楼区乐龄颐养院' }, { timeout: 10_000 })).toBeTruthy();
    expect(screen.getByText(/养老机构管理员 陈建国 · 今天：2026-11-30（北京时间）/)).toBeTruthy();

    const inForce = await link('figure-in-force');
    expect(inForce.textContent).toBe('生效中的协议4 份'); // two pages of ACTIVE, one SIGNED
    expect(inForce.getAttribute('href')).toBe('/agreements?filter=inForce');
    expect((await link('figure-expiring')).textContent).toBe('30 天内到期2 份');
    expect((await link('figure-expiring')).getAttribute('href')).toBe('/agreements?filter=expiring');
    expect((await link('figure-sent-today')).textContent).toBe('今日转出3 件');
    expect((await link('figure-sent-today')).getAttribute('href')).toBe('/referrals?tab=outgoing');
    expect((await link('figure-received-today')).textContent).toBe('今日转入1 件');
    expect((await link('figure-received-today')).getAttribute('href')).toBe('/referrals?tab=incoming');
    // the hospital's renewal is for the home to countersign; its own filing is not
    expect((await link('figure-attention')).textContent).toBe('待我方会签1 份');

    const agreements = calls.filter((c) => c.path === '/api/contract/v1/agreements').map((c) => Object.fromEntries(c.search));
    expect(agreements).toEqual(
      expect.arrayContaining([
        { status: 'ACTIVE', limit: '100' },
        { status: 'ACTIVE', limit: '100', cursor: 'next' },
        { status: 'SIGNED', limit: '100' },
        { status: 'SUBMITTED', limit: '100' },
        { expiringWithinDays: '30', limit: '100' },
      ]),
    );
    const referrals = calls.filter((c) => c.path === '/api/referral/v1/referrals').map((c) => Object.fromEntries(c.search));
    expect(referrals).toEqual(
      expect.arrayContaining([
        { side: 'sent', from: TODAY, to: TODAY, limit: '100' },
        { side: 'received', from: TODAY, to: TODAY, limit: '100' },
      ]),
    );
    // a nursing home has no desk
    expect(calls.some((c) => c.path.endsWith('/v1/referrals/queue'))).toBe(false);
    expect(calls.find((c) => c.path === '/api/notification/v1/statistics')!.search.get('institution')).toBe(HOME_ID);
  });

  it('lists the agreements ending soon by the other party’s name, the nearest first, with the days left', async () => {
    services();
    renderWithProviders(<HomePage />, { path: '/home', principal: elderly });
    const table = await screen.findByRole('table', { name: '即将到期的协议' }, { timeout: 10_000 });
    // the clinic's name is not in the contract service's answer: read from the registry
    const clinic = await within(table).findByRole('link', { name: '查看与鼓楼区东街街道社区卫生服务中心的协议' }, { timeout: 10_000 });
    expect(clinic.getAttribute('href')).toBe('/agreements?agreement=e-1');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      '鼓楼区东街街道社区卫生服务中心基层协议合作2026-12-03还有 3 天',
      '福建医科大学附属协和医院多层次医疗服务合作2026-12-19还有 19 天',
    ]);
  });

  it('the figures of the last 30 days: sent beside received, a rate without an answer a dash', async () => {
    services();
    renderWithProviders(<HomePage />, { path: '/home', principal: elderly });
    const table = await screen.findByRole('table', { name: '近 30 天转诊情况' }, { timeout: 10_000 });
    const row = (name: string) => within(table).getByText(name).closest('tr')!;
    await within(table).findByText('转诊申请', undefined, { timeout: 10_000 });
    expect(row('转诊申请').textContent).toBe('转诊申请123');
    expect(row('按时应答率').textContent).toBe('按时应答率90.9%—');
    expect(screen.getByText('2026-11-01 至 2026-11-30（北京时间），按转诊申请、应答与到院的日期统计')).toBeTruthy();
  });

  it('quick actions are what the role may do: a nursing home refers a resident and files an agreement', async () => {
    services();
    renderWithProviders(<HomePage />, { path: '/home', principal: elderly });
    expect(await screen.findByRole('button', { name: /新建合作协议/ }, { timeout: 10_000 })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: /发起上转转诊/ }));
    expect(location.current).toBe('/referrals');
    expect(screen.queryByRole('button', { name: /打开转诊工作台/ })).toBeNull();
  });

  it('a hospital’s administrator: agreements to countersign, the desk’s open referrals and the overdue among them', async () => {
    const calls = services();
    renderWithProviders(<HomePage />, { path: '/home', principal: medical });
    expect(await screen.findByRole('heading', { level: 2, name: '福建医科大学附属协和医院' }, { timeout: 10_000 })).toBeTruthy();
    const attention = await link('figure-attention');
    expect(attention.textContent).toBe('待我方会签1 份'); // the home's filing
    expect(attention.getAttribute('href')).toBe('/agreements?filter=attention');
    const open = await link('figure-open-incoming');
    expect(open.textContent).toBe('未办结的转入3 件');
    expect(open.getAttribute('href')).toBe('/referral-desk');
    // what it holds and the overdue, beside the link and describing it
    const box = await figure('figure-open-incoming');
    expect(within(box).getByText('待响应 2 · 待到院 1 · 在院 0').id).toBe(open.getAttribute('aria-describedby'));
    expect(within(box).getByText('其中 1 件已超时未响应')).toBeTruthy();
    expect((await link('figure-received-today')).getAttribute('href')).toBe('/referral-desk');
    // the desk's own query: the same statuses, the same cache
    expect(calls.find((c) => c.path.endsWith('/v1/referrals/queue'))!.search.get('status')).toBe('REQUESTED,RECEIVED,ACCEPTED,ARRIVED');
    expect(calls.some((c) => c.path === '/api/referral/v1/referrals' && c.search.get('side') === 'sent')).toBe(false);
    expect(screen.queryByRole('button', { name: /新建合作协议/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /发起上转转诊/ })).toBeNull();
    // the other party of an agreement ending soon is the home
    expect(await screen.findByRole('link', { name: '查看与福州市鼓楼区乐龄颐养院的协议' }, { timeout: 10_000 })).toBeTruthy();
  });

  it('a list that cannot be read says so on its card, and is read again on request; the rest stands', async () => {
    let refuse = true;
    const calls = services((r) =>
      r.path === '/api/referral/v1/referrals' && r.search.get('side') === 'sent' && refuse
        ? problem(503, 'TEMPORARILY_UNAVAILABLE')
        : undefined,
    );
    renderWithProviders(<HomePage />, { path: '/home', principal: elderly });
    const card = await figure('figure-sent-today');
    await within(card).findByText('未能读取', undefined, { timeout: 10_000 });
    expect(within(card).queryByRole('link')).toBeNull();
    expect((await link('figure-in-force')).textContent).toBe('生效中的协议4 份');
    refuse = false;
    await userEvent.click(within(card).getByRole('button', { name: /重\s*试/ }));
    expect((await link('figure-sent-today')).textContent).toBe('今日转出3 件');
    expect(calls.filter((c) => c.search.get('side') === 'sent')).toHaveLength(2);
  });

  it('a list longer than the home reads is "at least" its rows', async () => {
    services((r) =>
      r.path === '/api/contract/v1/agreements' && r.search.get('status') === 'SIGNED'
        ? page(
            Array.from({ length: 100 }, (_, i) => listedAgreement(`s-${i}`, { status: 'SIGNED' })),
            `c${Number(r.search.get('cursor')?.slice(1) ?? 0) + 1}`,
          )
        : undefined,
    );
    renderWithProviders(<HomePage />, { path: '/home', principal: elderly });
    // ten pages of SIGNED (1,000) and three ACTIVE
    await waitFor(async () => expect((await link('figure-in-force')).textContent).toBe('生效中的协议至少 1003 份'), { timeout: 10_000 });
  });

  it('the statistics refused: a sentence in their place, the figures above unaffected', async () => {
    services((r) => (r.path === '/api/notification/v1/statistics' ? problem(403, 'ROLE_NOT_ALLOWED') : undefined));
    renderWithProviders(<HomePage />, { path: '/home', principal: elderly });
    expect(await screen.findByText('近 30 天的统计暂时无法读取；上方的数字不受影响。', undefined, { timeout: 10_000 })).toBeTruthy();
    expect((await link('figure-expiring')).textContent).toBe('30 天内到期2 份');
  });

  it('in English', async () => {
    services();
    renderWithProviders(<HomePage />, { path: '/home', principal: elderly, lang: 'en' });
    expect((await link('figure-in-force')).textContent).toBe('Agreements in force4 agreements');
    expect(await screen.findByText('3 days left', undefined, { timeout: 10_000 })).toBeTruthy();
    expect(screen.getByText(/Today: 2026-11-30 \(China Standard Time\)/)).toBeTruthy();
  });
});
