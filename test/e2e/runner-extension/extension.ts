/**
 * A test-runner extension for VS Code builds that have no extension-test entry point (code-server):
 * installed next to vpc-cni-lint, it activates on startup, runs the e2e suite named by
 * `VPC_CNI_LINT_E2E_CONFIG` with mocha inside this extension host and writes the results file the
 * driver waits for. Without that variable it does nothing.
 */
import { CONFIG_ENV, readConfig } from '../runner/config';
import { runSuite } from '../runner/mochaRunner';

let started = false;

export function activate(): void {
  if (started || !process.env[CONFIG_ENV]) return;
  started = true;
  // Not awaited: activation must finish so that the workbench (and our extension) can go on.
  void runSuite(readConfig(), __dirname).catch((e: unknown) => console.error('vpc-cni-lint e2e runner:', e));
}

export function deactivate(): void {}
