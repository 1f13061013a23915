/**
 * What the browser tests share: Debian's Chromium driven by playwright-core (checked, never
 * downloaded), the built console served by the console server, pages in Chinese and China Standard
 * Time with animations off, screenshots into docs/screenshots/, and axe-core.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import axe from 'axe-core';
import { checkBrowser } from '../scripts/browser';
import { startConsoleServer, type RunningConsole } from '../server/console-server';
import { DEFAULT_ASSETS_DIR, REPO_ROOT, consoleOptionsFromEnv } from '../server/settings';

export const SCREENSHOTS = join(REPO_ROOT, 'docs', 'screenshots');

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: checkBrowser(), headless: true });
}

export async function serveConsole(env: NodeJS.ProcessEnv = process.env): Promise<RunningConsole> {
  if (!existsSync(join(DEFAULT_ASSETS_DIR, 'index.html')))
    throw new Error('the console is not built: run `npm run console:build` first (npm run console:e2e does)');
  return startConsoleServer({ ...consoleOptionsFromEnv(env), port: 0, host: '127.0.0.1' });
}

export async function chineseContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    reducedMotion: 'reduce',
    viewport: { width: 1280, height: 800 },
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, animations: 'disabled', fullPage: true });
  return path;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** WCAG 2.1 A/AA violations on the page as it is now (axe-core, evaluated outside the page's CSP). */
export async function accessibilityViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
  });
}
