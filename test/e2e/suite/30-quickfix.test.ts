/** A quick fix, applied the way the light bulb applies it, changes exactly the expected line. */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { parseRange, quickFixes } from '../expectations';
import { codeOf, fileUri, keyOf, open, revert, toRange, waitForDiagnostics } from './helpers';

const crlf = (text: string) => text.split('\r\n').length - 1;

describe('quick fixes', () => {
  for (const q of quickFixes) {
    it(`"${q.title}" in ${q.file}`, async () => {
      const editor = await open(q.file);
      const uri = fileUri(q.file);
      const isTarget = (d: vscode.Diagnostic) => codeOf(d) === q.code && keyOf(d).endsWith(` ${q.range}`);
      const [diagnostic] = (await waitForDiagnostics(uri, (ds) => ds.some(isTarget), q.code)).filter(
        isTarget,
      );
      assert.ok(diagnostic);
      const before = editor.document.getText();
      try {
        const actions =
          (await vscode.commands.executeCommand<vscode.CodeAction[]>(
            'vscode.executeCodeActionProvider',
            uri,
            toRange(parseRange(q.range)),
            vscode.CodeActionKind.QuickFix.value,
          )) ?? [];
        const action = actions.find((a) => a.title === q.title);
        assert.ok(action, `no "${q.title}" among: ${actions.map((a) => a.title).join(' | ')}`);
        assert.equal(action.isPreferred, true, 'the fix is the preferred action');
        assert.ok(action.edit, 'the fix carries an edit');
        assert.ok(await vscode.workspace.applyEdit(action.edit), 'applyEdit');
        const lines = before.split(/\r?\n/);
        lines[q.line - 1] = q.after;
        const after = editor.document.getText();
        assert.deepEqual(after.split(/\r?\n/), lines);
        assert.equal(crlf(after), crlf(before), 'line endings kept');
        await waitForDiagnostics(uri, (ds) => !ds.some(isTarget), `${q.code} ${q.range} gone after the fix`);
      } finally {
        await revert(editor);
      }
      await waitForDiagnostics(uri, (ds) => ds.some(isTarget), `${q.code} back after revert`);
    });
  }
});
