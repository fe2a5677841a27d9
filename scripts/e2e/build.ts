/**
 * Compiles what runs inside the extension host: the runner extension (packaged as a .vsix with
 * the compiled suites inside it, so that `require('vscode')` in a suite resolves to its API), the
 * @vscode/test-electron entry, and the YAML extension stand-in (.vsix).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { BUILD, E2eError, REPO, freshDir } from './env';

const E2E_SRC = path.join(REPO, 'test', 'e2e');
/** Suites, each a folder of `*.test.ts` run in name order. */
export const SUITES = { suite: 'suite', 'yaml-coexistence': 'yaml-coexistence' } as const;
export type SuiteName = keyof typeof SUITES;

export interface Built {
  runnerVsix: string;
  runnerId: string;
  yamlStandInVsix: string;
  /** Per suite: compiled files relative to the runner extension's folder. */
  suiteFiles: Record<SuiteName, string[]>;
  /** The test-electron entry and the absolute suite files next to it. */
  electronIndex: string;
  electronSuiteFiles: Record<SuiteName, string[]>;
}

const common: esbuild.BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
};

async function compileSuites(outDir: string): Promise<Record<SuiteName, string[]>> {
  const files = {} as Record<SuiteName, string[]>;
  for (const [name, dir] of Object.entries(SUITES) as Array<[SuiteName, string]>) {
    const entries = readdirSync(path.join(E2E_SRC, dir))
      .filter((f) => f.endsWith('.test.ts'))
      .sort();
    if (!entries.length) throw new E2eError(`no *.test.ts in test/e2e/${dir}`);
    await esbuild.build({
      ...common,
      entryPoints: entries.map((f) => path.join(E2E_SRC, dir, f)),
      outdir: path.join(outDir, name),
    });
    files[name] = entries.map((f) => path.join(name, f.replace(/\.ts$/, '.js')));
  }
  return files;
}

function vsce(dir: string, out: string): void {
  const bin = path.join(REPO, 'node_modules', '.bin', 'vsce');
  try {
    execFileSync(
      bin,
      ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', out],
      { cwd: dir, stdio: 'pipe' },
    );
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer };
    throw new E2eError(`vsce package in ${dir} failed:\n${err.stdout}\n${err.stderr}`);
  }
}

export async function buildE2e(): Promise<Built> {
  rmSync(BUILD, { recursive: true, force: true });
  // The runner extension: package.json, extension.js, suites.
  const ext = freshDir(path.join(BUILD, 'runner-extension'));
  cpSync(path.join(E2E_SRC, 'runner-extension', 'package.json'), path.join(ext, 'package.json'));
  writeFileSync(
    path.join(ext, 'README.md'),
    'Test-only: runs the vpc-cni-lint e2e suite. Never published.\n',
  );
  await esbuild.build({
    ...common,
    entryPoints: [path.join(E2E_SRC, 'runner-extension', 'extension.ts')],
    outfile: path.join(ext, 'extension.js'),
  });
  const suiteFiles = await compileSuites(ext);
  const runnerVsix = path.join(BUILD, 'e2e-runner.vsix');
  vsce(ext, runnerVsix);

  const standIn = freshDir(path.join(BUILD, 'yaml-stand-in'));
  cpSync(path.join(E2E_SRC, 'yaml-stand-in', 'package.json'), path.join(standIn, 'package.json'));
  writeFileSync(
    path.join(standIn, 'README.md'),
    'Test-only stand-in for redhat.vscode-yaml. Contributes nothing.\n',
  );
  const yamlStandInVsix = path.join(BUILD, 'yaml-stand-in.vsix');
  vsce(standIn, yamlStandInVsix);

  // @vscode/test-electron: its entry plus the suites (absolute paths).
  const electron = freshDir(path.join(BUILD, 'electron'));
  await esbuild.build({
    ...common,
    entryPoints: [path.join(E2E_SRC, 'runner', 'electronIndex.ts')],
    outfile: path.join(electron, 'index.js'),
  });
  const rel = await compileSuites(electron);
  const electronSuiteFiles = {} as Record<SuiteName, string[]>;
  for (const k of Object.keys(rel) as SuiteName[])
    electronSuiteFiles[k] = rel[k].map((f) => path.join(electron, f));

  const pkg = (await import(path.join(E2E_SRC, 'runner-extension', 'package.json'))) as {
    default: { publisher: string; name: string; version: string };
  };
  const p = pkg.default;
  return {
    runnerVsix,
    runnerId: `${p.publisher}.${p.name}-${p.version}`,
    yamlStandInVsix,
    suiteFiles,
    electronIndex: path.join(electron, 'index.js'),
    electronSuiteFiles,
  };
}
