/**
 * Hovers, completion and inlay hints from the real bundled server, on the bundled examples.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../helpers/lspClient';

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');
const uriOf = (rel: string) => pathToFileURL(path.join(EXAMPLES, rel)).toString();
const textOf = (rel: string) => readFileSync(path.join(EXAMPLES, rel), 'utf8');

/** 0-based position of the first occurrence of `needle` (plus `delta` characters). */
function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} not found`);
  const before = text.slice(0, offset + delta);
  const line = before.split('\n').length - 1;
  return { line, character: offset + delta - (before.lastIndexOf('\n') + 1) };
}

describe('protocol: hovers, completion and inlay hints on the examples', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ rootUri: pathToFileURL(EXAMPLES).toString() });
  });
  after(async () => {
    await client.stop();
  });

  it('hover on an instance type shows its figures and max-pods', async () => {
    const rel = 'karpenter/ec2nodeclass.yaml';
    const text = textOf(rel);
    await client.open(uriOf(rel), text);
    const p = positionOf(text, '"m5.large"', 2);
    const h = await client.hover(uriOf(rel), p.line, p.character);
    assert.ok(h, 'hover');
    assert.match(h.contents.value, /m5\.large/);
    assert.match(h.contents.value, /29/); // 3 ENIs x (10 - 1) + 2
  });

  it('hover on a max-pods value explains the capacity it is checked against', async () => {
    const rel = 'nodes/bottlerocket.toml';
    const text = textOf(rel);
    await client.open(uriOf(rel), text, 'toml');
    const p = positionOf(text, 'max-pods = 300', 'max-pods = '.length);
    const h = await client.hover(uriOf(rel), p.line, p.character);
    assert.ok(h, 'hover');
    assert.match(h.contents.value, /242/); // 3 ENIs x (5 x 16) + 2 with prefix delegation
  });

  it('hover on a warm target shows the setting and the simulated pool', async () => {
    const rel = 'cni/aws-node.yaml';
    const text = textOf(rel);
    await client.open(uriOf(rel), text);
    const p = positionOf(text, 'WARM_PREFIX_TARGET', 3);
    const h = await client.hover(uriOf(rel), p.line, p.character);
    assert.ok(h, 'hover');
    assert.match(h.contents.value, /WARM_PREFIX_TARGET/);
    assert.match(h.contents.value, /prefix/i);
  });

  it('completes env names inside the aws-node env list', async () => {
    const rel = 'cni/aws-node.yaml';
    const text = textOf(rel).replace(
      '            - name: VPC_CNI_VERSION',
      '            - name: WARM_I\n            - name: VPC_CNI_VERSION',
    );
    const uri = uriOf(rel).replace('aws-node.yaml', 'aws-node-completion.yaml');
    await client.open(uri, text);
    const p = positionOf(text, '- name: WARM_I', '- name: WARM_I'.length);
    const items = await client.connection.sendRequest<Array<{ label: string; documentation?: unknown }>>(
      'textDocument/completion',
      { textDocument: { uri }, position: p },
    );
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('WARM_IP_TARGET'), labels.join(', '));
    assert.ok(!labels.includes('WARM_PREFIX_TARGET'), 'names already set are not offered');
  });

  it('shows inlay hints with the effective capacity after instance types', async () => {
    const rel = 'karpenter/ec2nodeclass.yaml';
    const text = textOf(rel);
    await client.open(uriOf(rel), text);
    const hints = await client.connection.sendRequest<Array<{ label: string; position: { line: number } }>>(
      'textDocument/inlayHint',
      {
        textDocument: { uri: uriOf(rel) },
        range: { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } },
      },
    );
    assert.ok(hints.length >= 3, JSON.stringify(hints));
    assert.ok(
      hints.some((h) => /pods/.test(h.label)),
      JSON.stringify(hints),
    );
  });
});
