/**
 * `npm run test:e2e`: the end-to-end checks, in real editors.
 *
 *   tsx scripts/e2e/main.ts [suite] [yaml] [ui] [explorer] [nvim] [report]     (no argument = all six)
 *
 * - suite: the mocha suite (test/e2e/suite) in code-server with the packaged .vsix installed
 * - yaml:  the coexistence suite (test/e2e/yaml-coexistence) with a redhat.vscode-yaml stand-in
 * - ui:    the workbench in chromium: Problems panel rows, a hover, screenshots
 * - explorer: the node allocation view (webview) driven in chromium: screenshots, Apply changes the file
 * - nvim:  Neovim as a second LSP client of the bundled server (--stdio)
 * - report: the HTML report (`vpc-cni-lint report --html`) in headless chromium: DOM, CSP, axe-core, screenshots
 *
 * Prerequisites: `bash scripts/e2e/setup.sh` and `npm run package` (the npm scripts run both).
 * Artifacts: test-results/e2e/<part>/ (results, logs, screenshots); summary in test-results/e2e/summary.json.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildE2e, type Built } from './build';
import { E2eError, RESULTS, freshDir, log, requireSetup } from './env';
import { runExplorerCheck } from './explorer';
import { runNvimCheck } from './nvim';
import { runReportCheck } from './report';
import { describeVsix, runSuiteSession } from './session';
import { runUiCheck } from './ui';

const PARTS = ['suite', 'yaml', 'ui', 'explorer', 'nvim', 'report'] as const;
type Part = (typeof PARTS)[number];

interface Outcome {
  part: Part;
  ok: boolean;
  seconds: number;
  detail: string;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const bad = args.filter((a) => !(PARTS as readonly string[]).includes(a));
  if (bad.length) {
    console.error(`unknown part(s) ${bad.join(', ')}; parts: ${PARTS.join(' ')}`);
    return 2;
  }
  const parts: Part[] = args.length ? (args as Part[]) : [...PARTS];
  freshDir(RESULTS);
  const needsCodeServer = parts.some((p) => p !== 'nvim' && p !== 'report');
  if (needsCodeServer) requireSetup('code-server');
  if (parts.includes('nvim')) requireSetup('nvim');
  let built: Built | undefined;
  if (parts.includes('suite') || parts.includes('yaml')) {
    log('build', 'compiling the runner extension and suites');
    built = await buildE2e();
  }
  if (needsCodeServer) log('vsix', describeVsix());

  const outcomes: Outcome[] = [];
  for (const part of parts) {
    const t0 = Date.now();
    let ok = false;
    let detail = '';
    try {
      if (part === 'suite' || part === 'yaml') {
        const results = await runSuiteSession(
          part === 'suite' ? 'suite' : 'yaml-coexistence',
          built!,
          part === 'yaml',
        );
        for (const t of results.tests) {
          console.log(`  ${t.state === 'passed' ? '✔' : '✘'} ${t.title} (${t.durationMs} ms)`);
          if (t.error) console.log(t.error.replace(/^/gm, '      '));
        }
        if (results.error) console.log(`  runner error: ${results.error}`);
        ok = results.ok;
        detail = `${results.passes} passed, ${results.failures} failed (VS Code ${results.vscodeVersion})`;
      } else if (part === 'ui') {
        detail = await runUiCheck();
        ok = true;
      } else if (part === 'report') {
        detail = await runReportCheck();
        ok = true;
      } else if (part === 'explorer') {
        detail = await runExplorerCheck();
        ok = true;
      } else {
        detail = await runNvimCheck();
        ok = true;
      }
    } catch (e) {
      detail = e instanceof E2eError ? e.message : ((e as Error)?.stack ?? String(e));
    }
    const seconds = (Date.now() - t0) / 1000;
    outcomes.push({ part, ok, seconds, detail });
    log(part, `${ok ? 'PASS' : 'FAIL'} in ${seconds.toFixed(1)} s: ${detail}`);
  }
  writeFileSync(path.join(RESULTS, 'summary.json'), JSON.stringify(outcomes, null, 2));
  console.log('\nend-to-end summary:');
  for (const o of outcomes)
    console.log(
      `  ${o.ok ? 'PASS' : 'FAIL'}  ${o.part.padEnd(5)} ${o.seconds.toFixed(1).padStart(6)} s  ${o.detail.split('\n')[0]}`,
    );
  console.log(`artifacts: ${path.relative(process.cwd(), RESULTS)}/`);
  return outcomes.every((o) => o.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof E2eError ? `e2e: ${e.message}` : e);
    process.exit(1);
  },
);
