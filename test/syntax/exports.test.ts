/**
 * Exports of a live cluster: detection, the streaming reader (chunks at any boundary, memory kept per
 * node not per pod, valueFrom never read) and the positioned reader (spans on the objects).
 */
import { strict as assert } from 'node:assert';
import { stringify } from 'yaml';
import {
  createExportStreamReader,
  detectExport,
  emptyExportModel,
  readExportText,
} from '../../server/src/syntax/exports';
import {
  awsNodeDaemonSet,
  eniConfigsExport,
  nodesExport,
  podsExportChunks,
  realisticCluster,
} from '../helpers/clusterExports';

const json = (o: unknown): string => JSON.stringify(o, null, 4);

describe('syntax: export detection', () => {
  const rows: Array<[string, string, string | undefined]> = [
    ['kubectl List (JSON, keys sorted)', json(nodesExport(realisticCluster)), 'json kubernetes-list'],
    ['kubectl List (YAML)', stringify(nodesExport(realisticCluster)), 'yaml kubernetes-list'],
    ['single live object', stringify(awsNodeDaemonSet({})), 'yaml kubernetes-object'],
    [
      'empty List',
      '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List"\n}',
      'json kubernetes-list',
    ],
    ['aws ec2 describe-subnets', '{\n    "Subnets": [\n', 'json aws-subnets'],
    ['aws ec2 describe-network-interfaces', '{"NetworkInterfaces": []}', 'json aws-network-interfaces'],
    ['aws ec2 describe-instance-types', '{ "InstanceTypes": [', 'json aws-instance-types'],
    ['aws eks describe-addon', '{\n  "addon": {', 'json aws-addon'],
    // A repository manifest has no API-server fields: not an export.
    ['manifest DaemonSet', 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: aws-node\n', undefined],
    ['kustomize-style List in a repo', 'apiVersion: v1\nkind: List\nitems:\n- kind: ConfigMap\n', undefined],
    ['BOM then JSON', '\ufeff{"Subnets": []}', 'json aws-subnets'],
  ];
  for (const [what, text, want] of rows)
    it(what, () => {
      const d = detectExport(text);
      assert.equal(d ? `${d.format} ${d.kind}` : undefined, want);
    });
});

describe('syntax: streaming export reader', () => {
  it('counts pods per node from chunks of any size, keeping no pod', () => {
    const text = [...podsExportChunks(realisticCluster)].join('');
    for (const size of [1, 7, 4096, text.length]) {
      const r = createExportStreamReader();
      for (let i = 0; i < text.length; i += size) r.write(Buffer.from(text.slice(i, i + size)));
      const m = r.end();
      assert.deepEqual(m.problems, []);
      assert.equal(m.podsRead, true);
      assert.equal(m.podsByNode.size, 3);
      const p = m.podsByNode.get('ip-10-0-1-10.ec2.internal');
      // 12 pods: i=0,6 host-network -> 10 pod IPs; i=1,5,9 branch ENI; i=5 stuck ContainerCreating.
      assert.deepEqual(
        p && { pods: p.pods, podIpPods: p.podIpPods, branch: p.branchEniPods, stuck: p.stuck },
        { pods: 12, podIpPods: 10, branch: 3, stuck: { ContainerCreating: 1 } },
      );
      assert.deepEqual(p?.stuckSamples, [{ pod: 'shop/api-5', reason: 'ContainerCreating' }]);
      // Nothing of the pods' specs is kept (no secret reference, no env value).
      assert.doesNotMatch(JSON.stringify([...m.podsByNode.values()]), /password|DB_PASSWORD|prod/);
    }
  });

  it('reads nodes, the aws-node DaemonSet and ENIConfigs merged into one model', () => {
    const m = emptyExportModel();
    for (const doc of [
      nodesExport(realisticCluster),
      awsNodeDaemonSet({ ENABLE_PREFIX_DELEGATION: 'true', AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' }),
      eniConfigsExport({ 'us-east-1a': 'subnet-0a', 'us-east-1b': 'subnet-0b' }),
    ]) {
      const r = createExportStreamReader(undefined, m);
      r.write(json(doc));
      r.end();
    }
    assert.deepEqual(
      m.nodes.map((n) => [
        n.name.value,
        n.instanceType?.value,
        n.zone,
        n.capacityPods?.value,
        n.karpenterNodePool ?? n.nodeGroup,
      ]),
      [
        ['ip-10-0-1-10.ec2.internal', 'm5.large', 'us-east-1a', 110, 'general'],
        ['ip-10-0-2-20.ec2.internal', 'c6i.xlarge', 'us-east-1b', 58, 'general'],
        ['ip-10-0-3-30.ec2.internal', 't3.medium', 'us-east-1c', 17, 'default'],
      ],
    );
    assert.equal(m.nodes[0].podEniCapacity, 9);
    // The registry port is not the tag; valueFrom is recorded as such, its reference never read.
    assert.equal(m.awsNode?.version?.value, 'v1.19.2-eksbuild.1');
    assert.deepEqual(m.awsNode?.env, [
      { name: 'ENABLE_PREFIX_DELEGATION', value: 'true' },
      { name: 'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG', value: 'true' },
      { name: 'ENABLE_IPv4', value: 'true' },
      { name: 'ENABLE_IPv6', value: 'false' },
      { name: 'MY_NODE_NAME', valueFrom: true },
    ]);
    assert.deepEqual(m.awsNode?.initEnv, [{ name: 'DISABLE_TCP_EARLY_DEMUX', value: 'false' }]);
    assert.deepEqual(
      m.eniConfigs.map((e) => [e.name.value, e.subnet?.value]),
      [
        ['us-east-1a', 'subnet-0a'],
        ['us-east-1b', 'subnet-0b'],
      ],
    );
  });

  it('reads several JSON documents in a row (stdin) and typed lists whose items omit kind', () => {
    const typed = { apiVersion: 'v1', items: [{ ...nodeNoKind() }], kind: 'NodeList' };
    const r = createExportStreamReader();
    r.write(json(typed) + '\n' + json(awsNodeDaemonSet({ WARM_IP_TARGET: '5' })));
    const m = r.end();
    assert.deepEqual(m.problems, []);
    assert.equal(m.nodes.length, 1);
    assert.deepEqual(m.awsNode?.env[0], { name: 'WARM_IP_TARGET', value: '5' });
  });

  it('records a syntax error and keeps what came before it', () => {
    const r = createExportStreamReader();
    const text = json(nodesExport(realisticCluster));
    r.write(text.slice(0, text.indexOf('ip-10-0-3-30') - 200) + '}}}]]]');
    r.write('more');
    const m = r.end();
    assert.equal(m.nodes.length, 2);
    assert.equal(m.problems.length, 1);
    assert.match(m.problems[0].message, /^not valid JSON/);
  });

  it('counts kinds no reader handles', () => {
    const r = createExportStreamReader();
    r.write(json({ apiVersion: 'v1', items: [{ kind: 'Service', metadata: { name: 's' } }], kind: 'List' }));
    assert.deepEqual(r.end().skipped, { Service: 1 });
  });
});

function nodeNoKind(): Record<string, unknown> {
  const { kind: _kind, ...rest } =
    nodesExport(realisticCluster).items instanceof Array
      ? (nodesExport(realisticCluster).items as Array<Record<string, unknown>>)[0]
      : {};
  return rest;
}

describe('syntax: positioned export reader', () => {
  it('puts spans on the node, its name, type label and capacity pods (YAML)', () => {
    const text = stringify(nodesExport(realisticCluster));
    const m = readExportText(text);
    assert.deepEqual(m.problems, []);
    const n = m.nodes[2];
    const cut = (s?: { start: number; end: number }): string | undefined => s && text.slice(s.start, s.end);
    assert.equal(cut(n.name.span), 'ip-10-0-3-30.ec2.internal');
    assert.equal(cut(n.instanceType?.span), 't3.medium');
    assert.equal(cut(n.capacityPods?.span), '"17"');
    assert.match(cut(n.at.span) ?? '', /^apiVersion: v1\n\s+kind: Node/);
  });

  it('JSON opened in the editor: the same records with spans; ENIConfig subnet located', () => {
    const text = json(eniConfigsExport({ 'us-east-1a': 'subnet-0a' }));
    const m = readExportText(text);
    const e = m.eniConfigs[0];
    assert.equal(e.subnet && text.slice(e.subnet.span?.start, e.subnet.span?.end), '"subnet-0a"');
  });

  it('aws-node env entries are located, valueFrom kept as a flag only', () => {
    const text = stringify(awsNodeDaemonSet({ ENABLE_PREFIX_DELEGATION: 'true' }));
    const m = readExportText(text);
    const [pd] = m.awsNode?.env ?? [];
    const node = m.awsNode?.env.find((e) => e.name === 'MY_NODE_NAME');
    assert.match(
      text.slice(pd.span?.start, pd.span?.end),
      /^name: ENABLE_PREFIX_DELEGATION\n\s*value: "true"/,
    );
    assert.deepEqual(
      { ...node, span: undefined },
      { name: 'MY_NODE_NAME', valueFrom: true, span: undefined },
    );
  });
});
