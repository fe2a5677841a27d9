/** Every format's example file shows exactly the expected diagnostics, with codes and ranges. */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { SOURCE, formats } from '../expectations';
import { expectedKey, fileUri, keyOf, open, waitForExactly } from './helpers';

describe('diagnostics in each format', () => {
  for (const c of formats) {
    it(`${c.format} (${c.file})`, async () => {
      await open(c.file);
      const uri = fileUri(c.file);
      const ds = await waitForExactly(uri, c.diagnostics.map(expectedKey), 'the expected diagnostics');
      for (const e of c.diagnostics) {
        const d = ds.find((x) => keyOf(x) === expectedKey(e));
        assert.ok(d);
        assert.equal(d.source, SOURCE);
        if (e.message) assert.match(d.message, e.message, `message of ${expectedKey(e)}`);
        const target = typeof d.code === 'object' ? d.code.target : undefined;
        assert.ok(target instanceof vscode.Uri, `${e.code}: the code links to its documentation`);
        assert.match(target.path, new RegExp(`/docs/rules/${e.code}\\.md$`));
      }
    });
  }
});
