/**
 * `npm run test:e2e:electron`: the same mocha suites in desktop VS Code through
 * @vscode/test-electron, with the extension loaded from this checkout (extensionDevelopmentPath).
 * For developers with network: VS Code is downloaded from update.code.visualstudio.com (cached in
 * .vscode-test/). Where it cannot be downloaded (CI here: npm registry only) this says so and exits
 * with status 3; `npm run test:e2e` runs the suites in code-server instead.
 *
 *   VSCODE_EXECUTABLE=/path/to/code   use an installed VS Code instead of downloading one
 *   VSCODE_VERSION=1.95.0             version to download (default: stable)
 *   Linux without a display: xvfb-run -a npm run test:e2e:electron
 */
import { cpSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { download, runTests } from '@vscode/test-electron';
import type { E2eConfig } from '../../test/e2e/runner/config';
import { CONFIG_ENV } from '../../test/e2e/runner/config';
import { buildE2e, type SuiteName } from './build';
import { defaultUserSettings } from './codeServer';
import { REPO, RESULTS, freshDir, log } from './env';
import { makeWorkspace } from './session';

const UNAVAILABLE = 3;

async function vscodeExecutable(): Promise<string | undefined> {
  if (process.env.VSCODE_EXECUTABLE) return process.env.VSCODE_EXECUTABLE;
  try {
    return await download({
      version: process.env.VSCODE_VERSION ?? 'stable',
      cachePath: path.join(REPO, '.vscode-test'),
      timeout: 20_000,
    });
  } catch (e) {
    console.error(
      `\ntest:e2e:electron: desktop VS Code could not be downloaded here (${(e as Error).message}).\n` +
        'This runner needs network access to update.code.visualstudio.com (or VSCODE_EXECUTABLE=/path/to/code).\n' +
        'Nothing was tested. In CI, `npm run test:e2e` runs the same suites in code-server (VS Code from npm).\n',
    );
    return undefined;
  }
}

async function main(): Promise<number> {
  const executable = await vscodeExecutable();
  if (!executable) return UNAVAILABLE;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    console.error(
      'test:e2e:electron: no display. Run it under a virtual one: xvfb-run -a npm run test:e2e:electron',
    );
    return UNAVAILABLE;
  }
  if (!existsSync(path.join(REPO, 'client', 'out', 'extension.js')))
    throw new Error('client/out/extension.js missing: run `npm run build` first');
  const built = await buildE2e();
  let failed = 0;
  for (const name of ['suite', 'yaml-coexistence'] as SuiteName[]) {
    const runDir = path.join(RESULTS, `electron-${name}`);
    rmSync(runDir, { recursive: true, force: true });
    freshDir(runDir);
    const workspace = makeWorkspace(runDir);
    const extensionsDir = freshDir(path.join(runDir, 'extensions'));
    if (name === 'yaml-coexistence')
      // A fresh extensions dir without extensions.json: VS Code scans it and finds the stand-in.
      cpSync(
        path.join(REPO, 'test', 'e2e', 'yaml-stand-in'),
        path.join(extensionsDir, 'redhat.vscode-yaml-0.0.1'),
        {
          recursive: true,
        },
      );
    const userData = path.join(runDir, 'user-data');
    mkdirSync(path.join(userData, 'User'), { recursive: true });
    writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(defaultUserSettings, null, 2));
    const config: E2eConfig = {
      session: `electron-${name}`,
      repoRoot: REPO,
      files: built.electronSuiteFiles[name],
      resultsFile: path.join(runDir, 'results.json'),
      logFile: path.join(runDir, 'progress.log'),
      testTimeoutMs: 60_000,
      expect: { installedFrom: 'development' },
    };
    const configFile = path.join(runDir, 'e2e-config.json');
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    log(`electron ${name}`, `VS Code ${executable}`);
    try {
      await runTests({
        vscodeExecutablePath: executable,
        extensionDevelopmentPath: REPO,
        extensionTestsPath: built.electronIndex,
        extensionTestsEnv: { [CONFIG_ENV]: configFile },
        launchArgs: [
          workspace,
          '--extensions-dir',
          extensionsDir,
          '--user-data-dir',
          userData,
          '--disable-workspace-trust',
          '--skip-welcome',
          '--skip-release-notes',
        ],
      });
      log(`electron ${name}`, `PASS (${config.resultsFile})`);
    } catch (e) {
      failed++;
      log(`electron ${name}`, `FAIL: ${(e as Error).message}; progress: ${config.logFile}`);
    }
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
