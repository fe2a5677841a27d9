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
import type {
  AllocationTargetsResult,
  AllocationViewResult,
  ApplyWhatIfResult,
  FileStatusResult,
} from '../../protocol/messages';
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

  const view = (
    cluster: string,
    params: Record<string, unknown> = {},
    node = 1,
  ): Promise<AllocationViewResult | null> =>
    client.connection.sendRequest<AllocationViewResult | null>('vpcCniLint/allocationView', {
      target: { uri: ws.uri(`${cluster}/nodes.yaml`), node, instanceType: 'm5.large' },
      ...params,
    });

  // m5.large: 3 ENIs x 10 IPv4 addresses = one ENI-address cell + 9 secondary-IP (or /28 prefix) cells each.
  // Slot counts are cells: one per secondary IP, one per prefix (states as the picture module counts them).
  const rows: Array<{
    why: string;
    cluster: string;
    pods: number;
    whatIf?: Record<string, string>;
    slots: Record<string, number>;
    whatIfSlots?: Record<string, number>;
  }> = [
    {
      // WARM_ENI_TARGET=1, no pods: the primary ENI's 9 free IPs are one ENI's worth; 2 x 9 not allocated
      why: 'prod, 0 pods',
      cluster: 'prod',
      pods: 0,
      slots: { used: 0, warm: 9, 'not-allocated': 18, 'eni-address': 1, unusable: 0 },
    },
    {
      // 12 > 9: the second ENI attaches; its 6 free IPs < 9, so the third too: 27 - 12 = 15 warm
      why: 'prod, 12 pods: the second ENI attaches once the primary ENI’s IPs are taken',
      cluster: 'prod',
      pods: 12,
      slots: { used: 12, warm: 15, 'not-allocated': 0, 'eni-address': 3, unusable: 0 },
      // WARM_IP_TARGET=2 wins over WARM_ENI_TARGET: 12 + 2 = 14 IPs = 9 + 5 on 2 ENIs; 27 - 14 = 13 left
      whatIf: { WARM_IP_TARGET: '2' },
      whatIfSlots: { used: 12, warm: 2, 'not-allocated': 13, 'eni-address': 2, unusable: 0 },
    },
    {
      // prefix delegation: 20 pods = 16 + 4 in 2 prefixes on the primary ENI; 27 - 2 = 25 prefix cells left.
      // Without it: 20 IPs need 3 ENIs (9 + 9 + 2), 27 - 20 = 7 warm
      why: 'dev (prefix delegation), 20 pods; what if it is off',
      cluster: 'dev',
      pods: 20,
      slots: { used: 2, warm: 0, 'not-allocated': 25, 'eni-address': 1, unusable: 0 },
      whatIf: { ENABLE_PREFIX_DELEGATION: 'false' },
      whatIfSlots: { used: 20, warm: 7, 'not-allocated': 0, 'eni-address': 3, unusable: 0 },
    },
  ];
  for (const row of rows)
    it(`allocationView: slot counts per state (${row.why})`, async () => {
      const r = await view(row.cluster, { pods: row.pods, ...(row.whatIf ? { whatIf: row.whatIf } : {}) });
      assert.ok(r);
      assert.deepEqual(r.slots, row.slots);
      assert.deepEqual(r.whatIfSlots, row.whatIfSlots);
      assert.equal(r.pods, row.pods);
      assert.deepEqual(r.problems, []);
      assert.equal(r.settingsFrom, `${row.cluster}/aws-node.yaml`);
      assert.equal(r.apply.possible, row.whatIf !== undefined, r.apply.reason);
    });

  it('allocationView: pictures as SVG without script, the numbers, and the text alternatives', async () => {
    const r = await view('prod', { pods: 12, whatIf: { WARM_IP_TARGET: '2' } });
    assert.ok(r);
    // Karpenter computes 29 for m5.large: 3 x (10 - 1) + 2; the slider stops at 29 - 2 host-network pods.
    assert.equal(r.maxPods, 29);
    assert.equal(r.podsMax, 27);
    assert.match(r.maxPodsOrigin, /Karpenter computes 29/);
    assert.equal(r.capacity, 29);
    assert.equal(r.tools.find((t) => t.tool === 'karpenter')?.value, 29);
    // The grid now and under the what-if side by side, and one burst timeline with both settings.
    assert.equal((r.html.match(/<svg/g) ?? []).length, 3, r.html.slice(0, 200));
    assert.match(r.text, /settings in force: over \d+ s, at most \d+ pods waited/);
    assert.match(r.text, /what if WARM_IP_TARGET=2: over \d+ s/);
    assert.doesNotMatch(r.html, /<script|\son[a-z]+=|javascript:|style="/i);
    assert.match(r.css, /\.vcl-pic/);
    assert.match(r.text, /12 used by pods, 15 warm/);
    assert.match(r.text, /What if WARM_IP_TARGET=2: .*12 used by pods, 2 warm/);
    // 100 pods on 3 fresh nodes of max-pods 29: 3 x 27 = 81 get a node, 19 cannot be scheduled.
    assert.deepEqual(r.burst, { pods: 100, nodes: 3, seconds: 10 });
    assert.match(r.text, /Burst of 100 pods on 3 nodes over 10 s: .*19 unschedulable/);
    assert.deepEqual(
      r.settings.filter((s) => s.name === 'WARM_ENI_TARGET' || s.name === 'WARM_IP_TARGET'),
      [
        { name: 'WARM_ENI_TARGET', value: '1' },
        { name: 'WARM_IP_TARGET', value: 'unset' },
      ],
    );
  });

  it('allocationView: out-of-range inputs are clamped with a problem, a gone node is null', async () => {
    const r = await view('prod', { pods: 99, whatIf: { WARM_IP_TARGE: '2' }, burst: { pods: 0, nodes: 2 } });
    assert.ok(r);
    assert.equal(r.pods, 27);
    assert.deepEqual(r.burst, { pods: 1, nodes: 2, seconds: 10 });
    assert.deepEqual(r.problems, [
      'WARM_IP_TARGE is not an aws-node env variable',
      'pods must be from 0 to 27; using 27',
      'burst pods must be from 1 to 5,000; using 1',
    ]);
    assert.deepEqual(r.whatIf, {});
    assert.equal(r.apply.possible, false);
    assert.equal(await view('prod', {}, 7), null);
    await assert.rejects(
      client.connection.sendRequest('vpcCniLint/allocationView', {
        target: { uri: ws.uri('prod/nodes.yaml') },
      }),
      (e: { code?: number }) => e.code === -32602,
    );
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
