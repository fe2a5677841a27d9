/**
 * Runs the compiled e2e suite with mocha inside the extension host and records the results: one
 * line per test in `logFile` as it goes (so a hang shows where), then `resultsFile` (written
 * atomically, so a driver polling for it never reads half a file).
 */
import { appendFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { E2eConfig, E2eResults, TestResult } from './config';

type MochaCtor = typeof import('mocha');

/** `baseDir`: where relative `config.files` are (the runner extension's folder). */
export async function runSuite(config: E2eConfig, baseDir: string): Promise<E2eResults> {
  mkdirSync(path.dirname(config.resultsFile), { recursive: true });
  writeFileSync(config.logFile, '');
  const log = (line: string) => appendFileSync(config.logFile, `${new Date().toISOString()} ${line}\n`);
  const t0 = Date.now();
  const tests: TestResult[] = [];
  const results: E2eResults = {
    session: config.session,
    ok: false,
    passes: 0,
    failures: 0,
    durationMs: 0,
    vscodeVersion: vscode.version,
    tests,
  };
  try {
    // mocha comes from the repository's devDependencies, whichever extension host loads us.
    const Mocha = createRequire(path.join(config.repoRoot, 'package.json'))('mocha') as MochaCtor;
    const mocha = new Mocha({ ui: 'bdd', color: false, timeout: config.testTimeoutMs, reporter: 'base' });
    for (const f of config.files) mocha.addFile(path.resolve(baseDir, f));
    log(`session ${config.session}: VS Code ${vscode.version}, ${config.files.length} files`);
    await new Promise<void>((resolve, reject) => {
      try {
        const runner = mocha.run(() => resolve());
        runner.on('test', (t) => log(`start ${t.fullTitle()}`));
        runner.on('pass', (t) => {
          tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 });
          log(`pass  ${t.fullTitle()} (${t.duration ?? 0} ms)`);
        });
        runner.on('fail', (t, err: Error) => {
          const error = err?.stack ?? String(err);
          tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration ?? 0, error });
          log(`FAIL  ${t.fullTitle()}\n${error}`);
        });
      } catch (e) {
        reject(e as Error);
      }
    });
  } catch (e) {
    results.error = (e as Error)?.stack ?? String(e);
    log(`ERROR ${results.error}`);
  }
  results.passes = tests.filter((t) => t.state === 'passed').length;
  results.failures = tests.filter((t) => t.state === 'failed').length;
  results.durationMs = Date.now() - t0;
  results.ok = !results.error && results.failures === 0 && results.passes > 0;
  if (!results.error && results.passes + results.failures === 0) results.error = 'no tests ran';
  log(`done: ${results.passes} passed, ${results.failures} failed in ${results.durationMs} ms`);
  const tmp = `${config.resultsFile}.tmp`;
  writeFileSync(tmp, JSON.stringify(results, null, 2));
  renameSync(tmp, config.resultsFile);
  return results;
}
