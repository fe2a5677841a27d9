/**
 * With the Red Hat YAML extension installed (here: a stand-in with its id), we leave generic YAML
 * to it: no yaml-syntax diagnostics, no formatting, symbols or hovers on plain YAML keys, and our
 * diagnostics keep their own source.
 */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { SOURCE, YAML_EXTENSION_ID, formats, yamlSyntax } from '../expectations';
import {
  codeOf,
  fileUri,
  nextDiagnosticsChange,
  open,
  revert,
  waitForExactly,
  expectedKey,
} from '../suite/helpers';

describe('coexistence with the Red Hat YAML extension', () => {
  it('the stand-in is installed', () => {
    const ext = vscode.extensions.getExtension(YAML_EXTENSION_ID);
    assert.ok(ext, `${YAML_EXTENSION_ID} stand-in not installed`);
  });

  it('CNI findings are still reported, under our own source', async () => {
    for (const c of formats) {
      await open(c.file);
      const ds = await waitForExactly(fileUri(c.file), c.diagnostics.map(expectedKey), c.file);
      assert.ok(ds.every((d) => d.source === SOURCE));
      const all = vscode.languages.getDiagnostics(fileUri(c.file));
      // The stand-in reports nothing, so every diagnostic here is ours and must carry our source.
      assert.deepEqual(
        all.filter((d) => d.source !== SOURCE).map((d) => `${d.source}: ${d.message}`),
        [],
      );
    }
  });

  it(`no yaml-syntax diagnostic for malformed YAML (${yamlSyntax.file})`, async () => {
    const editor = await open(yamlSyntax.file);
    const uri = fileUri(yamlSyntax.file);
    try {
      const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
      // The server answers every pull with a full report, so the edit is followed by a diagnostics
      // event for this file once the malformed text has been analysed.
      const change = nextDiagnosticsChange(uri, 'diagnostics for the malformed text');
      assert.ok(await editor.edit((b) => b.insert(end, yamlSyntax.append)));
      const ds = await change.done;
      assert.deepEqual(
        ds.filter((d) => codeOf(d) === 'yaml-syntax').map((d) => `${d.source}: ${d.message}`),
        [],
      );
    } finally {
      await revert(editor);
    }
  });

  it('no document symbols, formatting or hover on plain YAML keys from us', async () => {
    const file = formats[0]!.file;
    const editor = await open(file);
    const uri = fileUri(file);
    const symbols = await vscode.commands.executeCommand<unknown[]>(
      'vscode.executeDocumentSymbolProvider',
      uri,
    );
    assert.deepEqual(symbols ?? [], []);
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>(
      'vscode.executeFormatDocumentProvider',
      uri,
      {
        tabSize: 2,
        insertSpaces: true,
      },
    );
    assert.deepEqual(edits ?? [], []);
    const line = editor.document
      .getText()
      .split(/\r?\n/)
      .findIndex((l) => l.startsWith('apiVersion:'));
    assert.ok(line >= 0, 'apiVersion line');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      new vscode.Position(line, 2),
    );
    assert.deepEqual(
      (hovers ?? []).map((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))),
      [],
    );
  });
});
