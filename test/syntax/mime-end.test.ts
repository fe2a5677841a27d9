/** MIME user data that ends with an opening delimiter and no closing one (issue 15, item 3). */
import { strict as assert } from 'node:assert';
import { parseDocument } from '../../server/src/syntax';

const mime = (tail: string) =>
  [
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="BOUNDARY"',
    '',
    '--BOUNDARY',
    'Content-Type: text/x-shellscript; charset="us-ascii"',
    '',
    '#!/bin/bash',
    "echo 'custom setup'",
    '',
    tail,
  ].join('\n');

describe('syntax: MIME without a closing delimiter', () => {
  it('ending with --BOUNDARY reports nothing (Go mime/multipart and cloud-init accept it)', () => {
    const m = parseDocument(mime('--BOUNDARY\n'), { uri: 'file:///user-data.mime' });
    assert.deepEqual(m.problems, []);
  });
  it('ending with --BOUNDARY and blank lines reports nothing', () => {
    assert.deepEqual(parseDocument(mime('--BOUNDARY\n\n'), { uri: 'file:///user-data.mime' }).problems, []);
  });
  it('a last part that runs to the end of the text is still a warning', () => {
    const m = parseDocument(mime(''), { uri: 'file:///user-data.mime' });
    assert.deepEqual(
      m.problems.map((p) => [p.severity, p.message]),
      [['warning', 'The closing boundary "--BOUNDARY--" is missing.']],
    );
  });
});
