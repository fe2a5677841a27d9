/** `vpcCniLint.rules` takes effect at once, without a reload. */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { settings } from '../expectations';
import { codeOf, fileUri, open, severityOf, waitForDiagnostics } from './helpers';

describe('settings', () => {
  for (const s of settings) {
    it(`vpcCniLint.rules: ${s.code} error, then off, then back to default (${s.file})`, async () => {
      await open(s.file);
      const uri = fileUri(s.file);
      const has = (ds: vscode.Diagnostic[]) => ds.filter((d) => codeOf(d) === s.code);
      const initial = has(await waitForDiagnostics(uri, (ds) => has(ds).length > 0, s.code));
      const defaultSeverity = severityOf(initial[0]!);
      assert.notEqual(defaultSeverity, 'error', 'pick a rule whose default severity is not error');
      const config = () => vscode.workspace.getConfiguration('vpcCniLint');
      try {
        await config().update('rules', { [s.code]: 'error' }, vscode.ConfigurationTarget.Global);
        await waitForDiagnostics(
          uri,
          (ds) => has(ds).length === initial.length && has(ds).every((d) => severityOf(d) === 'error'),
          `${s.code} as error`,
        );
        await config().update('rules', { [s.code]: 'off' }, vscode.ConfigurationTarget.Global);
        await waitForDiagnostics(uri, (ds) => has(ds).length === 0, `${s.code} turned off`);
      } finally {
        await config().update('rules', undefined, vscode.ConfigurationTarget.Global);
      }
      await waitForDiagnostics(
        uri,
        (ds) => has(ds).length === initial.length && has(ds).every((d) => severityOf(d) === defaultSeverity),
        `${s.code} back at ${defaultSeverity}`,
      );
    });
  }
});
