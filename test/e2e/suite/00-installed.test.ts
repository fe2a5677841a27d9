/** The extension under test is the packaged one, installed the way users install it. */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readConfig } from '../runner/config';
import { EXTENSION_ID, formats } from '../expectations';
import { fileUri, open, waitForDiagnostics } from './helpers';

describe('installed extension', () => {
  it('is the .vsix from `npm run package`, byte for byte, and activates on a CNI file', async () => {
    const config = readConfig();
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    if (config.expect.installedFrom === 'vsix') {
      const dir = config.expect.extensionsDir;
      assert.ok(dir, 'config: extensionsDir');
      assert.equal(path.dirname(ext.extensionPath), path.resolve(dir), 'installed into the extensions dir');
      const sums = config.expect.sha256 ?? {};
      assert.ok(Object.keys(sums).length > 0, 'config: sha256 of the .vsix entries');
      for (const [rel, sum] of Object.entries(sums)) {
        const actual: string = createHash('sha256')
          .update(readFileSync(path.join(ext.extensionPath, rel)))
          .digest('hex');
        assert.equal(actual, sum, `${rel} differs from the .vsix`);
      }
    }
    const first = formats[0];
    assert.ok(first, 'expectations: formats');
    await open(first.file);
    await waitForDiagnostics(fileUri(first.file), (ds) => ds.length > 0, 'any diagnostic from us');
    assert.equal(ext.isActive, true);
  });
});
