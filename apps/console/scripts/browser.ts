/**
 * npm run console:browser — the browser the console's browser tests drive: Debian's Chromium and a CJK
 * font (fonts-noto-cjk: without one, Chinese renders as boxes), installed with apt-get when missing (as
 * root). Playwright (playwright-core) never downloads a browser here; it drives this one, so its
 * major version must be the one playwright-core was made for: checked, with a sentence when it is not.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
const ROOT = join(__dirname, '..', '..', '..');

const say = (msg: string) => process.stderr.write(`[console:browser] ${msg}\n`);

/** The Chromium version playwright-core expects (its browsers.json). */
export function expectedChromium(): { playwright: string; chromium: string } {
  const dir = join(ROOT, 'node_modules', 'playwright-core');
  const browsers = JSON.parse(readFileSync(join(dir, 'browsers.json'), 'utf8')) as { browsers: { name: string; browserVersion: string }[] };
  const playwright = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  const chromium = browsers.browsers.find((b) => b.name === 'chromium')?.browserVersion;
  if (!chromium) throw new Error('playwright-core names no Chromium version in its browsers.json');
  return { playwright, chromium };
}

export function installedChromium(): string | undefined {
  if (!existsSync(CHROMIUM)) return undefined;
  const out = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8' });
  return /(\d+\.\d+\.\d+\.\d+)/.exec(out)?.[1];
}

const hasCjkFont = () => spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).stdout?.trim().length > 0;

/** Throws a sentence naming what is missing or mismatched; returns the executable path otherwise. */
export function checkBrowser(): string {
  const installed = installedChromium();
  if (!installed)
    throw new Error(
      `Debian's Chromium is not installed at ${CHROMIUM}: run \`npm run console:browser\` (as root: apt-get install chromium fonts-noto-cjk)`,
    );
  const expected = expectedChromium();
  const major = (v: string) => v.split('.')[0];
  if (major(installed) !== major(expected.chromium)) {
    throw new Error(
      `Debian's Chromium is ${installed} but playwright-core ${expected.playwright} drives Chromium ${major(expected.chromium)} (${expected.chromium}): ` +
        `pin playwright-core to the release made for Chromium ${major(installed)} (package.json), or install a Chromium ${major(expected.chromium)}`,
    );
  }
  if (!hasCjkFont())
    throw new Error(
      'no Chinese font is installed (Chinese would render as boxes): run `npm run console:browser` (apt-get install fonts-noto-cjk)',
    );
  return CHROMIUM;
}

function install(packages: string[]): void {
  if (process.getuid?.() !== 0)
    throw new Error(`installing ${packages.join(' ')} needs root (apt-get); run this as root or install them yourself`);
  say(`installing ${packages.join(' ')} from Debian…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', ...packages],
  ]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${r.status})`);
  }
}

export function ensureBrowser(): string {
  const missing = [...(existsSync(CHROMIUM) ? [] : ['chromium']), ...(hasCjkFont() ? [] : ['fonts-noto-cjk'])];
  if (missing.length > 0) install(missing);
  return checkBrowser();
}

if (require.main === module) {
  try {
    const path = ensureBrowser();
    say(
      `Chromium ${installedChromium()} at ${path}, driven by playwright-core ${expectedChromium().playwright}; a Chinese font is installed`,
    );
  } catch (err) {
    say((err as Error).message);
    process.exit(1);
  }
}
