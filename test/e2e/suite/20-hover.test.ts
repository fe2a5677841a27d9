/** Hovers on the values users point at. */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { hovers, parsePosition } from '../expectations';
import { fileUri, hoverText, open } from './helpers';

describe('hovers', () => {
  for (const h of hovers) {
    it(`on ${h.what} (${h.file} ${h.at})`, async () => {
      await open(h.file);
      const p = parsePosition(h.at);
      const text = await hoverText(fileUri(h.file), new vscode.Position(p.line, p.character));
      assert.match(text, h.expect, `hover text was:\n${text || '(no hover)'}`);
    });
  }
});
