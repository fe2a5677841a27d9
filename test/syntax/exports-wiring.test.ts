/**
 * Exports wired into the document model, the cluster model and `check`: an export opened or checked carries
 * its export model; export files of one folder are one live cluster, apart from the repository's settings;
 * JSON exports above the size limit are read as a stream with the same counts.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildClusterModel, clusterLabel } from '../../server/src/analysis';
import { streamExportFile } from '../../server/src/cli/read';
import { parseDocument } from '../../server/src/syntax';
import { readExportDocument } from '../../server/src/syntax/exports';
import {
  awsNodeDaemonSet,
  eniConfigsExport,
  nodesExport,
  podsExportChunks,
  realisticCluster,
} from '../helpers/clusterExports';

const nodesJson = JSON.stringify(nodesExport(realisticCluster), null, 4);
const dsJson = JSON.stringify(awsNodeDaemonSet({ ENABLE_PREFIX_DELEGATION: 'true' }), null, 4);

describe('exports wiring: document model', () => {
  it('a nodes export carries its export model, with spans into the file', () => {
    const m = parseDocument(nodesJson, { uri: '/c/live/nodes.json' });
    assert.ok(m.export);
    assert.equal(m.relevant, true);
    assert.deepEqual(
      m.export.nodes.map((n) => n.name.value),
      realisticCluster.nodes.map((n) => n.name),
    );
    const first = m.export.nodes[0]!;
    assert.equal(
      nodesJson.slice(first.name.span!.start, first.name.span!.end),
      '"ip-10-0-1-10.ec2.internal"',
    );
    assert.equal(nodesJson.slice(first.capacityPods!.span!.start, first.capacityPods!.span!.end), '"110"');
  });

  it('several JSON values in a row: each read, spans moved into the whole text, aws-node read as settings', () => {
    const text = `${nodesJson}\n${dsJson}\n`;
    const m = parseDocument(text, { uri: '/c/live/all.json' });
    assert.ok(m.export);
    assert.equal(m.export.nodes.length, 3);
    assert.ok(m.export.awsNode);
    const pd = m.export.awsNode.env.find((e) => e.name === 'ENABLE_PREFIX_DELEGATION')!;
    assert.match(text.slice(pd.span!.start, pd.span!.end), /"name": "ENABLE_PREFIX_DELEGATION"/);
    const last = m.export.nodes[2]!;
    assert.equal(text.slice(last.name.span!.start, last.name.span!.end), '"ip-10-0-3-30.ec2.internal"');
    // The ordinary reader finds the live DaemonSet's env too (a CNI settings source of the live cluster).
    assert.equal(m.cni.length, 1);
    assert.equal(m.cni[0]!.env.find((e) => e.name === 'ENABLE_PREFIX_DELEGATION')?.value, 'true');
    assert.deepEqual(
      m.problems.filter((p) => p.severity === 'error'),
      [],
    );
  });

  it('a repository manifest is not an export', () => {
    const ds = `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: aws-node\n  namespace: kube-system\nspec: {}\n`;
    assert.equal(parseDocument(ds, { uri: '/c/repo/aws-node.yaml' }).export, undefined);
  });
});

describe('exports wiring: cluster model', () => {
  it('export files of one folder are one live cluster, paired with the repository cluster', () => {
    const repoDs = `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: aws-node\n  namespace: kube-system\nspec:\n  template:\n    spec:\n      containers:\n        - name: aws-node\n          env:\n            - name: ENABLE_PREFIX_DELEGATION\n              value: "false"\n`;
    const docs = [
      { uri: '/r/manifests/aws-node.yaml', text: repoDs },
      { uri: '/r/live/nodes.json', text: nodesJson },
      { uri: '/r/live/aws-node.json', text: dsJson },
      {
        uri: '/r/live/eniconfigs.json',
        text: JSON.stringify(eniConfigsExport({ 'us-east-1a': 'subnet-1' })),
      },
    ].map((d) => ({ uri: d.uri, model: parseDocument(d.text, { uri: d.uri }) }));
    const cm = buildClusterModel(docs, { rootOf: () => '/r' });
    const live = [...cm.clusters.values()].filter((c) => c.live);
    assert.equal(live.length, 1);
    const ctx = live[0]!.context;
    assert.deepEqual(
      ctx.exports?.map((e) => e.uri),
      ['/r/live/nodes.json', '/r/live/aws-node.json', '/r/live/eniconfigs.json'],
    );
    assert.deepEqual(
      ctx.cni.map((c) => c.uri),
      ['/r/live/aws-node.json'],
    );
    assert.equal(clusterLabel(live[0]), 'the live cluster exported in r/live');
    const repo = [...cm.clusters.values()].find((c) => !c.live)!;
    assert.deepEqual(
      repo.context.cni.map((c) => c.uri),
      ['/r/manifests/aws-node.yaml'],
    );
    assert.equal(repo.context.counterpart, ctx);
    assert.equal(ctx.counterpart, repo.context);
  });
});

describe('exports wiring: streamed files', () => {
  it('a JSON export read as a stream gives the same counts as read with positions', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vcl-exports-'));
    const file = path.join(dir, 'pods.json');
    const text = [...podsExportChunks({ ...realisticCluster, podsPerNode: 40 })].join('');
    writeFileSync(file, text);
    const streamed = streamExportFile(file);
    assert.ok(streamed);
    const positioned = readExportDocument(text);
    assert.ok(positioned);
    assert.deepEqual([...streamed.model.podsByNode], [...positioned.podsByNode]);
    assert.equal(streamed.model.podsByNode.get('ip-10-0-1-10.ec2.internal')?.pods, 40);
    // 40 pods: every 6th host-network (0, 6, …, 36: 7 pods), every 4th with a branch ENI (1, 5, …, 37: 10)
    assert.equal(streamed.model.podsByNode.get('ip-10-0-1-10.ec2.internal')?.podIpPods, 33);
    assert.equal(streamed.model.podsByNode.get('ip-10-0-1-10.ec2.internal')?.branchEniPods, 10);
  });
});
