/**
 * What users see: the workbench in chromium with only our .vsix installed. Opens the example files
 * (the first one is TOML, so our extension must activate on it), waits for squiggles, reads the
 * Problems panel rows and a hover from the page, and saves screenshots under test-results/e2e/ui/.
 */
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { ui } from '../../test/e2e/expectations';
import { openWorkbench } from './browser';
import { startCodeServer } from './codeServer';
import { E2eError, RESULTS, VSIX, freshDir, log } from './env';
import { makeWorkspace } from './session';

const TIMEOUT_MS = 60_000;
const SQUIGGLE =
  '.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-info';

/** Browser-side predicate (a string: the project's tsconfig has no DOM types). */
function anyElementMatches(selector: string, attribute: 'aria-label' | 'innerText', re: RegExp): string {
  const read =
    attribute === 'innerText' ? 'e.innerText' : `(e.getAttribute('aria-label') || e.textContent || '')`;
  return `[...document.querySelectorAll(${JSON.stringify(selector)})].some((e) => new RegExp(${JSON.stringify(
    re.source,
  )}, ${JSON.stringify(re.flags)}).test(${read}))`;
}

/** How the extension host says our extension was activated (for the log). */
function activation(runDir: string): string {
  const logs = path.join(runDir, 'user-data', 'logs');
  for (const session of existsSync(logs) ? readdirSync(logs) : []) {
    for (const host of readdirSync(path.join(logs, session)).filter((d) => d.startsWith('exthost'))) {
      const file = path.join(logs, session, host, 'remoteexthost.log');
      if (!existsSync(file)) continue;
      const line = readFileSync(file, 'utf8')
        .split('\n')
        .find((l) => l.includes('_doActivateExtension vpc-cni-lint.vpc-cni-lint'));
      if (line) return line.replace(/^.*?_doActivateExtension /, 'activated: ');
    }
  }
  return 'activation not found in the extension host log';
}

export async function quickOpen(page: Page, rel: string): Promise<void> {
  const name = path.basename(rel);
  const tab = page.locator(`.tab.active[aria-label*="${name}"]`);
  // Quick Open fills its list asynchronously: pick the row for this file by name, and try again
  // if the editor did not open (a keystroke can land while the widget is still coming up).
  for (let attempt = 1; ; attempt++) {
    const editor = page.locator('.editor-group-container.active .monaco-editor .view-lines');
    if (await editor.count()) await editor.first().click();
    else await page.locator('.monaco-workbench .part.editor').click();
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(rel);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
    try {
      await row.waitFor({ timeout: 20_000 });
      await row.click();
      await tab.waitFor({ timeout: 20_000 });
      break;
    } catch (e) {
      if (attempt === 3) throw new E2eError(`could not open ${rel} with Quick Open: ${(e as Error).message}`);
      log('ui', `Quick Open of ${rel} failed (attempt ${attempt}); again`);
      await page.keyboard.press('Escape');
    }
  }
  await page.waitForSelector('.editor-group-container.active .monaco-editor .view-lines');
}

export async function runUiCheck(): Promise<string> {
  const runDir = path.join(RESULTS, 'ui');
  rmSync(runDir, { recursive: true, force: true });
  freshDir(runDir);
  const workspace = makeWorkspace(runDir);
  const server = await startCodeServer({ runDir, workspace, vsixes: [VSIX] });
  const shot = (name: string) => path.join(runDir, name);
  try {
    const wb = await openWorkbench({ url: server.url, folder: workspace, runDir, timeoutMs: TIMEOUT_MS });
    const { page } = wb;
    try {
      log('ui', 'workbench up');
      for (const [i, file] of ui.files.entries()) {
        await quickOpen(page, file);
        if (i === 0) {
          // A fresh window whose first file is TOML (Plain Text in VS Code without a TOML extension).
          await page.waitForSelector(`.editor-group-container.active :is(${SQUIGGLE})`);
          log('ui', `squiggle in ${file}; ${activation(runDir)}`);
          await page.screenshot({ path: shot('editor.png') });
        }
      }
      await page.keyboard.press('Control+Shift+M');
      await page.waitForSelector('.markers-panel .monaco-list-row');
      for (const re of ui.problems) {
        await page
          .waitForFunction(anyElementMatches('.markers-panel .monaco-list-row', 'aria-label', re))
          .catch(() => {
            throw new E2eError(`no Problems row matches ${re}`);
          });
      }
      const rows = await page.$$eval('.markers-panel .monaco-list-row', (els) =>
        els.map((e) => e.getAttribute('aria-label') ?? ''),
      );
      writeFileSync(shot('problems.json'), JSON.stringify(rows, null, 2));
      // Clicking a row reveals its squiggle in the editor, as users do.
      await page.locator('.markers-panel .monaco-list-row', { hasText: ui.reveal }).first().click();
      await page.waitForSelector(`.editor-group-container.active :is(${SQUIGGLE})`);
      log('ui', `Problems panel:\n    ${rows.join('\n    ')}`);
      await page.screenshot({ path: shot('problems.png') });

      await quickOpen(page, ui.hover.file);
      await page.keyboard.press('Control+G');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
      await page.keyboard.type(ui.hover.at, { delay: 10 });
      await page.keyboard.press('Enter');
      await page.waitForSelector('.quick-input-widget', { state: 'hidden' });
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I'); // editor.action.showHover
      await page
        .waitForFunction(anyElementMatches('.monaco-hover:not(.hidden)', 'innerText', ui.hover.expect))
        .catch(() => {
          throw new E2eError(`no hover matching ${ui.hover.expect} at ${ui.hover.file} ${ui.hover.at}`);
        });
      const hover = await page.locator('.monaco-hover:not(.hidden)').first().innerText();
      writeFileSync(shot('hover.txt'), hover);
      log(
        'ui',
        `hover at ${ui.hover.file} ${ui.hover.at}:\n    ${hover.split('\n').slice(0, 6).join('\n    ')}`,
      );
      await page.screenshot({ path: shot('hover.png') });
      return `${rows.length} Problems rows, hover read; screenshots ${path.relative(process.cwd(), runDir)}/{editor,problems,hover}.png`;
    } catch (e) {
      await page.screenshot({ path: shot('error.png') }).catch(() => undefined);
      throw new E2eError(
        `${(e as Error).message}\n  screenshot ${shot('error.png')}, logs ${server.logFile}, ${path.join(runDir, 'user-data', 'logs')}`,
      );
    } finally {
      await wb.close();
    }
  } finally {
    await server.stop();
  }
}
