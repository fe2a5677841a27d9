/** Debian's chromium driven by playwright-core: opens the code-server workbench on a folder. */
import { mkdirSync, appendFileSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM } from './env';

export interface Workbench {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openWorkbench(opts: {
  url: string;
  folder: string;
  runDir: string;
  timeoutMs: number;
}): Promise<Workbench> {
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(opts.url)) throw new Error(`refusing non-loopback url ${opts.url}`);
  const profile = path.join(opts.runDir, 'chromium');
  mkdirSync(profile, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    // else chromium writes ~/.config/chromium/Crash Reports even with its own profile dir
    env: { ...process.env, XDG_CONFIG_HOME: profile, XDG_CACHE_HOME: profile },
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(opts.timeoutMs);
  const consoleLog = path.join(opts.runDir, 'browser-console.log');
  page.on('console', (m) => appendFileSync(consoleLog, `[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => appendFileSync(consoleLog, `[pageerror] ${e.message}\n`));
  await page.goto(`${opts.url}/?folder=${encodeURIComponent(opts.folder)}`);
  await page.waitForSelector('.monaco-workbench');
  // The explorer lists the folder once the remote connection and file service are up.
  await page.waitForSelector('.explorer-folders-view .monaco-list-row');
  return { context, page, close: () => context.close() };
}
