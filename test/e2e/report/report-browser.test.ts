/**
 * The HTML report in a real browser: `vpc-cni-lint report examples/ --html FILE`, loaded in headless Chromium
 * (Debian's chromium driven by playwright-core, as the other e2e parts), asserting on its DOM, on its
 * Content-Security-Policy (nothing blocked, nothing loaded), and running axe-core in the page: no serious or
 * critical accessibility violation. Screenshots go to test-results/e2e/report/.
 *
 * Run by `npm run test:e2e` (part `report`; `tsx scripts/e2e/main.ts report` alone), not by `npm test`: it needs
 * chromium, which scripts/e2e/setup.sh installs.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runCli } from '../../../server/src/cli/main';

const REPO = path.resolve(__dirname, '..', '..', '..');
const OUT = process.env.REPORT_E2E_OUT ?? path.join(REPO, 'test-results', 'e2e', 'report');
const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
const AXE = require.resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

describe('report: the HTML report in headless Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;
  let page: Page;
  const blocked: string[] = [];
  const requests: string[] = [];
  const file = path.join(OUT, 'report.html');

  before(async () => {
    mkdirSync(OUT, { recursive: true });
    const r = await runCli([
      'report',
      path.join(REPO, 'examples'),
      '--html',
      file,
      '--what-if',
      'WARM_IP_TARGET=10',
      '--what-if',
      'MINIMUM_IP_TARGET=30',
    ]);
    assert.ok(r.exitCode === 0 || r.exitCode === 1, r.stderr);
    const profile = path.join(OUT, 'chromium');
    mkdirSync(profile, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      env: { ...process.env, XDG_CONFIG_HOME: profile, XDG_CACHE_HOME: profile },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) blocked.push(m.text());
    });
    page.on('request', (req) => requests.push(req.url()));
    await page.goto(pathToFileURL(file).toString());
  });

  after(async () => {
    await browser?.close();
  });

  it('has a node section with a slot grid and a timeline per node, and a summary row per node', async () => {
    const sections = await page.locator('section.node').count();
    assert.ok(sections > 0, 'the examples have nodes');
    assert.equal(await page.locator('#summary tbody tr').count(), sections);
    assert.equal(await page.locator('section.node svg.vcl-grid-pic').count(), sections);
    // every picture is an image with a name and description from its <title>/<desc>
    // (page code as strings: this project's TypeScript has no DOM lib)
    const unnamed = await page.evaluate(`[...document.querySelectorAll('svg[role="img"]')].filter((s) => {
      const ids = (s.getAttribute('aria-labelledby') ?? '').split(' ').filter(Boolean);
      return ids.length !== 2 || ids.some((id) => !document.getElementById(id)?.textContent?.trim());
    }).length`);
    assert.equal(unnamed, 0);
    // the what-if timeline: two panels side by side
    const panels = await page
      .locator('section.node svg.vcl-timeline-pic')
      .first()
      .locator('g.vcl-panel')
      .count();
    assert.equal(panels, 2);
  });

  it('the m5.large grid shows the numbers of the engine (cells per state)', async () => {
    const section = page.locator('section.node', { hasText: 'm5.large' }).first();
    assert.ok((await section.count()) > 0, 'an m5.large node in examples/');
    const used = await section.locator('svg.vcl-grid-pic g.vcl-row rect.vcl-s-used').count();
    const table = await section
      .locator('table')
      .first()
      .locator('tbody tr')
      .first()
      .locator('td')
      .first()
      .textContent();
    assert.equal(String(used), table?.trim(), 'used cells drawn = used slots in the table');
  });

  it('the stylesheet applies under the CSP, and nothing else loads or is blocked', async () => {
    const fill = await page.evaluate(`getComputedStyle(document.querySelector('rect.vcl-s-used')).fill`);
    assert.notEqual(fill, 'rgb(0, 0, 0)', 'the hashed <style> applies');
    assert.deepEqual(blocked, []);
    assert.deepEqual(
      requests.filter((u) => !u.startsWith('file:')),
      [],
    );
    const html = readFileSync(file, 'utf8');
    assert.doesNotMatch(html, /<script|<link|@import|url\(http/i);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;/);
  });

  it('axe-core: no serious or critical accessibility violation', async () => {
    // evaluate() runs axe outside the page's CSP (it blocks every script, as it should)
    await page.evaluate(readFileSync(AXE, 'utf8'));
    const violations = (await page.evaluate(
      `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`,
    )) as AxeViolation[];
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(
      bad.map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`,
      ),
      [],
    );
  });

  it('screenshots: the top of the report and the first node', async () => {
    await page.screenshot({ path: path.join(OUT, 'report-top.png') });
    await page
      .locator('section.node')
      .first()
      .screenshot({ path: path.join(OUT, 'report-node.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page
      .locator('section.node')
      .first()
      .screenshot({ path: path.join(OUT, 'report-node-dark.png') });
    await page.emulateMedia({ colorScheme: 'light', forcedColors: 'active' });
    await page
      .locator('section.node')
      .first()
      .screenshot({ path: path.join(OUT, 'report-node-forced-colors.png') });
  });
});
