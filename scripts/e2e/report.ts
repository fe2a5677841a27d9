/**
 * The `report` part: runs the mocha test test/e2e/report/report-browser.test.ts (the HTML report in headless
 * chromium: DOM, CSP, axe-core, screenshots), with its artifacts in test-results/e2e/report/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { CHROMIUM, E2eError, freshDir, REPO, RESULTS } from './env';

export async function runReportCheck(): Promise<string> {
  if (!existsSync(CHROMIUM))
    throw new E2eError(`chromium not found at ${CHROMIUM}: run \`bash scripts/e2e/setup.sh\``);
  const out = path.join(RESULTS, 'report');
  freshDir(out);
  const r = spawnSync(
    process.execPath,
    [
      path.join(REPO, 'node_modules', 'mocha', 'bin', 'mocha.js'),
      '--no-config',
      '-r',
      'tsx/cjs',
      '--extension',
      'ts',
      '--timeout',
      '120000',
      'test/e2e/report/report-browser.test.ts',
    ],
    { cwd: REPO, encoding: 'utf8', env: { ...process.env, REPORT_E2E_OUT: out, E2E_CHROMIUM: CHROMIUM } },
  );
  process.stdout.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  if (r.status !== 0) throw new E2eError(`report browser test failed (exit ${r.status}); artifacts ${out}`);
  const passing = /(\d+) passing/.exec(r.stdout ?? '')?.[1] ?? '?';
  return `${passing} passed; screenshots ${path.relative(process.cwd(), out)}/*.png`;
}
