/**
 * `npm run bench`: performance of the analysis, the server and the CLI, as ratios to a floor
 * measured in the same run (yaml's `parseAllDocuments` on the same text, or yaml-language-server
 * on the same files). Prints a table and writes `bench/results.md` (latest run + history).
 *
 * Options: `--quick` (fewer repetitions and smaller inputs, for trying the harness),
 * `--only a,b` (sections: analysis, keystroke, clusters, peer, engine, pictures, cli, size, soak), `--no-write`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  BenchClient,
  fileTree,
  linesManifest,
  manifest,
  median,
  OUR_SERVER,
  percentile,
  positionAt,
  ROOT,
  YAML_LS,
  type Mix,
} from '../../bench';
import { soak } from '../../bench/soak';
import { analyze, buildWorkspaceContext, defaultSettings } from '../../server/src/analysis';
import { allMaxPods, defaultCatalog, type CniNodeConfig } from '../../server/src/engine';
import { burstEvents, simulate, type SimulationResult } from '../../server/src/engine/simulate';
import type { NodeSpec } from '../../server/src/engine/warmPool';
import { parseDocument } from '../../server/src/syntax';
import { gridSvg, slotGrid, timelineFromSimulation, timelineSvg } from '../../server/src/pictures';
import { steadyState } from '../../server/src/engine/warmPool';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const write = !args.includes('--no-write') && !only && !quick;
const want = (section: string) => !only || only.includes(section);

interface Row {
  section: string;
  name: string;
  value: string;
  reference: string;
  ratio: string;
  goal: string;
  met: boolean | undefined;
  note?: string;
}
const rows: Row[] = [];
const notes: string[] = [];
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const ms = (n: number) => (n >= 100 ? `${n.toFixed(0)} ms` : `${n.toFixed(1)} ms`);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const x = (n: number) => `${n.toFixed(2)}x`;

function row(r: Row): void {
  rows.push(r);
  const status = r.met === undefined ? '' : r.met ? 'met' : 'NOT MET';
  console.log(`  ${r.name}: ${r.value} | ref ${r.reference} | ${r.ratio} | goal ${r.goal} ${status}`);
}

/**
 * Milliseconds of `f` for in-process figures: the smaller of wall-clock time and the CPU time
 * this process used, so that time spent waiting for one of the 2 shared cores (other engineers
 * run tests on them) does not count. The floor is measured the same way.
 */
function time(f: () => void): number {
  const cpu = process.cpuUsage();
  const t = performance.now();
  f();
  const wall = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return Math.min(wall, (used.user + used.system) / 1000);
}

const catalog = defaultCatalog();
/** parseDocument + analyze of one text; returns [parse ms, rules ms]. */
function analyseText(text: string, uri = 'file:///bench/manifest.yaml'): [number, number] {
  const t0 = performance.now();
  const model = parseDocument(text, { uri });
  const t1 = performance.now();
  const workspace = buildWorkspaceContext([{ uri, model }]);
  analyze({ uri, text, model, workspace, catalog, settings: defaultSettings });
  return [t1 - t0, performance.now() - t1];
}

// ---------------------------------------------------------------------------------------------
// 1. Analysis of large multi-document manifests vs parseAllDocuments

function benchAnalysis(): void {
  console.log('\n# Analysis of large manifests (parseDocument + analyze) vs yaml parseAllDocuments');
  const sizes = quick ? [100e3, 1e6] : [100e3, 1e6, 5e6];
  const reps = (size: number) => (quick ? 3 : size <= 100e3 ? 15 : size <= 1e6 ? 7 : 3);
  // Warm up both paths.
  const warm = manifest(100e3, 'all-relevant', 99).text;
  for (let i = 0; i < 8; i++) {
    parseAllDocuments(warm);
    analyseText(warm);
  }
  const perMb: Record<Mix, number[]> = { 'all-relevant': [], 'few-relevant': [] };
  for (const mix of ['all-relevant', 'few-relevant'] as Mix[]) {
    for (const size of sizes) {
      const m = manifest(size, mix);
      const floor: number[] = [];
      const ours: number[] = [];
      const parse: number[] = [];
      const rules: number[] = [];
      for (let i = 0; i < reps(size); i++) {
        gc();
        floor.push(time(() => parseAllDocuments(m.text)));
        gc();
        const [p, r] = analyseText(m.text);
        parse.push(p);
        rules.push(r);
        ours.push(p + r);
      }
      const f = median(floor);
      const o = median(ours);
      const goal = mix === 'all-relevant' ? 1.5 : 0.5;
      perMb[mix].push(o / (m.text.length / 1e6));
      row({
        section: 'analysis',
        name: `${mix}, ${(m.text.length / 1e6).toFixed(1)} MB (${m.documents} docs, ${m.relevant} relevant)`,
        value: `${ms(o)} (${(m.text.length / 1e6 / (o / 1000)).toFixed(2)} MB/s)`,
        reference: `${ms(f)} (${(m.text.length / 1e6 / (f / 1000)).toFixed(2)} MB/s)`,
        ratio: `${x(o / f)} (parse ${x(median(parse) / f)}, rules ${x(median(rules) / f)})`,
        goal: `<= ${goal}x`,
        met: o / f <= goal,
      });
    }
  }
  for (const mix of ['all-relevant', 'few-relevant'] as Mix[]) {
    const series = perMb[mix];
    const first = series[1] ?? series[0] ?? NaN;
    const last = series[series.length - 1] ?? NaN;
    row({
      section: 'analysis',
      name: `linearity, ${mix}: ms per MB at ${sizes.map((s) => `${s / 1e6} MB`).join(' / ')}`,
      value: series.map((v) => v.toFixed(0)).join(' / '),
      reference: 'per-MB cost at 1 MB',
      ratio: x(last / first),
      goal: '<= 1.3x (linear)',
      met: last / first <= 1.3,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Keystroke latency over the protocol, ours vs the floor of parsing the file once

const YAML_LS_SETTINGS = {
  yaml: {
    validate: true,
    hover: true,
    completion: true,
    format: { enable: false },
    schemaStore: { enable: false },
    schemas: {},
    customTags: [],
  },
  http: { proxy: '', proxyStrictSSL: false },
  editor: { tabSize: 2, detectIndentation: true },
  files: { associations: {} },
  '[yaml]': {},
};

/** Wall-clock median of parsing `text` once: the reference for latencies measured over the protocol. */
function parseFloor(text: string, reps = 15): number {
  for (let i = 0; i < 3; i++) parseAllDocuments(text);
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    parseAllDocuments(text);
    t.push(performance.now() - t0);
  }
  return median(t);
}

/** Offsets of single digits outside the DaemonSet (ordinary typing) and inside its env values. */
function editSites(text: string, dsStart: number): { ordinary: number[]; cni: number[] } {
  const ordinary: number[] = [];
  const cni: number[] = [];
  const dsEnd = text.indexOf('---', dsStart);
  const re = /(\d)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > dsStart && m.index < dsEnd) {
      if (/value: "\d*$/.test(text.slice(m.index - 20, m.index))) cni.push(m.index);
    } else ordinary.push(m.index);
  }
  return { ordinary, cni };
}

async function benchKeystroke(): Promise<void> {
  console.log('\n# Keystroke latency on a 5,000-line file (didChange -> pull-diagnostics answer)');
  const { text, daemonSetOffset } = linesManifest(5000);
  const lines = text.split('\n').length;
  const floor = parseFloor(text);
  const uri = 'file:///bench/big.yaml';
  const { client } = await BenchClient.start({
    script: OUR_SERVER,
    pull: true,
    sections: { vpcCniLint: {} },
  });
  // Other documents of the workspace: their context must be reused, not re-analysed.
  for (let i = 0; i < 20; i++)
    await client.open(`file:///bench/other-${i}.yaml`, manifest(5e3, 'all-relevant', i).text);
  await client.open(uri, text);
  await client.pull(uri);
  const sites = editSites(text, daemonSetOffset);
  const hoverAt = positionAt(text, text.indexOf('WARM_ENI_TARGET', daemonSetOffset) + 3);
  let version = 1;
  const edits = quick ? 60 : 400;
  const latency: number[] = [];
  const hovers: number[] = [];
  let current = text;
  for (let i = 0; i < edits + 30; i++) {
    const list = i % 10 === 9 ? sites.cni : sites.ordinary;
    const at = list[(i * 7919) % list.length] ?? 0;
    const digit = String((Number(current[at]) + 1) % 10);
    current = current.slice(0, at) + digit + current.slice(at + 1);
    const pos = positionAt(current, at);
    const t0 = performance.now();
    await client.changeRange(
      uri,
      ++version,
      { start: pos, end: { ...pos, character: pos.character + 1 } },
      digit,
    );
    await client.pull(uri);
    const dt = performance.now() - t0;
    if (i >= 30) latency.push(dt);
    if (i >= 30 && i % 3 === 0) {
      const h0 = performance.now();
      await client.request('textDocument/hover', { textDocument: { uri }, position: hoverAt });
      hovers.push(performance.now() - h0);
    }
  }
  // Fast typing: ten keystrokes sent back to back (each one a didChange), then one pull.
  const bursts: number[] = [];
  for (let round = 0; round < (quick ? 5 : 30); round++) {
    const t0 = performance.now();
    for (let k = 0; k < 10; k++) {
      const at = sites.ordinary[(round * 104729 + k * 7919) % sites.ordinary.length] ?? 0;
      const digit = String((Number(current[at]) + 1) % 10);
      current = current.slice(0, at) + digit + current.slice(at + 1);
      const pos = positionAt(current, at);
      void client.changeRange(
        uri,
        ++version,
        { start: pos, end: { ...pos, character: pos.character + 1 } },
        digit,
      );
    }
    await client.pull(uri);
    bursts.push(performance.now() - t0);
  }
  await client.stop();
  const p50 = percentile(latency, 50);
  const p99 = percentile(latency, 99);
  const ref = `parse once ${ms(floor)}`;
  row({
    section: 'keystroke',
    name: `edit -> diagnostics p50 (${lines} lines, ${edits} edits, 20 other docs open)`,
    value: ms(p50),
    reference: ref,
    ratio: x(p50 / floor),
    goal: '',
    met: undefined,
  });
  row({
    section: 'keystroke',
    name: 'edit -> diagnostics p99',
    value: ms(p99),
    reference: ref,
    ratio: x(p99 / floor),
    goal: '<= 1.5x parse once',
    met: p99 / floor <= 1.5,
  });
  row({
    section: 'keystroke',
    name: 'burst of 10 keystrokes -> diagnostics, p50 / p99 (edits are parsed once, at the pull)',
    value: `${ms(percentile(bursts, 50))} / ${ms(percentile(bursts, 99))}`,
    reference: ref,
    ratio: x(percentile(bursts, 99) / floor),
    goal: '',
    met: undefined,
  });
  row({
    section: 'keystroke',
    name: 'hover p50 / p99 (after the edit was analysed)',
    value: `${ms(percentile(hovers, 50))} / ${ms(percentile(hovers, 99))}`,
    reference: ref,
    ratio: x(percentile(hovers, 99) / floor),
    goal: '',
    met: undefined,
  });
}

// ---------------------------------------------------------------------------------------------
// 2b. Many clusters: an edit in one cluster's files re-analyses that cluster only

/** One cluster's files: an eksctl ClusterConfig (add-on settings, node group) and Karpenter manifests. */
function clusterFiles(i: number): Array<{ uri: string; text: string }> {
  const pd = i % 2 === 0;
  const env = pd
    ? 'ENABLE_PREFIX_DELEGATION: "true"\n        WARM_PREFIX_TARGET: "1"'
    : 'WARM_IP_TARGET: "5"\n        MINIMUM_IP_TARGET: "10"';
  const eksctl = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: cluster-${i}
  region: eu-west-1
addons:
  - name: vpc-cni
    configurationValues: |-
      env:
        ${env}
managedNodeGroups:
${Array.from({ length: 10 }, (_, g) => `  - name: ng-${g}\n    instanceType: ${['m5.large', 'c6i.xlarge', 'r6g.2xlarge'][g % 3]}\n    maxPodsPerNode: ${20 + g}\n`).join('')}`;
  const karpenter = Array.from(
    { length: 5 },
    (_, k) => `apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: class-${k}
spec:
  amiSelectorTerms:
    - alias: al2023@latest
---
apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: pool-${k}
spec:
  template:
    spec:
      nodeClassRef:
        group: karpenter.k8s.aws
        kind: EC2NodeClass
        name: class-${k}
      requirements:
        - key: karpenter.k8s.aws/instance-family
          operator: In
          values: ["m5", "c6i"]
`,
  ).join('---\n');
  return [
    { uri: `file:///bench/clusters/cluster-${i}/cluster.yaml`, text: eksctl },
    { uri: `file:///bench/clusters/cluster-${i}/karpenter/nodes.yaml`, text: karpenter },
  ];
}

/** p99 of edit -> pull of the edited file, and of the pulls of every other open file after it. */
async function clusterKeystrokes(clusters: number, edits: number): Promise<{ edit: number; others: number }> {
  const { client } = await BenchClient.start({
    script: OUR_SERVER,
    pull: true,
    sections: { vpcCniLint: {} },
  });
  const files = Array.from({ length: clusters }, (_, i) => clusterFiles(i)).flat();
  for (const f of files) await client.open(f.uri, f.text);
  for (const f of files) await client.pull(f.uri);
  const target = files[0];
  if (!target) throw new Error('no files');
  let current = target.text;
  const at = current.indexOf('maxPodsPerNode: ') + 'maxPodsPerNode: '.length + 1;
  let version = 1;
  const edit: number[] = [];
  const others: number[] = [];
  for (let i = 0; i < edits + 10; i++) {
    const digit = String((Number(current[at]) + 1) % 10);
    current = current.slice(0, at) + digit + current.slice(at + 1);
    const pos = positionAt(current, at);
    const t0 = performance.now();
    await client.changeRange(
      target.uri,
      ++version,
      { start: pos, end: { ...pos, character: pos.character + 1 } },
      digit,
    );
    await client.pull(target.uri);
    const t1 = performance.now();
    // What the client does after the server's refresh: pull every other open document.
    for (const f of files) if (f !== target) await client.pull(f.uri);
    const t2 = performance.now();
    if (i >= 10) {
      edit.push(t1 - t0);
      others.push(t2 - t1);
    }
  }
  await client.stop();
  return { edit: percentile(edit, 99), others: percentile(others, 99) };
}

async function benchClusters(): Promise<void> {
  console.log('\n# Keystroke latency with 50 clusters open vs one (an edit in one cluster file)');
  const edits = quick ? 30 : 150;
  const one = await clusterKeystrokes(1, edits);
  const many = await clusterKeystrokes(50, edits);
  row({
    section: 'keystroke',
    name: `edit -> diagnostics p99, 50 clusters open (100 files, ${edits} edits in one cluster's eksctl file)`,
    value: ms(many.edit),
    reference: `1 cluster ${ms(one.edit)}`,
    ratio: x(many.edit / one.edit),
    goal: '<= 1.5x one cluster',
    met: many.edit / one.edit <= 1.5,
  });
  row({
    section: 'keystroke',
    name: 'then re-pull every other open file p99 (other clusters answer from the cache)',
    value: ms(many.others),
    reference: `1 cluster (1 other file) ${ms(one.others)}`,
    ratio: x(many.others / Math.max(one.others, 0.001)),
    goal: '',
    met: undefined,
  });
}

// ---------------------------------------------------------------------------------------------
// 3. Against yaml-language-server on the same files

interface PeerFigures {
  coldStart: number;
  firstDiagnostics: number;
  editP50: number;
  editP99: number;
  rss100: number;
  rssClosed: number;
}

async function peerFigures(which: 'ours' | 'yaml-ls', text: string, docs: string[]): Promise<PeerFigures> {
  const script = which === 'ours' ? OUR_SERVER : YAML_LS;
  const pull = which === 'ours';
  const start = () =>
    BenchClient.start({
      script,
      pull,
      sections: which === 'ours' ? { vpcCniLint: {} } : YAML_LS_SETTINGS,
    });
  const cold: number[] = [];
  for (let i = 0; i < (quick ? 2 : 5); i++) {
    const { client, initMs } = await start();
    cold.push(initMs);
    await client.stop();
  }
  const diagnose = async (client: BenchClient, uri: string, send: () => Promise<void>): Promise<number> => {
    const t0 = performance.now();
    if (pull) {
      await send();
      await client.pull(uri);
    } else {
      const next = client.nextPublished(uri);
      await send();
      await next;
    }
    return performance.now() - t0;
  };
  // First diagnostics and edits on the 5,000-line file.
  const { client } = await start();
  const uri = 'file:///bench/big.yaml';
  const first = await diagnose(client, uri, () => client.open(uri, text));
  const edit: number[] = [];
  const sites = editSites(text, 0).ordinary;
  let current = text;
  const n = quick ? 8 : 40;
  for (let i = 0; i < n + 5; i++) {
    const at = sites[(i * 7919) % sites.length] ?? 0;
    const digit = String((Number(current[at]) + 1) % 10);
    current = current.slice(0, at) + digit + current.slice(at + 1);
    const pos = positionAt(current, at);
    const dt = await diagnose(client, uri, () =>
      client.changeRange(uri, i + 2, { start: pos, end: { ...pos, character: pos.character + 1 } }, digit),
    );
    if (i >= 5) edit.push(dt);
  }
  await client.stop();
  // Memory after opening 100 documents of 50 KB, then after closing them.
  const { client: c2 } = await start();
  for (const [i, doc] of docs.entries()) {
    const u = `file:///bench/doc-${i}.yaml`;
    await diagnose(c2, u, () => c2.open(u, doc));
  }
  await new Promise((r) => setTimeout(r, 1000));
  const rss100 = c2.rss();
  for (let i = 0; i < docs.length; i++) await c2.close(`file:///bench/doc-${i}.yaml`);
  await new Promise((r) => setTimeout(r, 1500));
  const rssClosed = c2.rss();
  await c2.stop();
  return {
    coldStart: median(cold),
    firstDiagnostics: first,
    editP50: percentile(edit, 50),
    editP99: percentile(edit, 99),
    rss100,
    rssClosed,
  };
}

async function benchPeer(): Promise<void> {
  console.log('\n# Against yaml-language-server (same stdio protocol, same files)');
  const { text } = linesManifest(5000);
  const floor = parseFloor(text);
  const docs = Array.from({ length: 100 }, (_, i) => manifest(50e3, 'few-relevant', 100 + i).text);
  const ours = await peerFigures('ours', text, docs);
  const peer = await peerFigures('yaml-ls', text, docs);
  const cmp = (name: string, o: number, p: number, fmt: (n: number) => string, goal: string, met: boolean) =>
    row({
      section: 'peer',
      name,
      value: fmt(o),
      reference: `yaml-ls ${fmt(p)}`,
      ratio: x(o / p),
      goal,
      met: met && o < p,
    });
  // Where a cold start goes: Node itself, and loading (compiling, initialising) the bundle.
  const spawnMs = (code: string) =>
    median(
      Array.from({ length: quick ? 2 : 5 }, () => {
        const t0 = performance.now();
        spawnSync(process.execPath, ['-e', code]);
        return performance.now() - t0;
      }),
    );
  const nodeAlone = spawnMs('');
  const withBundle = spawnMs(`require(${JSON.stringify(OUR_SERVER)})`);
  cmp(
    `cold start to initialize result (Node alone ${ms(nodeAlone)}, Node + loading the bundle ${ms(withBundle)})`,
    ours.coldStart,
    peer.coldStart,
    ms,
    '< 150 ms, ahead of yaml-ls',
    ours.coldStart < 150,
  );
  cmp(
    `time to first diagnostics, 5,000 lines (parse once ${ms(floor)})`,
    ours.firstDiagnostics,
    peer.firstDiagnostics,
    ms,
    'ahead of yaml-ls',
    true,
  );
  cmp('edit -> diagnostics p50', ours.editP50, peer.editP50, ms, 'ahead of yaml-ls', true);
  cmp(
    `edit -> diagnostics p99 (ours ${x(ours.editP99 / floor)} parse once)`,
    ours.editP99,
    peer.editP99,
    ms,
    '<= 1.5x parse once, ahead of yaml-ls',
    ours.editP99 / floor <= 1.5,
  );
  cmp(
    'resident memory after opening 100 docs of 50 KB',
    ours.rss100,
    peer.rss100,
    mb,
    '< 150 MB, ahead',
    ours.rss100 < 150 * 1024 * 1024,
  );
  cmp('resident memory after closing them', ours.rssClosed, peer.rssClosed, mb, 'ahead of yaml-ls', true);
}

// ---------------------------------------------------------------------------------------------
// 4. Engine

function benchEngine(): void {
  console.log('\n# Engine');
  const types = catalog.list().map((e) => e.name);
  const modes: Array<[string, CniNodeConfig]> = [
    ['secondary IP', {}],
    ['prefix delegation', { prefixDelegation: true }],
    ['custom networking', { customNetworking: true }],
    ['security groups for pods', { securityGroupsForPods: true }],
    ['IPv6', { ipv6: true }],
  ];
  for (let i = 0; i < 2; i++) for (const t of types.slice(0, 200)) allMaxPods(catalog, t, {});
  const runs: number[] = [];
  let results = 0;
  for (let rep = 0; rep < (quick ? 1 : 3); rep++) {
    results = 0;
    runs.push(
      time(() => {
        for (const [, config] of modes)
          for (const t of types) results += Object.keys(allMaxPods(catalog, t, config)).length;
      }),
    );
  }
  const t = median(runs);
  row({
    section: 'engine',
    name: `max-pods, every tool: ${types.length} types x ${modes.length} modes`,
    value: ms(t),
    reference: `${results} results`,
    ratio: `${((types.length * modes.length) / (t / 1000)).toFixed(0)} type-modes/s`,
    goal: '',
    met: undefined,
  });
  benchSimulation();
}

/** The warm-pool simulation of a cluster through a burst of pods; linear in nodes and events. */
function benchSimulation(): void {
  const nodes = (n: number): NodeSpec[] =>
    Array.from({ length: n }, (_, i) => ({ name: `node-${i}`, instanceType: 'm5.2xlarge' }));
  const run = (n: number, pods: number) => {
    let result: SimulationResult | undefined;
    const t = median(
      Array.from({ length: quick ? 1 : 3 }, () =>
        time(() => {
          result = simulate(catalog, {
            nodes: nodes(n),
            events: burstEvents(pods, 10),
          });
        }),
      ),
    );
    return { t, result };
  };
  run(10, 500); // warm up
  const base = run(100, 5000);
  const twiceNodes = run(200, 5000);
  const twiceBoth = run(200, 10_000);
  const placed = (base.result?.pods.length ?? 0) || 5000 - (base.result?.podsUnschedulable ?? 0);
  row({
    section: 'engine',
    name: `warm-pool simulation: 100 x m5.2xlarge, burst of 5,000 pods over 10 s (${base.result?.durationS ?? '?'} s simulated, ${placed} placed, p99 wait ${base.result?.waits.p99 ?? '?'} s)`,
    value: ms(base.t),
    reference: `200 nodes ${ms(twiceNodes.t)}; 200 nodes + 10,000 pods ${ms(twiceBoth.t)}`,
    ratio: `${(5000 / (base.t / 1000)).toFixed(0)} pods/s; x2 nodes ${x(twiceNodes.t / base.t)}, x2 both ${x(twiceBoth.t / base.t)}`,
    goal: 'linear (x2 input <= 2.6x time)',
    met: twiceNodes.t / base.t <= 2.6 && twiceBoth.t / base.t <= 2.6,
  });
}

// ---------------------------------------------------------------------------------------------
// Pictures: the largest slot grid and a 100-node timeline, against the engine work they draw

function benchPictures(): void {
  console.log('\n# Pictures');
  const reps = quick ? 3 : 15;
  const med = (f: () => void) => median(Array.from({ length: reps }, () => time(f)));
  // c5.18xlarge with PD: 15 ENIs x 50 slots = 750 cells; baseline the steady state it is laid out from
  const big = { instanceType: 'c5.18xlarge', env: { ENABLE_PREFIX_DELEGATION: 'true' }, pods: 735 };
  const small = { instanceType: 'm5.large', pods: 27 };
  for (let i = 0; i < 3; i++) gridSvg(slotGrid(catalog, big));
  const tSteady = med(() => steadyState(catalog, big));
  const tModel = med(() => slotGrid(catalog, big));
  const g = slotGrid(catalog, big);
  const tSvg = med(() => gridSvg(g));
  const gs = slotGrid(catalog, small);
  const tSvgSmall = med(() => gridSvg(gs));
  const cells = (x: typeof g) => x.rows.reduce((a, r) => a + r.cells.length, 0);
  const perCellBig = tSvg / cells(g);
  const perCellSmall = tSvgSmall / cells(gs);
  row({
    section: 'pictures',
    name: `slot grid, c5.18xlarge with PD, 735 pods (${cells(g)} cells): model / SVG (${(gridSvg(g).length / 1024).toFixed(0)} KiB)`,
    value: `${ms(tModel)} / ${ms(tSvg)}`,
    reference: `steady state alone ${ms(tSteady)}`,
    ratio: `model ${x(tModel / tSteady)}, SVG ${x(tSvg / tSteady)}`,
    goal: 'SVG < 16 ms (a frame: the pods slider redraws it)',
    met: tSvg < 16,
  });
  row({
    section: 'pictures',
    name: `slot grid SVG per cell: c5.18xlarge (${cells(g)} cells) vs m5.large (${cells(gs)} cells)`,
    value: `${(perCellBig * 1000).toFixed(2)} us / ${(perCellSmall * 1000).toFixed(2)} us`,
    reference: 'per-cell cost of the small grid',
    ratio: x(perCellBig / perCellSmall),
    goal: '<= 1.3x (linear in slots)',
    met: perCellBig / perCellSmall <= 1.3,
  });
  // 100 nodes, 5,000 pods: baseline the simulation; samples x2 by simulating twice as long after the burst
  const nodes = Array.from({ length: 100 }, (_, i) => ({ name: `node-${i}`, instanceType: 'm5.2xlarge' }));
  const sim = (settleS: number) =>
    simulate(catalog, { nodes, events: burstEvents(5000, 10), params: { podRecords: false, settleS } });
  const s1 = sim(180);
  const s2 = sim(180 + (s1.durationS + 5));
  const tSim = median(Array.from({ length: quick ? 1 : 3 }, () => time(() => sim(180))));
  const draw = (s: SimulationResult) => timelineSvg([timelineFromSimulation(s, { subnetFree: 16_379 })]);
  for (let i = 0; i < 3; i++) draw(s1);
  const tDraw = med(() => draw(s1));
  const tDraw2 = med(() => draw(s2));
  row({
    section: 'pictures',
    name: `burst timeline, 100 x m5.2xlarge, 5,000 pods (${s1.series.length} samples): model + SVG`,
    value: ms(tDraw),
    reference: `simulation alone ${ms(tSim)}`,
    ratio: x(tDraw / tSim),
    goal: '<= 0.1x the simulation',
    met: tDraw / tSim <= 0.1,
  });
  row({
    section: 'pictures',
    name: `burst timeline per sample: ${s2.series.length} vs ${s1.series.length} samples`,
    value: `${((tDraw2 / s2.series.length) * 1000).toFixed(2)} us / ${((tDraw / s1.series.length) * 1000).toFixed(2)} us`,
    reference: 'per-sample cost at the smaller count',
    ratio: x(tDraw2 / s2.series.length / (tDraw / s1.series.length)),
    goal: '<= 1.3x (linear in samples)',
    met: tDraw2 / s2.series.length / (tDraw / s1.series.length) <= 1.3,
  });
}

// ---------------------------------------------------------------------------------------------
// 5. CLI check on 10,000 files vs reading and parsing them

const FLOOR_SCRIPT = `
const fs = require('node:fs'); const path = require('node:path');
const { parseAllDocuments } = require('yaml'); const toml = require('smol-toml');
let n = 0;
const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : 1)) {
  const f = path.join(d, e.name);
  if (e.isDirectory()) walk(f);
  else { const t = fs.readFileSync(f, 'utf8'); n++;
    if (/\\.(ya?ml|json)$/.test(f)) parseAllDocuments(t);
    else if (f.endsWith('.toml')) { try { toml.parse(t); } catch {} } } } };
walk(process.argv[1]); console.log(n);
`;

function benchCli(): void {
  console.log('\n# CLI check on a tree of 10,000 files');
  const count = quick ? 1000 : 10_000;
  const dir = path.join(os.tmpdir(), `vpc-cni-lint-bench-tree-${count}-v1`);
  if (!existsSync(path.join(dir, '.complete'))) {
    rmSync(dir, { recursive: true, force: true });
    for (const f of fileTree(count)) {
      const full = path.join(dir, f.path);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, f.text);
    }
    writeFileSync(path.join(dir, '.complete'), '');
  }
  const bytes = Number(execFileSync('du', ['-sb', dir]).toString().split(/\s/)[0]);
  const cli = path.join(ROOT, 'server', 'out', 'cli.js');
  const ours: number[] = [];
  const floor: number[] = [];
  let exit: number | null = null;
  let stderr = '';
  for (let i = 0; i < (quick ? 1 : 3); i++) {
    let t = performance.now();
    const r = spawnSync(process.execPath, ['-e', FLOOR_SCRIPT, dir], {
      cwd: ROOT,
      maxBuffer: 1 << 30,
    });
    floor.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`floor script failed: ${r.stderr}`);
    t = performance.now();
    const c = spawnSync(process.execPath, [cli, 'check', dir, '--format', 'json'], {
      cwd: ROOT,
      maxBuffer: 1 << 30,
    });
    ours.push(performance.now() - t);
    exit = c.status;
    stderr = c.stderr.toString().slice(0, 500);
  }
  const o = median(ours);
  const f = median(floor);
  if (exit !== 0 && exit !== 1) notes.push(`CLI check exited ${exit}: ${stderr}`);
  row({
    section: 'cli',
    name: `check ${count} files (${mb(bytes)}), exit ${exit}`,
    value: `${ms(o)} (${(count / (o / 1000)).toFixed(0)} files/s)`,
    reference: `read + parse ${ms(f)}`,
    ratio: x(o / f),
    goal: '',
    met: undefined,
  });

  // Cache: a second run on the unchanged tree, against the first run that filled the cache.
  // Parallel: 2 threads against 1 on the same tree. Wall-clock time of the whole process (threads
  // are the point), interleaved runs, medians; the load average is noted because the cores are shared.
  const cacheFile = path.join(os.tmpdir(), `vpc-cni-lint-bench-cache-${process.pid}`);
  const runCheck = (extra: string[]) => {
    const t = performance.now();
    const c = spawnSync(process.execPath, [cli, 'check', dir, '--format', 'json', ...extra], {
      cwd: ROOT,
      maxBuffer: 1 << 30,
    });
    const dt = performance.now() - t;
    if (c.status !== 0 && c.status !== 1)
      notes.push(`CLI check ${extra.join(' ')} exited ${c.status}: ${c.stderr.toString().slice(0, 300)}`);
    return { dt, out: c.stdout.toString() };
  };
  const cold: number[] = [];
  const warm: number[] = [];
  const single: number[] = [];
  const dual: number[] = [];
  const load: number[] = [];
  let sameOutput = true;
  for (let i = 0; i < (quick ? 1 : 3); i++) {
    load.push(os.loadavg()[0] ?? 0);
    rmSync(cacheFile, { force: true });
    const a = runCheck(['--cache-location', cacheFile]);
    const b = runCheck(['--cache-location', cacheFile]);
    cold.push(a.dt);
    warm.push(b.dt);
    const s = runCheck(['--jobs', '1']);
    const d = runCheck(['--jobs', '2']);
    single.push(s.dt);
    dual.push(d.dt);
    sameOutput &&= a.out === b.out && s.out === d.out && a.out === s.out;
  }
  rmSync(cacheFile, { force: true });
  if (!sameOutput) notes.push('CLI check: outputs differ between cached / uncached or 1 / 2 threads');
  const loadNote = `load average ${Math.min(...load).toFixed(1)}-${Math.max(...load).toFixed(1)} on ${os.cpus().length} cores`;
  row({
    section: 'cli',
    name: `check --cache, second run on the unchanged tree (${count} files; ${loadNote})`,
    value: ms(median(warm)),
    reference: `first run ${ms(median(cold))}`,
    ratio: x(median(warm) / median(cold)),
    goal: '<= 0.1x',
    met: median(warm) / median(cold) <= 0.1 && sameOutput,
  });
  row({
    section: 'cli',
    name: `check --jobs 2 vs --jobs 1 (${count} files; ${loadNote})`,
    value: ms(median(dual)),
    reference: `1 thread ${ms(median(single))}`,
    ratio: x(median(dual) / median(single)),
    goal: '<= 0.6x on 2 cores',
    met: median(dual) / median(single) <= 0.6 && sameOutput,
  });
}

// ---------------------------------------------------------------------------------------------
// 6. Size

function benchSize(): void {
  console.log('\n# Size');
  for (const f of ['server/out/server.js', 'server/out/cli.js', 'client/out/extension.js']) {
    row({
      section: 'size',
      name: f,
      value: `${(statSync(path.join(ROOT, f)).size / 1024).toFixed(0)} KiB`,
      reference: '',
      ratio: '',
      goal: '',
      met: undefined,
    });
  }
  const out = path.join(os.tmpdir(), `vpc-cni-lint-bench-${process.pid}.vsix`);
  const vsce = path.join(ROOT, 'node_modules', '.bin', 'vsce');
  const r = spawnSync(
    vsce,
    [
      'package',
      '--no-dependencies',
      '--allow-missing-repository',
      // Only for measuring: README's relative links need a base URL that package.json lacks.
      '--baseContentUrl',
      'https://example.invalid/',
      '--baseImagesUrl',
      'https://example.invalid/',
      '-o',
      out,
    ],
    {
      cwd: ROOT,
      input: 'y\ny\n',
      timeout: 180_000,
    },
  );
  if (!existsSync(out)) {
    row({
      section: 'size',
      name: '.vsix',
      value: 'packaging failed',
      reference: '',
      ratio: '',
      goal: '< 3 MB',
      met: false,
    });
    notes.push(`vsce package failed: ${(r.stderr?.toString() ?? '').slice(0, 400)}`);
    return;
  }
  const size = statSync(out).size;
  rmSync(out);
  row({
    section: 'size',
    name: '.vsix',
    value: mb(size),
    reference: '',
    ratio: '',
    goal: '< 3 MB',
    met: size < 3e6,
  });
}

// ---------------------------------------------------------------------------------------------
// 7. Protocol soak

async function benchSoak(): Promise<void> {
  const edits = quick ? 1000 : 10_000;
  console.log(`\n# Protocol soak: ${edits} random edits with hovers, code actions and cancellations`);
  const { text } = linesManifest(1000, 7);
  const { client } = await BenchClient.start({
    script: OUR_SERVER,
    pull: true,
    sections: { vpcCniLint: {} },
  });
  const res = await soak(client, {
    edits,
    seed: 42,
    uri: 'file:///bench/soak.yaml',
    resetEvery: 250,
    text,
    sampleEvery: edits / 10,
  });
  const alive = client.exited === undefined;
  const code = await client.stop();
  const first = res.rss[0]?.[1] ?? NaN;
  const mid = res.rss[Math.floor(res.rss.length / 2)]?.[1] ?? NaN;
  const last = res.rss[res.rss.length - 1]?.[1] ?? NaN;
  row({
    section: 'soak',
    name: `${edits} edits, ${res.requests} requests (1,000-line file)`,
    value: `${res.answered} answered, ${res.cancelled} acknowledged as cancelled (of ${res.cancelRequested} cancel requests), ${res.failures.length} failed`,
    reference: `${ms(res.ms)} total`,
    ratio: '',
    goal: 'all answered, server alive',
    met: res.failures.length === 0 && res.answered + res.cancelled === res.requests && alive && code === 0,
  });
  row({
    section: 'soak',
    name: 'resident memory at 10% / 50% / 100% of the soak',
    value: `${mb(first)} / ${mb(mid)} / ${mb(last)}`,
    reference: `second half growth ${mb(last - mid)}`,
    ratio: x(last / mid),
    goal: 'settles (second half <= 1.1x)',
    met: last / mid <= 1.1,
  });
  if (res.failures.length) notes.push(`Soak failures: ${res.failures.slice(0, 5).join('; ')}`);
}

// ---------------------------------------------------------------------------------------------

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
  } catch {
    return 'unknown';
  }
}

function writeResults(): void {
  const file = path.join(ROOT, 'bench', 'results.md');
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const table = [
    '| section | benchmark | measured | reference (same run) | ratio | goal | status |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.section} | ${r.name} | ${r.value} | ${r.reference} | ${r.ratio} | ${r.goal} | ${
          r.met === undefined ? '' : r.met ? 'met' : `**not met**${r.note ? ` (${r.note})` : ''}`
        } |`,
    ),
  ].join('\n');
  const pick = (prefix: string) => rows.find((r) => r.name.startsWith(prefix))?.ratio ?? '';
  const pickValue = (prefix: string) => rows.find((r) => r.name.startsWith(prefix))?.value ?? '';
  const historyRow = `| ${date} | ${commit()} | ${pick('all-relevant, 1.0')} | ${pick('few-relevant, 1.0')} | ${pick(
    'edit -> diagnostics p99',
  )} | ${pickValue('cold start')} | ${pickValue('resident memory after opening')} | ${pick('check ')} | ${pickValue('.vsix')} |`;
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const oldHistory = old.split('\n').filter((l) => /^\| \d{4}-\d\d-\d\d/.test(l));
  // A hand-written "## Analysis" section (causes of shortfalls, by whom to fix) is kept as is.
  const analysis = /\n## Analysis\n[\s\S]*?(?=\n## History\n)/.exec(old)?.[0] ?? '';
  const text = `# Benchmark results

Written by \`npm run bench\` (scripts/bench/main.ts); the history below is kept across runs and in git.
Every ratio compares two figures measured in the same run on the same text; medians of repeated runs.

- Date: ${date} UTC
- Commit: ${commit()}
- Machine: ${machine()}

${table}
${notes.length ? `\nNotes:\n\n${notes.map((n) => `- ${n}`).join('\n')}\n` : ''}${analysis}
## History

| date | commit | all-relevant 1 MB / floor | few-relevant 1 MB / floor | edit p99 / parse once | cold start | RSS 100 docs | CLI / read+parse | .vsix |
|---|---|---|---|---|---|---|---|---|
${[historyRow, ...oldHistory].join('\n')}
`;
  writeFileSync(file, text);
  console.log(`\nwrote ${path.relative(ROOT, file)}`);
}

async function main(): Promise<void> {
  console.log(`vpc-cni-lint benchmarks on ${machine()}${quick ? ' (quick)' : ''}`);
  if (want('analysis')) benchAnalysis();
  if (want('keystroke')) await benchKeystroke();
  if (want('keystroke') || want('clusters')) await benchClusters();
  if (want('peer')) await benchPeer();
  if (want('engine')) benchEngine();
  if (want('pictures')) benchPictures();
  if (want('cli')) benchCli();
  if (want('size')) benchSize();
  if (want('soak')) await benchSoak();
  const missed = rows.filter((r) => r.met === false);
  console.log(`\n${rows.length} figures, ${missed.length} goals not met${missed.length ? ':' : ''}`);
  for (const r of missed) console.log(`  - ${r.section}: ${r.name}: ${r.value} (${r.ratio}; goal ${r.goal})`);
  for (const n of notes) console.log(`  note: ${n}`);
  if (write) writeResults();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
