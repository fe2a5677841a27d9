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
  it('ending with --BOUNDARY reports nothing where cloud-init reads it (Python email parser accepts it)', () => {
    const m = parseDocument(mime('--BOUNDARY\n'), { uri: 'file:///user-data.mime' });
    assert.deepEqual(m.problems, []);
  });
  it('ending with --BOUNDARY and blank lines reports nothing where cloud-init reads it', () => {
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

/** The same user data in a Karpenter EC2NodeClass, which Karpenter reads with Go's mime/multipart. */
const nodeClass = (indicator: string, tail: string[]) =>
  [
    'apiVersion: karpenter.k8s.aws/v1',
    'kind: EC2NodeClass',
    'metadata:',
    '  name: default',
    'spec:',
    '  amiSelectorTerms:',
    '    - alias: al2023@latest',
    `  userData: ${indicator}`,
    ...mime('')
      .split('\n')
      .map((l) => (l ? `    ${l}` : '')),
    ...tail,
  ].join('\n');

const problemsOf = (text: string) =>
  parseDocument(text, { uri: 'file:///nodeclass.yaml' }).problems.map((p) => [p.severity, p.message]);

const KARPENTER_FAILS = [
  'warning',
  'Karpenter cannot merge this user data: Go\'s mime/multipart fails with "unexpected EOF" when the last boundary line "--BOUNDARY" is not followed by exactly one line break. End the user data with "--BOUNDARY--".',
];

describe('syntax: MIME ending with --BOUNDARY in a Karpenter EC2NodeClass (Go mime/multipart)', () => {
  it('one line break after the last --BOUNDARY (a `|` block) reports nothing', () => {
    assert.deepEqual(problemsOf(nodeClass('|', ['    --BOUNDARY', ''])), []);
  });
  it('no line break after it (a `|-` block): Karpenter fails to read the last part', () => {
    assert.deepEqual(problemsOf(nodeClass('|-', ['    --BOUNDARY', ''])), [KARPENTER_FAILS]);
  });
  it('blank lines kept after it (a `|+` block): Go reads one more, empty part and fails', () => {
    assert.deepEqual(problemsOf(nodeClass('|+', ['    --BOUNDARY', '', '', ''])), [KARPENTER_FAILS]);
  });
  it('the closing --BOUNDARY-- in a `|-` block reports nothing', () => {
    assert.deepEqual(problemsOf(nodeClass('|-', ['    --BOUNDARY--', ''])), []);
  });
});
