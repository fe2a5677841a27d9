/** CNI settings in one file change what is reported in another (an unsaved edit is enough). */
import * as vscode from 'vscode';
import { crossFile, formats } from '../expectations';
import { expectedKey, fileUri, open, revert, waitForExactly } from './helpers';

describe('cross-file analysis', () => {
  for (const c of crossFile) {
    it(c.what, async () => {
      const before = formats.find((f) => f.file === c.target)?.diagnostics.map(expectedKey);
      if (!before) throw new Error(`expectations: no formats entry for ${c.target}`);
      await open(c.target);
      const target = fileUri(c.target);
      await waitForExactly(target, before, `${c.target} before the edit`);
      const editor = await open(c.settingsFile);
      try {
        const line = editor.document.lineAt(c.edit.line - 1);
        const col = line.text.indexOf(c.edit.from);
        if (col < 0) throw new Error(`"${c.edit.from}" not on line ${c.edit.line} of ${c.settingsFile}`);
        const range = new vscode.Range(line.lineNumber, col, line.lineNumber, col + c.edit.from.length);
        if (!(await editor.edit((b) => b.replace(range, c.edit.to)))) throw new Error('edit failed');
        await waitForExactly(target, c.after.map(expectedKey), `${c.target} after editing ${c.settingsFile}`);
      } finally {
        await revert(editor);
      }
      await waitForExactly(target, before, `${c.target} after reverting ${c.settingsFile}`);
    });
  }
});
