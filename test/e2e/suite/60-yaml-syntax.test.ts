/** Without the Red Hat YAML extension, malformed YAML is reported by us (yaml-syntax). */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { SOURCE, YAML_EXTENSION_ID, yamlSyntax } from '../expectations';
import { codeOf, fileUri, open, revert, waitForDiagnostics } from './helpers';

describe('YAML syntax without the Red Hat YAML extension', () => {
  it(`reports yaml-syntax for malformed YAML (${yamlSyntax.file})`, async () => {
    assert.equal(
      vscode.extensions.getExtension(YAML_EXTENSION_ID),
      undefined,
      `${YAML_EXTENSION_ID} must not be installed here`,
    );
    const editor = await open(yamlSyntax.file);
    const uri = fileUri(yamlSyntax.file);
    try {
      const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
      assert.ok(await editor.edit((b) => b.insert(end, yamlSyntax.append)));
      const ds = await waitForDiagnostics(
        uri,
        (d) => d.some((x) => codeOf(x) === 'yaml-syntax'),
        'a yaml-syntax diagnostic',
      );
      const syntax = ds.filter((x) => codeOf(x) === 'yaml-syntax');
      assert.ok(syntax.every((d) => d.source === SOURCE));
      const starts = syntax.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1}`);
      assert.ok(starts.includes(yamlSyntax.at), `yaml-syntax at ${yamlSyntax.at}; got ${starts.join(', ')}`);
    } finally {
      await revert(editor);
    }
    await waitForDiagnostics(
      uri,
      (d) => !d.some((x) => codeOf(x) === 'yaml-syntax'),
      'yaml-syntax gone after revert',
    );
  });
});
