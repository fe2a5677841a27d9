/**
 * Per-node live-cluster rules: exports of nodes, aws-node, pods and events analysed together as one live
 * cluster (the files of one folder), with the capacities from the engine.
 */
import { strict as assert } from 'node:assert';
import { analyseFiles } from '../helpers/analyze';
import {
  awsNodeDaemonSet,
  eventsExport,
  nodesExport,
  podsExportChunks,
  realisticCluster,
  type ClusterShape,
} from '../helpers/clusterExports';
import { instanceTypesExport } from '../helpers/awsExports';

const json = (o: unknown): string => JSON.stringify(o, null, 4);
const LIVE = [
  'live-max-pods-exceeds-ip-capacity',
  'live-max-pods-below-capacity',
  'live-pods-waiting-for-ip',
];

function run(
  env: Record<string, string>,
  extra: Array<{ uri: string; text: string }> = [],
  cluster: ClusterShape = realisticCluster,
): Array<{ code: string; message: string; at: string; uri: string }> {
  const files = [
    { uri: '/c/live/nodes.json', text: json(nodesExport(cluster)) },
    { uri: '/c/live/aws-node.json', text: json(awsNodeDaemonSet(env)) },
    ...extra,
  ];
  return analyseFiles(files).flatMap((f) =>
    f.findings
      .filter((x) => LIVE.includes(x.code))
      .map((x) => ({
        code: x.code,
        message: x.message,
        at: f.text.slice(x.span.start, x.span.end),
        uri: f.uri,
      })),
  );
}

describe('live rules: max-pods in force against the live capacity', () => {
  it('default settings: m5.large at 110 exceeds 29; the table values fit', () => {
    const got = run({});
    // m5.large: 3 ENIs x 10 IPv4 each, 9 secondary per ENI: 3 x 9 + 2 = 29 (eni-max-pods.txt m5.large 29)
    assert.deepEqual(
      got.map((g) => [g.code, g.at]),
      [['live-max-pods-exceeds-ip-capacity', '"110"']],
    );
    assert.match(
      got[0]!.message,
      /Node ip-10-0-1-10\.ec2\.internal \(m5\.large\) runs with max-pods 110 \(status\.capacity\.pods\)/,
    );
    assert.match(got[0]!.message, /can address 29 pods \(3 ENIs x 9 IPs \+ 2\)/);
  });

  it('custom networking: the primary ENI is lost, so the table values exceed too', () => {
    const got = run({ AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' });
    // m5.large (3-1) x 9 + 2 = 20; c6i.xlarge (4-1) x 14 + 2 = 44 < 58; t3.medium (3-1) x 5 + 2 = 12 < 17
    assert.deepEqual(
      got.map((g) => [g.code, g.message.match(/can address (\d+) pods/)?.[1]]),
      [
        ['live-max-pods-exceeds-ip-capacity', '20'],
        ['live-max-pods-exceeds-ip-capacity', '44'],
        ['live-max-pods-exceeds-ip-capacity', '12'],
      ],
    );
    assert.match(got[1]!.message, /with custom networking/);
  });

  it('prefix delegation on: nodes still at the secondary-IP value are below capacity', () => {
    const got = run({ ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' });
    // m5.large 110 = recommended (3 x 9 x 16 + 2 = 434, capped at 110 for 2 vCPUs): fine.
    // c6i.xlarge 58 = table value; 4 x 14 x 16 + 2 = 898, recommended 110 (4 vCPUs).
    // t3.medium 17 = table value; 3 x 5 x 16 + 2 = 242, recommended 110 (2 vCPUs).
    assert.deepEqual(
      got.map((g) => [g.code, g.at, g.message.match(/recommended max-pods is (\d+)/)?.[1]]),
      [
        ['live-max-pods-below-capacity', '"58"', '110'],
        ['live-max-pods-below-capacity', '"17"', '110'],
      ],
    );
    assert.match(got[0]!.message, /max-pods 58 \(status\.capacity\.pods\), the secondary-IP value/);
    assert.match(got[0]!.message, /can address 898 pods/);
  });

  it('without the aws-node export the settings in force are unknown: no finding', () => {
    const files = [{ uri: '/c/live/nodes.json', text: json(nodesExport(realisticCluster)) }];
    const got = analyseFiles(files).flatMap((f) => f.findings.filter((x) => LIVE.includes(x.code)));
    assert.deepEqual(got, []);
  });

  it('repository files are not live: a node export in another folder does not see them', () => {
    const repoDs = `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: aws-node\n  namespace: kube-system\nspec:\n  template:\n    spec:\n      containers:\n        - name: aws-node\n          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.2\n          env:\n            - name: AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG\n              value: "true"\n`;
    const files = [
      { uri: '/c/repo/aws-node.yaml', text: repoDs },
      { uri: '/c/live/nodes.json', text: json(nodesExport(realisticCluster)) },
    ];
    const got = analyseFiles(files).flatMap((f) => f.findings.filter((x) => LIVE.includes(x.code)));
    assert.deepEqual(got, []);
  });

  it('Windows and Fargate nodes are left out', () => {
    const shape: ClusterShape = {
      nodes: [{ name: 'win-1', type: 'm5.large', zone: 'us-east-1a', maxPods: 110 }],
      podsPerNode: 0,
    };
    const exp = nodesExport(shape) as { items: Array<{ metadata: { labels: Record<string, string> } }> };
    exp.items[0]!.metadata.labels['kubernetes.io/os'] = 'windows';
    const files = [
      { uri: '/c/live/nodes.json', text: json(exp) },
      { uri: '/c/live/aws-node.json', text: json(awsNodeDaemonSet({})) },
    ];
    assert.deepEqual(
      analyseFiles(files).flatMap((f) => f.findings.filter((x) => LIVE.includes(x.code))),
      [],
    );
  });
});

describe('live rules: pods waiting for an IP', () => {
  const pods = (c: ClusterShape): string => [...podsExportChunks(c)].join('');

  it('events with the CNI error on the node: its stuck pods are reported on the node', () => {
    const events = eventsExport([{ node: 'ip-10-0-2-20.ec2.internal', pod: 'api-5' }]);
    const got = run({}, [
      { uri: '/c/live/pods.json', text: pods(realisticCluster) },
      { uri: '/c/live/events.json', text: json(events) },
    ]).filter((g) => g.code === 'live-pods-waiting-for-ip');
    assert.deepEqual(
      got.map((g) => [g.uri, g.at]),
      [['/c/live/nodes.json', '"ip-10-0-2-20.ec2.internal"']],
    );
    // 12 pods per node, pod 5 stuck in ContainerCreating (not host-network).
    assert.match(
      got[0]!.message,
      /^1 pod on node ip-10-0-2-20\.ec2\.internal \(c6i\.xlarge\) is stuck before starting \(1 ContainerCreating; e\.g\. shop\/api-5\)/,
    );
    assert.match(got[0]!.message, /1 FailedCreatePodSandBox event on this node \(shop\/api-5\)/);
  });

  it('more pods needing an address than the node can address: reported without events', () => {
    // t3.medium with 30 pods: host-network 0,6,…,24,30 -> 5 of 30 (i=0..29: 0,6,12,18,24): 25 pod-IP pods;
    // branch ENI i%4==1 (1,5,…,29): 8 pods -> 17 need ipamd's addresses; custom networking: 12 addressable.
    const shape: ClusterShape = {
      nodes: [{ name: 'ip-10-0-3-30.ec2.internal', type: 't3.medium', zone: 'us-east-1c', maxPods: 17 }],
      podsPerNode: 30,
    };
    const got = run(
      { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' },
      [{ uri: '/c/live/pods.json', text: pods(shape) }],
      shape,
    ).filter((g) => g.code === 'live-pods-waiting-for-ip');
    assert.equal(got.length, 1);
    // stuck: i%11==5 -> 5, 16, 27 (none host-network)
    assert.match(got[0]!.message, /^3 pods on node ip-10-0-3-30\.ec2\.internal \(t3\.medium\) are stuck/);
    assert.match(got[0]!.message, /17 pods on it need an address from ipamd and t3\.medium can address 12/);
  });

  it('stuck pods without evidence of an address shortage: nothing', () => {
    const got = run({}, [{ uri: '/c/live/pods.json', text: pods(realisticCluster) }]).filter(
      (g) => g.code === 'live-pods-waiting-for-ip',
    );
    assert.deepEqual(got, []);
  });
});

describe('live rules: instance types from describe-instance-types', () => {
  it('a type the catalog lacks gets its capacity from the exported figures', () => {
    const shape: ClusterShape = {
      nodes: [{ name: 'ip-10-0-9-9.ec2.internal', type: 'm9z.large', zone: 'us-east-1a', maxPods: 110 }],
      podsPerNode: 0,
    };
    const got = run(
      {},
      [
        {
          uri: '/c/live/types.json',
          text: json(instanceTypesExport([{ name: 'm9z.large', enis: 4, ipv4: 12, vcpus: 2 }])),
        },
      ],
      shape,
    );
    // 4 ENIs x (12 - 1) + 2 = 46
    assert.deepEqual(
      got.map((g) => [g.code, g.message.match(/can address (\d+) pods/)?.[1]]),
      [['live-max-pods-exceeds-ip-capacity', '46']],
    );
  });
});
