/** `vpcCniLint.*` settings parsing: defaults, validation, fallbacks. */
import { strict as assert } from 'node:assert';
import { DEFAULT_MAX_FILE_SIZE, readSettings } from '../../server/src/lsp/settings';

describe('lsp: readSettings', () => {
  it('defaults when the section is missing or not an object', () => {
    for (const raw of [undefined, null, 'x', 42, []]) {
      const s = readSettings(raw, false);
      assert.equal(s.enable, true);
      assert.deepEqual(s.analysis.ruleSeverity, {});
      assert.deepEqual(s.analysis.defaultInstanceTypes, []);
      assert.equal(s.inlayHints, true);
      assert.equal(s.maxFileSize, DEFAULT_MAX_FILE_SIZE);
    }
  });

  it('keeps valid rule severities and drops invalid ones', () => {
    const s = readSettings(
      { rules: { 'a-rule': 'off', 'b-rule': 'error', 'c-rule': 'loud', 'd-rule': 3 } },
      false,
    );
    assert.deepEqual(s.analysis.ruleSeverity, { 'a-rule': 'off', 'b-rule': 'error' });
  });

  it('trims instance types and ignores non-strings', () => {
    const s = readSettings({ defaultInstanceTypes: [' m5.large ', '', 7, 'c6i.xlarge'] }, false);
    assert.deepEqual(s.analysis.defaultInstanceTypes, ['m5.large', 'c6i.xlarge']);
  });

  it('reads enable, inlayHints.enable, maxFileSize and the YAML-extension flag', () => {
    const s = readSettings({ enable: false, inlayHints: { enable: false }, maxFileSize: 1000 }, true);
    assert.equal(s.enable, false);
    assert.equal(s.inlayHints, false);
    assert.equal(s.maxFileSize, 1000);
    assert.equal(s.analysis.yamlSyntaxHandledElsewhere, true);
    assert.equal(readSettings({ maxFileSize: -5 }, false).maxFileSize, DEFAULT_MAX_FILE_SIZE);
  });
});
