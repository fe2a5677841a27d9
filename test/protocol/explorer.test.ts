/**
 * The node allocation explorer's requests on the real bundled server: targets per cluster, the what-if edit
 * (the quick fixes' edit code: minimal, comments kept), the language status of a file, code lenses and the
 * hover link. Two clusters in one workspace with different CNI settings: each node is shown under its own.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AllocationTargetsResult, ApplyWhatIfResult, FileStatusResult } from '../../protocol/messages';
import { LspClient } from '../helpers/lspClient';

export const daemonSet = (cluster: string, env: string): string => `# vpc-cni-lint: cluster=${cluster}
# The aws-node DaemonSet of ${cluster} (trimmed).
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: aws-node
  namespace: kube-system
spec:
  template:
    spec:
      containers:
        - name: aws-node
          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.2
          env:
            # keep one ENI of addresses warm
${env}            - name: ENABLE_IPv4
              value: "true" # IPv4 cluster
`;

export const nodePool = (cluster: string, types: string): string => `# vpc-cni-lint: cluster=${cluster}
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: default
spec:
  role: KarpenterNodeRole-${cluster}
  amiSelectorTerms:
    - alias: al2023@latest
---
apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: general
spec:
  template:
    spec:
      nodeClassRef:
        group: karpenter.k8s.aws
        kind: EC2NodeClass
        name: default
      requirements:
        - key: node.kubernetes.io/instance-type
          operator: In
          values: [${types}]
`;

const WARM_ENI = `            - name: WARM_ENI_TARGET
              value: "1"
`;
const PD = `            - name: ENABLE_PREFIX_DELEGATION
              value: "true"
            - name: WARM_PREFIX_TARGET
              value: "1"
`;

/** Makes a workspace with a prod cluster (WARM_ENI_TARGET=1) and a dev cluster (prefix delegation). */
export function makeWorkspace(): { dir: string; uri: (rel: string) => string; text: Record<string, string> } {
  const dir = mkdtempSync(path.join(tmpdir(), 'vpc-cni-lint-explorer-'));
  const text: Record<string, string> = {
    'prod/aws-node.yaml': daemonSet('prod', WARM_ENI),
    'prod/nodes.yaml': nodePool('prod', '"m5.large", "c5.xlarge"'),
    'dev/aws-node.yaml': daemonSet('dev', PD),
    'dev/nodes.yaml': nodePool('dev', '"m5.large"'),
  };
  for (const [rel, t] of Object.entries(text)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), t);
  }
  return { dir, uri: (rel) => pathToFileURL(path.join(dir, rel)).toString(), text };
}

/** 0-based position of `needle` (plus `delta`). */
export function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} not found`);
  const before = text.slice(0, offset + delta);
  const line = before.split('\n').length - 1;
  return { line, character: offset + delta - (before.lastIndexOf('\n') + 1) };
}

interface LspTextEdit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

/** Applies LSP text edits (non-overlapping; same-position inserts in array order) to `text`. */
export function applyEdits(text: string, edits: LspTextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const off = (p: { line: number; character: number }): number =>
    (starts[p.line] ?? text.length) + p.character;
  const sorted = edits
    .map((e, i) => ({ s: off(e.range.start), e: off(e.range.end), t: e.newText, i }))
    .sort((a, b) => b.s - a.s || b.i - a.i);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.s) + e.t + out.slice(e.e);
  return out;
}

describe('protocol: the node allocation explorer', function () {
  this.timeout(60_000);
  let client: LspClient;
  let ws: ReturnType<typeof makeWorkspace>;
  before(async () => {
    ws = makeWorkspace();
    client = await LspClient.start({
      rootUri: pathToFileURL(ws.dir).toString(),
      initializationOptions: { showNodeAllocationCommand: true },
    });
  });
  after(async () => {
    await client.stop();
  });

  it('lists the nodes and types of the workspace, the file’s cluster first, and the one at the cursor', async () => {
    const rel = 'dev/nodes.yaml';
    await client.open(ws.uri(rel), ws.text[rel]!);
    const r = await client.connection.sendRequest<AllocationTargetsResult>('vpcCniLint/allocationTargets', {
      textDocument: { uri: ws.uri(rel) },
      position: positionOf(ws.text[rel]!, '"m5.large"', 2),
    });
    assert.equal(r.at?.instanceType, 'm5.large');
    assert.equal(r.at?.uri, ws.uri(rel));
    assert.match(r.at?.label ?? '', /NodePool "general"/);
    assert.match(r.at?.description ?? '', /cluster "dev"/);
    const labels = r.targets.map((t) => `${t.description} ${t.label}`);
    // dev first (the file's cluster), then prod's two types; the node class takes its pools' types.
    assert.ok(labels[0]?.includes('cluster "dev"'), labels.join('\n'));
    assert.ok(
      labels.some((l) => /cluster "prod".*c5\.xlarge/.test(l)),
      labels.join('\n'),
    );
    const devCount = labels.filter((l) => l.includes('cluster "dev"')).length;
    assert.ok(labels.slice(0, devCount).every((l) => l.includes('cluster "dev"')));
  });

  it('Apply writes the what-if into the CNI settings of the node’s cluster, keeping comments', async () => {
    const rel = 'prod/nodes.yaml';
    await client.open(ws.uri(rel), ws.text[rel]!);
    const t = await client.connection.sendRequest<AllocationTargetsResult>('vpcCniLint/allocationTargets', {
      textDocument: { uri: ws.uri(rel) },
      position: positionOf(ws.text[rel]!, '"m5.large"', 2),
    });
    assert.ok(t.at);
    const r = await client.connection.sendRequest<ApplyWhatIfResult>('vpcCniLint/applyWhatIf', {
      target: t.at,
      whatIf: { WARM_IP_TARGET: '10', MINIMUM_IP_TARGET: '30', WARM_ENI_TARGET: '1' },
    });
    assert.ok(r.edit?.changes, r.reason);
    // Only prod's aws-node.yaml (closed, read from disk) changes; dev's does not.
    assert.deepEqual(Object.keys(r.edit.changes), [ws.uri('prod/aws-node.yaml')]);
    const edits = r.edit.changes[ws.uri('prod/aws-node.yaml')]!;
    // WARM_ENI_TARGET already is "1": two inserts, nothing replaced.
    assert.equal(edits.length, 2);
    const before = ws.text['prod/aws-node.yaml']!;
    const after = applyEdits(before, edits);
    assert.match(after, /- name: WARM_IP_TARGET\n\s+value: "10"\n/);
    assert.match(after, /- name: MINIMUM_IP_TARGET\n\s+value: "30"\n/);
    // Every line of the file is still there, byte for byte, in order (comments included).
    const kept = after.split('\n');
    let i = 0;
    for (const line of before.split('\n')) {
      while (i < kept.length && kept[i] !== line) i++;
      assert.ok(i < kept.length, `line lost: ${line}`);
    }
    assert.equal(after.split('\n').length, before.split('\n').length + 4);
  });

  it('Apply replaces a value in place and says why when there is nothing to write', async () => {
    const rel = 'prod/nodes.yaml';
    const target = { uri: ws.uri(rel), node: 1, instanceType: 'm5.large' };
    const r = await client.connection.sendRequest<ApplyWhatIfResult>('vpcCniLint/applyWhatIf', {
      target,
      whatIf: { WARM_ENI_TARGET: '0' },
    });
    const edits = r.edit?.changes?.[ws.uri('prod/aws-node.yaml')];
    assert.ok(edits, r.reason);
    assert.deepEqual(
      edits.map((e) => e.newText),
      ['"0"'],
    );
    const same = await client.connection.sendRequest<ApplyWhatIfResult>('vpcCniLint/applyWhatIf', {
      target,
      whatIf: { WARM_ENI_TARGET: '1' },
    });
    assert.equal(same.edit, undefined);
    assert.match(same.reason ?? '', /already/);
    const bad = await client.connection.sendRequest<ApplyWhatIfResult>('vpcCniLint/applyWhatIf', {
      target,
      whatIf: { WARM_IP_TARGE: '1' },
    });
    assert.match(bad.reason ?? '', /WARM_IP_TARGE is not an aws-node env variable/);
  });

  it('rejects a malformed target with InvalidParams', async () => {
    await assert.rejects(
      client.connection.sendRequest('vpcCniLint/applyWhatIf', { target: { uri: 1 }, whatIf: {} }),
      (e: { code?: number }) => e.code === -32602,
    );
  });

  it('the file status names the cluster, its nodes and the worst finding, and links to a node', async () => {
    const rel = 'prod/aws-node.yaml';
    await client.open(ws.uri(rel), ws.text[rel]!);
    const s = await client.connection.sendRequest<FileStatusResult>('vpcCniLint/fileStatus', {
      textDocument: { uri: ws.uri(rel) },
    });
    assert.equal(s.relevant, true);
    assert.equal(s.cluster, 'cluster "prod"');
    assert.deepEqual(s.nodes.sort(), ['EC2NodeClass "default"', 'NodePool "general"']);
    assert.equal(s.target?.uri, ws.uri('prod/nodes.yaml'));
  });

  it('offers a code lens on every node definition and written instance type, and a hover link', async () => {
    const rel = 'prod/nodes.yaml';
    const text = ws.text[rel]!;
    const lenses = await client.connection.sendRequest<
      Array<{
        range: { start: { line: number } };
        command: { title: string; command: string; arguments: unknown[] };
      }>
    >('textDocument/codeLens', { textDocument: { uri: ws.uri(rel) } });
    const titles = lenses.map((l) => `${l.range.start.line}: ${l.command.title}`);
    const line = (needle: string): number => positionOf(text, needle).line;
    assert.ok(
      titles.includes(`${line('name: default')}: Show node allocation (m5.large)`),
      titles.join('\n'),
    );
    assert.ok(
      titles.includes(`${line('name: general')}: Show node allocation (m5.large)`),
      titles.join('\n'),
    );
    assert.ok(titles.includes(`${line('"m5.large"')}: Show allocation on m5.large`), titles.join('\n'));
    assert.ok(lenses.every((l) => l.command.command === 'vpcCniLint.showNodeAllocation'));
    const p = positionOf(text, '"c5.xlarge"', 2);
    const h = await client.hover(ws.uri(rel), p.line, p.character);
    const link =
      /\[Show node allocation \(c5\.xlarge\)\]\(command:vpcCniLint\.showNodeAllocation\?([^ )]+)/.exec(
        h?.contents.value ?? '',
      );
    assert.ok(link, h?.contents.value);
    const [target] = JSON.parse(decodeURIComponent(link[1]!)) as [
      { uri: string; node: number; instanceType: string },
    ];
    assert.deepEqual(target, { uri: ws.uri(rel), node: 1, instanceType: 'c5.xlarge' });
  });

  it('offers no code lens and no hover link to a client without the command', async () => {
    const other = await LspClient.start({ rootUri: pathToFileURL(ws.dir).toString() });
    try {
      const rel = 'prod/nodes.yaml';
      await other.open(ws.uri(rel), ws.text[rel]!);
      const p = positionOf(ws.text[rel]!, '"c5.xlarge"', 2);
      const h = await other.hover(ws.uri(rel), p.line, p.character);
      assert.ok(h);
      assert.doesNotMatch(h.contents.value, /command:/);
      const lenses = await other.connection.sendRequest('textDocument/codeLens', {
        textDocument: { uri: ws.uri(rel) },
      });
      assert.deepEqual(lenses, []);
    } finally {
      await other.stop();
    }
  });
});
