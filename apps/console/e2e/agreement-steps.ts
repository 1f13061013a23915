/**
 * What a browser test against the real platform does before and between its steps (the way
 * e2e/platform.e2e.ts does them): institutions registered for this run under names of its own (the demo
 * catalogue's, deploy/local/demo.ts), the services called with a person's token, each role's browser tab
 * signed in on Keycloak's page once and kept from one step to the next, a screen photographed and checked
 * with axe-core, and an agreement filed with its signed text, submitted and countersigned (in force from
 * today) through the contract service's API, as the console does it.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { expect } from 'vitest';
import { addDays } from '@kernel/clock';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Agreement, FileBody } from '../src/features/agreements/model';
import type { RunningConsole } from '../server/console-server';
import { REPO_ROOT } from '../server/settings';
import { accessibilityViolations, chineseContext, screenshot } from './harness';
import type { RunningPlatform } from './platform';
import { signInOnKeycloak, type Person } from './realm';

// the demo data's catalogue and request bodies (loaded by path: deploy/ is type-checked by the root tsconfig)
const demo = (await import(join(REPO_ROOT, 'deploy', 'local', 'demo.ts'))) as {
  INSTITUTIONS: { key: string; registrant: string; divisionCode: string }[];
  registrationBody(seed: unknown): Record<string, unknown> & { name: string; divisionCode: string };
  usccOf(registrant: string, divisionCode: string, organisation8: string): string;
};

/** A small, valid PDF: a signed paper as an institution scanned it (`label` makes each paper's bytes its own). */
export function signedPdf(label = ''): Buffer {
  return Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
      `3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n% ${encodeURIComponent(label)}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  );
}

/** One of the demo catalogue's institutions (by its key, e.g. n-leling, h-general) under a name and USCC of this run's own. */
export function registration(key: string, name: string): Record<string, unknown> & { name: string; uscc: string } {
  const seed = demo.INSTITUTIONS.find((i) => i.key === key);
  if (!seed) throw new Error(`no institution ${key} in the demo catalogue`);
  const organisation = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
  return { ...demo.registrationBody(seed), name, uscc: demo.usccOf(seed.registrant, seed.divisionCode, organisation) };
}

/**
 * The run's nursing home (乐龄颐养院) and general hospital (榕城人民医院), registered by `registrarToken`
 * under names of this run's own; their ids and names.
 */
export async function registerHomeAndHospital(
  platform: RunningPlatform,
  registrarToken: string,
  run: string,
): Promise<Record<'home' | 'hospital', { id: string; name: string }>> {
  const registered = async (key: string, name: string) => {
    const created = await callService<{ id: string }>(platform, 'institution-registry', '/v1/institutions', registrarToken, {
      body: registration(key, name),
    });
    return { id: created.id, name };
  };
  return {
    home: await registered('n-leling', `福州市鼓楼区乐龄颐养院（${run}）`),
    hospital: await registered('h-general', `福州市榕城人民医院（${run}）`),
  };
}

/** A multi-level agreement for a year from `today`: green channel and two-way referral, a monthly round fee. */
export function multiLevelAgreement(parties: Pick<FileBody, 'elderlyInstitutionId' | 'medicalInstitutionId'>, today: string): FileBody {
  return {
    ...parties,
    mode: 'MULTI_LEVEL',
    term: { effectiveFrom: today, effectiveTo: addDays(today, 364) },
    services: [
      { code: 'EMERGENCY_GREEN_CHANNEL', frequency: null },
      { code: 'TWO_WAY_REFERRAL', frequency: null },
    ],
    fees: [{ item: '巡诊服务费', amountFen: 200_000, unit: 'PER_MONTH', payer: 'ELDERLY_PARTY' }],
    responsibilities: {
      elderlyParty: ['建立入住老人健康档案', '发现病情变化及时联系乙方'],
      medicalParty: ['开通双向转诊与急诊绿色通道'],
    },
    breachLiability: '任何一方违约的，应赔偿对方因此遭受的直接损失。',
    site: null,
    entrustment: null,
    staff: [],
  };
}

/** A call to a service as a person (their bearer token); the answer's JSON, or an error with the service's own words. */
export async function callService<T>(
  platform: RunningPlatform,
  service: string,
  path: string,
  token: string,
  init: { method?: string; body?: unknown; raw?: Buffer; headers?: Record<string, string> } = {},
): Promise<T> {
  const method = init.method ?? (init.body === undefined && init.raw === undefined ? 'GET' : 'POST');
  const res = await fetch(`${platform.url(service)}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.raw === undefined ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
    body: init.raw ? new Uint8Array(init.raw) : init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${service} ${method} ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

/**
 * An agreement filed by the first party's administrator (`filer`'s token) with its signed text uploaded
 * at the draft's version, submitted, then countersigned by the other party's (`countersigner`'s):
 * ACTIVE from today when the term begins today. Answers the agreement as the service last answered it.
 */
export async function fileAndCountersign(
  platform: RunningPlatform,
  tokens: { filer: string; countersigner: string },
  body: FileBody,
  paper: { fileName: string; bytes: Buffer },
): Promise<Agreement> {
  const contract = (path: string, token: string, init: Parameters<typeof callService>[4] = {}) =>
    callService<Agreement>(platform, 'contract', path, token, { method: 'POST', ...init });
  const key = (what: string) => ({ 'Idempotency-Key': `${what}-${Date.now()}-${Math.random().toString(16).slice(2)}` });
  const ifMatch = (a: Agreement) => ({ 'If-Match': `"${a.version}"` });
  const draft = await contract('/v1/agreements', tokens.filer, { body, headers: key('file') });
  const uploaded = await contract(`/v1/agreements/${draft.id}/documents`, tokens.filer, {
    raw: paper.bytes,
    headers: {
      'content-type': 'application/pdf',
      'x-content-sha256': createHash('sha256').update(paper.bytes).digest('hex'),
      'x-file-name': encodeURIComponent(paper.fileName),
      ...ifMatch(draft),
      ...key('document'),
    },
  });
  const submitted = await contract(`/v1/agreements/${draft.id}/submit`, tokens.filer, {
    headers: { ...ifMatch(uploaded), ...key('submit') },
  });
  return contract(`/v1/agreements/${draft.id}/countersign`, tokens.countersigner, {
    headers: { ...ifMatch(submitted), ...key('countersign') },
  });
}

/**
 * An agreement filed by the first party's administrator (`filer`'s token) with its signed text uploaded
 * at the draft's version, then submitted: SUBMITTED, for the other party to countersign or reject.
 * Answers the agreement as the service last answered it.
 */
export async function fileAndSubmit(
  platform: RunningPlatform,
  filer: string,
  body: FileBody,
  paper: { fileName: string; bytes: Buffer },
): Promise<Agreement> {
  const contract = (path: string, init: Parameters<typeof callService>[4] = {}) =>
    callService<Agreement>(platform, 'contract', path, filer, { method: 'POST', ...init });
  const key = (what: string) => ({ 'Idempotency-Key': `${what}-${Date.now()}-${Math.random().toString(16).slice(2)}` });
  const draft = await contract('/v1/agreements', { body, headers: key('file') });
  const uploaded = await contract(`/v1/agreements/${draft.id}/documents`, {
    raw: paper.bytes,
    headers: {
      'content-type': 'application/pdf',
      'x-content-sha256': createHash('sha256').update(paper.bytes).digest('hex'),
      'x-file-name': encodeURIComponent(paper.fileName),
      'If-Match': `"${draft.version}"`,
      ...key('document'),
    },
  });
  return contract(`/v1/agreements/${draft.id}/submit`, { headers: { 'If-Match': `"${uploaded.version}"`, ...key('submit') } });
}

/**
 * People's browser tabs against one console: each signed in on Keycloak's page the first time it is
 * asked for, then kept (and taken to another page) from one step of a story to the next.
 */
export class Tabs<Who extends string> {
  private readonly tabs = new Map<Who, { context: BrowserContext; page: Page; problems: string[] }>();

  constructor(
    private readonly browser: () => Browser,
    private readonly server: () => RunningConsole,
    private readonly person: (who: Who) => Person,
  ) {}

  /** The person's tab at `path`, signed in on Keycloak's page the first time. */
  async open(who: Who, path: string): Promise<Page> {
    const tab = this.tabs.get(who);
    if (tab) {
      await tab.page.goto(`${this.server().url}${path}`);
      return tab.page;
    }
    const context = await chineseContext(this.browser());
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    this.tabs.set(who, { context, page, problems });
    await signInOnKeycloak(page, this.server(), this.person(who), path);
    return page;
  }

  /** The person's tab as it is now (opened before). */
  page(who: Who): Page {
    const tab = this.tabs.get(who);
    if (!tab) throw new Error(`${who} has no tab open yet`);
    return tab.page;
  }

  /** Script errors of the person's tab so far. */
  problems(who: Who): string[] {
    return this.tabs.get(who)?.problems ?? [];
  }

  /** The screen checked with axe-core (WCAG 2.1 A/AA) and no script error so far; photographed when `name` is given. */
  async check(who: Who, name?: string): Promise<void> {
    const page = this.page(who);
    await page.mouse.move(5, 5);
    if (name) {
      await page.addStyleTag({ content: '.ant-notification, .ant-message { visibility: hidden !important; }' });
      await page.evaluate(() => document.fonts.ready);
      await screenshot(page, name);
    }
    const violations = await accessibilityViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    expect(this.problems(who)).toEqual([]);
  }

  async close(): Promise<void> {
    for (const { context } of this.tabs.values()) await context.close().catch(() => undefined);
    this.tabs.clear();
  }
}
