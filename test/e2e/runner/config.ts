/**
 * The contract between a driver (scripts/e2e/) and the mocha runner inside the extension host. The
 * driver writes it as JSON and passes its path in `VPC_CNI_LINT_E2E_CONFIG`.
 */
import { readFileSync } from 'node:fs';

export const CONFIG_ENV = 'VPC_CNI_LINT_E2E_CONFIG';

export interface E2eConfig {
  /** A name for logs and results (e.g. `suite`, `yaml-coexistence`). */
  session: string;
  /** The repository (mocha is loaded from its node_modules). */
  repoRoot: string;
  /** Compiled suite files, run in this order. */
  files: string[];
  /** Where the runner writes its results (JSON) and a line per test as it goes. */
  resultsFile: string;
  logFile: string;
  /** Per-test mocha timeout. */
  testTimeoutMs: number;
  /** How our extension must have been installed. */
  expect: {
    /** `vsix`: installed into `extensionsDir` from the .vsix, with these files byte-identical to it. */
    installedFrom: 'vsix' | 'development';
    extensionsDir?: string;
    /** Path inside the extension -> sha256 of that entry of the .vsix. */
    sha256?: Record<string, string>;
  };
}

export function readConfig(): E2eConfig {
  const file = process.env[CONFIG_ENV];
  if (!file) throw new Error(`${CONFIG_ENV} is not set: run the suite through scripts/e2e/`);
  return JSON.parse(readFileSync(file, 'utf8')) as E2eConfig;
}

export interface TestResult {
  title: string;
  state: 'passed' | 'failed';
  durationMs: number;
  error?: string;
}

export interface E2eResults {
  session: string;
  ok: boolean;
  passes: number;
  failures: number;
  durationMs: number;
  vscodeVersion: string;
  tests: TestResult[];
  /** A failure outside any test (suite could not load, mocha threw). */
  error?: string;
}
