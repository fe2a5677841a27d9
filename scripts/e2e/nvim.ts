/**
 * Neovim as a second, independent LSP client (no pull diagnostics in 0.7: the server must push).
 * Starts the bundled server with `--stdio` on an example file in a fresh workspace copy and checks
 * the diagnostics (codes and ranges, exactly) and a hover.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { nvim } from '../../test/e2e/expectations';
import { E2eError, NVIM, REPO, RESULTS, freshDir, log } from './env';
import { makeWorkspace } from './session';

interface NvimResult {
  error?: string;
  filetype: string;
  matched: boolean;
  diagnostics: string[];
  sources: string[];
  wait_ms: number;
  hover?: string;
}

export async function runNvimCheck(): Promise<string> {
  const runDir = path.join(RESULTS, 'nvim');
  rmSync(runDir, { recursive: true, force: true });
  freshDir(runDir);
  const workspace = makeWorkspace(runDir);
  const version = spawnSync(NVIM, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
  const done: string[] = [];
  for (const [i, c] of nvim.entries()) done.push(await checkFile(runDir, workspace, version ?? 'nvim', i, c));
  return done.join('; ');
}

async function checkFile(
  runDir: string,
  workspace: string,
  version: string,
  index: number,
  c: (typeof nvim)[number],
): Promise<string> {
  const home = path.join(runDir, 'home'); // nvim writes lsp.log and shada under XDG dirs
  mkdirSync(home, { recursive: true });
  const server = path.join(REPO, 'server', 'out', 'server.js');
  const file = path.join(workspace, ...c.file.split('/'));
  log('nvim', `${version}: ${c.file} with node ${path.relative(REPO, server)} --stdio`);
  const r = spawnSync(
    NVIM,
    ['--headless', '--clean', '-i', 'NONE', '-c', `luafile ${path.join(__dirname, 'nvim-check.lua')}`, file],
    {
      cwd: workspace,
      encoding: 'utf8',
      timeout: 90_000,
      env: {
        ...process.env,
        XDG_CONFIG_HOME: home,
        XDG_DATA_HOME: home,
        XDG_STATE_HOME: home,
        XDG_CACHE_HOME: home,
        E2E_LSP_CMD: JSON.stringify([process.execPath, server, '--stdio']),
        E2E_ROOT: workspace,
        E2E_EXPECT: JSON.stringify(c.diagnostics),
        E2E_HOVER: c.hover.at,
        E2E_WAIT_MS: '20000',
      },
    },
  );
  const logFile = path.join(runDir, `nvim-${index}.log`);
  writeFileSync(
    logFile,
    `status ${r.status} signal ${r.signal}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`,
  );
  const line = r.stdout.trim().split('\n').pop() ?? '';
  let result: NvimResult;
  try {
    result = JSON.parse(line) as NvimResult;
  } catch {
    throw new E2eError(
      `nvim gave no result for ${c.file} (status ${r.status}, signal ${r.signal}); see ${logFile}\n${r.stderr}`,
    );
  }
  const resultFile = path.join(runDir, `result-${index}.json`);
  writeFileSync(resultFile, JSON.stringify({ file: c.file, ...result }, null, 2));
  if (result.error) throw new E2eError(`nvim: ${result.error}`);
  const problems: string[] = [];
  if (!result.matched)
    problems.push(
      `diagnostics: want [${[...c.diagnostics].sort().join(', ')}], got [${result.diagnostics.join(', ')}]`,
    );
  if (result.sources.some((s) => s !== 'vpc-cni-lint'))
    problems.push(`sources: ${result.sources.join(', ')}`);
  if (!c.hover.expect.test(result.hover ?? ''))
    problems.push(`hover at ${c.hover.at} does not match ${c.hover.expect}: ${result.hover || '(none)'}`);
  if (problems.length) throw new E2eError(`${c.file}: ${problems.join('\n  ')}\n  (${resultFile})`);
  return `${c.file}: ${result.diagnostics.length} diagnostics in ${result.wait_ms} ms (filetype ${result.filetype || 'none'}), hover`;
}
