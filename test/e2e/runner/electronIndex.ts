/**
 * `extensionTestsPath` entry for @vscode/test-electron: VS Code calls `run()` in its extension host
 * and treats a rejection as failure.
 */
import { readConfig } from './config';
import { runSuite } from './mochaRunner';

export async function run(): Promise<void> {
  const results = await runSuite(readConfig(), __dirname);
  if (!results.ok)
    throw new Error(results.error ?? `${results.failures} of ${results.tests.length} e2e tests failed`);
}
