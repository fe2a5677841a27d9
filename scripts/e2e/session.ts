/**
 * One code-server session of the mocha suite: fresh workspace (a copy of examples/), our .vsix plus
 * the runner extension (and optionally the YAML stand-in) installed, the workbench opened in
 * chromium so that the extension host starts, then wait for the runner's results file.
 */
import { cpSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { E2eConfig, E2eResults } from '../../test/e2e/runner/config';
import { CONFIG_ENV } from '../../test/e2e/runner/config';
import { openWorkbench } from './browser';
import type { Built, SuiteName } from './build';
import { startCodeServer } from './codeServer';
import { E2eError, EXAMPLES, REPO, RESULTS, VSIX, freshDir, log, zipEntrySha256 } from './env';

export const SESSION_TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS ?? 300_000);
/** From the workbench being up to the runner's first log line. */
const RUNNER_START_MS = 120_000;

/** A fresh copy of examples/ plus the e2e-only files of test/e2e/workspace/, to open and edit. */
export function makeWorkspace(runDir: string): string {
  const ws = path.join(runDir, 'workspace');
  cpSync(EXAMPLES, ws, { recursive: true });
  cpSync(path.join(REPO, 'test', 'e2e', 'workspace'), ws, { recursive: true });
  return ws;
}

/** The files of ours that must be byte-identical to the .vsix once installed. */
export function vsixSums(): Record<string, string> {
  // Not package.json: VS Code adds install metadata to it.
  const files = ['server/out/server.js', 'client/out/extension.js'];
  const sums = zipEntrySha256(
    VSIX,
    files.map((f) => `extension/${f}`),
  );
  return Object.fromEntries(files.map((f) => [f, sums[`extension/${f}`]!]));
}

export function describeVsix(): string {
  if (!existsSync(VSIX)) throw new E2eError(`${VSIX} not found: run \`npm run package\` first`);
  const st = statSync(VSIX);
  return `${path.relative(process.cwd(), VSIX)} (${(st.size / 1024).toFixed(0)} KiB, built ${st.mtime.toISOString()})`;
}

async function waitForFile(file: string, timeoutMs: number, alive: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    const dead = alive();
    if (dead) throw new E2eError(dead);
    if (Date.now() > deadline) throw new E2eError(`no results after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function runSuiteSession(
  name: SuiteName,
  built: Built,
  withYamlStandIn: boolean,
): Promise<E2eResults> {
  const runDir = path.join(RESULTS, name);
  rmSync(runDir, { recursive: true, force: true });
  freshDir(runDir);
  const workspace = makeWorkspace(runDir);
  const config: E2eConfig = {
    session: name,
    repoRoot: REPO,
    files: built.suiteFiles[name],
    resultsFile: path.join(runDir, 'results.json'),
    logFile: path.join(runDir, 'progress.log'),
    testTimeoutMs: 60_000,
    expect: { installedFrom: 'vsix', extensionsDir: path.join(runDir, 'extensions'), sha256: vsixSums() },
  };
  const configFile = path.join(runDir, 'e2e-config.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const vsixes = [VSIX, built.runnerVsix, ...(withYamlStandIn ? [built.yamlStandInVsix] : [])];
  log(name, `installing ${vsixes.map((v) => path.basename(v)).join(', ')} into a fresh code-server`);
  const server = await startCodeServer({ runDir, workspace, vsixes, env: { [CONFIG_ENV]: configFile } });
  let screenshot = path.join(runDir, 'workbench.png');
  try {
    log(name, `code-server up at ${server.url}; opening the workbench`);
    const wb = await openWorkbench({ url: server.url, folder: workspace, runDir, timeoutMs: 60_000 });
    try {
      log(name, 'workbench up; the suite runs in the extension host');
      const started = Date.now();
      await waitForFile(config.resultsFile, SESSION_TIMEOUT_MS, () => {
        if (server.exitCode() !== null) return `code-server exited (${server.exitCode()})`;
        if (!existsSync(config.logFile) && Date.now() - started > RUNNER_START_MS)
          return `the runner extension did not start within ${RUNNER_START_MS / 1000} s (activation failed? see the exthost log)`;
        return undefined;
      });
    } catch (e) {
      screenshot = path.join(runDir, 'error.png');
      throw e;
    } finally {
      await wb.page.screenshot({ path: screenshot }).catch(() => undefined);
      await wb.close();
    }
  } catch (e) {
    const progress = existsSync(config.logFile)
      ? readFileSync(config.logFile, 'utf8')
      : '(runner never started)\n';
    throw new E2eError(
      `${(e as Error).message}\n  progress (${config.logFile}):\n${progress.replace(/^/gm, '    ')}` +
        `  logs: ${server.logFile}, ${path.join(runDir, 'user-data', 'logs')}/*/exthost1/, screenshot ${screenshot}`,
    );
  } finally {
    await server.stop();
  }
  return JSON.parse(readFileSync(config.resultsFile, 'utf8')) as E2eResults;
}
