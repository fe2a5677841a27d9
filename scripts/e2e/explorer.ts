/**
 * The node allocation view in a real editor: code-server in chromium with our .vsix. Opens a NodePool
 * manifest, runs "Show node allocation" from its code lens, and drives the webview as a user does (the
 * keyboard on the pods slider, the burst inputs, the what-if form, Apply to file); saves screenshots of the
 * grid, the slider moved, the burst timeline and the what-if applied under test-results/e2e/explorer/, and
 * checks that Apply changed the CNI settings file on disk (after saving it in the editor).
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { openWorkbench } from './browser';
import { startCodeServer } from './codeServer';
import { E2eError, REPO, RESULTS, VSIX, freshDir, log } from './env';
import { makeWorkspace } from './session';
import { quickOpen } from './ui';

const TIMEOUT_MS = 60_000;
const NODES = 'explorer/nodepool.yaml';
const SETTINGS = 'explorer/aws-node.yaml';

/** The webview's document: code-server hosts it in an iframe that holds the active frame. */
function webview(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

async function textOf(view: FrameLocator): Promise<string> {
  return (await view.locator('#text').textContent()) ?? '';
}

/** Waits until the view's text alternative matches `re` (the server answered the latest input). */
async function waitForText(view: FrameLocator, re: RegExp, what: string): Promise<string> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const text = await textOf(view).catch(() => '');
    const busy = await view
      .locator('#pictures')
      .getAttribute('aria-busy')
      .catch(() => 'true');
    if (re.test(text) && busy === 'false') return text;
    if (Date.now() > deadline) throw new E2eError(`${what}: the view's text never matched ${re}:\n${text}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function runExplorerCheck(): Promise<string> {
  const runDir = path.join(RESULTS, 'explorer');
  rmSync(runDir, { recursive: true, force: true });
  freshDir(runDir);
  const workspace = makeWorkspace(runDir);
  cpSync(path.join(REPO, 'test', 'e2e', 'explorer-workspace'), workspace, { recursive: true });
  const server = await startCodeServer({ runDir, workspace, vsixes: [VSIX] });
  const shot = (name: string) => path.join(runDir, name);
  const shots: string[] = [];
  try {
    const wb = await openWorkbench({ url: server.url, folder: workspace, runDir, timeoutMs: TIMEOUT_MS });
    const { page } = wb;
    const save = async (name: string, what: 'page' | 'view' = 'view'): Promise<void> => {
      const target = what === 'page' ? page : page.locator('iframe.webview.ready');
      await target.screenshot({ path: shot(name) });
      shots.push(name);
    };
    try {
      await quickOpen(page, NODES);
      // The NodePool's lens (the first one is its node class's).
      const lens = page
        .locator('.contentWidgets .codelens-decoration a', { hasText: 'Show node allocation (m5.large)' })
        .nth(1);
      await lens.waitFor({ timeout: TIMEOUT_MS });

      // The language status item: the cluster's nodes and the worst finding, with a link to the view.
      await page.locator('[id="status.languageStatus"]').click();
      const hover = page.locator('.hover-language-status');
      await hover.waitFor({ timeout: TIMEOUT_MS });
      await hover.getByText('cluster "explorer"', { exact: false }).waitFor({ timeout: TIMEOUT_MS });
      const status = await hover.innerText();
      if (!/2 nodes/.test(status) || !/Show Node Allocation/.test(status))
        throw new E2eError(`the language status item shows:\n${status}`);
      log('explorer', `language status: ${status.replace(/\s+/g, ' ')}`);
      await save('status.png', 'page');
      await page.keyboard.press('Escape');

      log('explorer', 'code lens up; opening the view');
      await lens.click();
      const view = webview(page);
      await view.locator('#pictures svg').first().waitFor({ timeout: TIMEOUT_MS });
      let text = await waitForText(view, /^NodePool "general"[^\n]*m5\.large with 0 pods/, 'the first view');
      // The view's editor group alone on screen (View: Toggle Maximize Editor Group), as for reading it.
      await page.locator('.tab.active[aria-label*="Allocation"]').click();
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+M');
      await page.waitForTimeout(500);
      const policy = await view.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      if (!policy?.startsWith("default-src 'none'"))
        throw new E2eError(`the webview's CSP is not strict: ${policy}`);
      log('explorer', `view up: ${text.split('\n')[0]}`);
      await save('grid.png');
      await save('workbench.png', 'page');

      // The slider, from the keyboard: 12 pods take the primary ENI's 9 IPs, the second ENI attaches.
      const slider = view.locator('#pods');
      await slider.focus();
      for (let i = 0; i < 12; i++) await slider.press('ArrowRight');
      text = await waitForText(view, /m5\.large with 12 pods[^\n]*3 of 3 ENI slots attached/, 'slider at 12');
      log('explorer', `slider at 12: ${text.split('\n')[0]}`);
      await save('slider.png');

      // Hidden and shown again (another editor on top in its group): the webview is re-created and comes
      // back with its saved state (getState), not from scratch.
      await page
        .locator('.explorer-folders-view .monaco-list-row', { hasText: 'aws-node.yaml' })
        .first()
        .click();
      await page.locator('.tab.active[aria-label*="aws-node.yaml"]').waitFor({ timeout: TIMEOUT_MS });
      await page.locator('.tab[aria-label*="Allocation"]').click();
      await waitForText(webview(page), /m5\.large with 12 pods/, 'the view shown again');
      if ((await webview(page).locator('#pods').inputValue()) !== '12')
        throw new E2eError('the slider did not come back at 12 after the view was hidden and shown');
      log('explorer', 'hidden and shown again: still at 12 pods');

      // The burst timeline for 60 pods on the subnet directive's 3 nodes.
      await view.locator('#burst-pods').fill('60');
      text = await waitForText(view, /Burst of 60 pods on 3 nodes/, 'burst of 60');
      await view.locator('#vcl-h-burst').scrollIntoViewIfNeeded();
      log('explorer', `burst: ${text.split('\n').find((l) => l.startsWith('Burst')) ?? ''}`);
      await save('timeline.png');

      // What if WARM_IP_TARGET=2: side by side, then Apply to file.
      await view.locator('#pictures').evaluate((e) => e.ownerDocument.defaultView?.scrollTo(0, 0));
      await view.locator('.whatif-row .env-name').first().fill('WARM_IP_TARGET');
      await view.locator('.whatif-row .env-value').first().fill('2');
      await view.locator('#whatif-try').click();
      text = await waitForText(view, /What if WARM_IP_TARGET=2: [^\n]*2 warm/, 'what-if');
      await save('whatif.png');
      // The README's picture: the controls and the two grids side by side.
      const box = await page.locator('iframe.webview.ready').boundingBox();
      if (box)
        await page.screenshot({
          path: shot('readme.png'),
          clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, 650) },
        });
      await view.locator('#apply').click();
      await view
        .locator('#apply-note', { hasText: 'Wrote WARM_IP_TARGET=2' })
        .waitFor({ timeout: TIMEOUT_MS });
      await save('whatif-applied.png');
      await save('whatif-applied-workbench.png', 'page');

      // The edit is in the editor, unsaved: open the file from the view's link, save, read it from disk.
      await view.locator('#apply-note button.link').click();
      await page.locator(`.tab.active[aria-label*="aws-node.yaml"]`).waitFor({ timeout: TIMEOUT_MS });
      await page.keyboard.press('Control+S');
      const file = path.join(workspace, SETTINGS);
      const deadline = Date.now() + TIMEOUT_MS;
      let after = readFileSync(file, 'utf8');
      while (!/- name: WARM_IP_TARGET\n\s+value: ["']2["']/.test(after)) {
        if (Date.now() > deadline) throw new E2eError(`Apply did not change ${SETTINGS}:\n${after}`);
        await new Promise((r) => setTimeout(r, 250));
        after = readFileSync(file, 'utf8');
      }
      if (!after.includes('# keep one ENI of addresses warm'))
        throw new E2eError(`Apply lost a comment of ${SETTINGS}:\n${after}`);
      writeFileSync(shot('aws-node.after.yaml'), after);
      log('explorer', `${SETTINGS} after Apply and save has WARM_IP_TARGET "2"`);
      await save('applied-file.png', 'page');
      return `view opened from the code lens, slider, burst, what-if applied and saved; screenshots ${path.relative(process.cwd(), runDir)}/{${shots.join(',')}}`;
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
