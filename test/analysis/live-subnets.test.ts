/**
 * Per-subnet live rules: `describe-subnets` and `describe-network-interfaces` exports with the nodes and the
 * aws-node export of the same folder; free addresses, free aligned /28 blocks and reservations from the engine.
 */
import { strict as assert } from 'node:assert';
import { analyseFiles } from '../helpers/analyze';
import { awsNodeDaemonSet, instanceIdOf, nodesExport, type ClusterShape } from '../helpers/clusterExports';
import {
  addressesAt,
  interfacesExport,
  subnetsExport,
  type InterfaceShape,
  type SubnetShape,
} from '../helpers/awsExports';

const json = (o: unknown): string => JSON.stringify(o, null, 4);
const CODES = ['live-subnet-free-below-warm-pools', 'live-subnet-prefix-fragmented'];

function node(i: number, zone = 'us-east-1a'): ClusterShape['nodes'][number] {
  return { name: `ip-10-0-1-${10 + i}.ec2.internal`, type: 'm5.large', zone, maxPods: 110 };
}

function run(
  env: Record<string, string>,
  nodes: ClusterShape['nodes'],
  subnets: SubnetShape[],
  enis: InterfaceShape[],
): Array<{ code: string; severity: string; message: string; at: string }> {
  const files = [
    { uri: '/c/live/nodes.json', text: json(nodesExport({ nodes, podsPerNode: 0 })) },
    { uri: '/c/live/aws-node.json', text: json(awsNodeDaemonSet(env)) },
    { uri: '/c/live/subnets.json', text: json(subnetsExport(subnets)) },
    { uri: '/c/live/enis.json', text: json(interfacesExport(enis)) },
  ];
  return analyseFiles(files).flatMap((f) =>
    f.findings
      .filter((x) => CODES.includes(x.code))
      .map((x) => ({
        code: x.code,
        severity: x.severity,
        message: x.message,
        at: f.text.slice(x.span.start, x.span.end),
      })),
  );
}

const PD = { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' };
const FRAG = '10.0.1.0/24';

/** One address in each /28 block of 10.0.1.0/24 listed (offset 5 in the block), on a load balancer ENI. */
function scattered(blocks: number[]): InterfaceShape {
  return {
    subnet: 'subnet-frag',
    ips: addressesAt(
      FRAG,
      blocks.map((b) => b * 16 + 5),
    ),
  };
}

/** Node i's primary ENI: its address in block 0 and one prefix in block 2 + i. */
function primary(i: number): InterfaceShape {
  return {
    subnet: 'subnet-frag',
    ips: addressesAt(FRAG, [10 + i]),
    prefixes: [`10.0.1.${(2 + i) * 16}/28`],
    instance: instanceIdOf(node(i).name),
    device: 0,
  };
}

describe('live rules: subnet fragmentation with prefix delegation', () => {
  it('no aligned /28 free although addresses are: an error on the subnet, with the least used range', () => {
    // /24: 16 blocks; block 0 holds the 4 reserved addresses (and the node's), block 15 the last one;
    // block 2 is the node's prefix; blocks 1 and 3–14 one address each: 0 free blocks.
    // free = 256 - 5 reserved - (1 node address + 16 prefix + 13 scattered) = 221.
    const got = run(
      PD,
      [node(0)],
      [{ id: 'subnet-frag', cidr: FRAG, zone: 'us-east-1a', available: 221 }],
      [primary(0), scattered([1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14])],
    );
    assert.deepEqual(
      got.map((g) => [g.code, g.severity, g.at]),
      [['live-subnet-prefix-fragmented', 'error', '"subnet-frag"']],
    );
    const m = got[0]!.message;
    assert.match(
      m,
      /^No node can get its next \/28 prefix from subnet subnet-frag \(10\.0\.1\.0\/24, us-east-1a\)/,
    );
    assert.match(
      m,
      /221 addresses are free but none of its 16 aligned \/28 blocks is \(counted from 2 interfaces/,
    );
    assert.match(m, /InsufficientCidrBlocks\. 1 node with prefix delegation/);
    // One prefix wanted -> a /28; none free; block 1 (10.0.1.16/28) holds 1 address (the first least used).
    assert.match(m, /the least used, 10\.0\.1\.16\/28, holds 1 address that must be released/);
    assert.match(
      m,
      /aws ec2 create-subnet-cidr-reservation --subnet-id subnet-frag --reservation-type prefix/,
    );
  });

  it('fewer free aligned /28 blocks than nodes: a warning, with a free reservation', () => {
    // 3 nodes, prefixes in blocks 2, 3, 4; scattered in 1 and 5–12: blocks 13 and 14 free (block 15 reserved).
    // Reservation for 3 prefixes -> 4 blocks (/26): 10.0.1.192/26 holds 12–15, 15 reserved -> none free:
    // the least used /26 that holds no reserved address is 10.0.1.64/26 (blocks 4–7: 16 + 3 = 19 taken)
    // or 10.0.1.128/26 (blocks 8–11: 4 taken) -> 10.0.1.128/26.
    const got = run(
      PD,
      [node(0), node(1), node(2)],
      [{ id: 'subnet-frag', cidr: FRAG, zone: 'us-east-1a' }],
      [primary(0), primary(1), primary(2), scattered([1, 5, 6, 7, 8, 9, 10, 11, 12])],
    );
    assert.deepEqual(
      got.map((g) => [g.code, g.severity]),
      [['live-subnet-prefix-fragmented', 'warning']],
    );
    const m = got[0]!.message;
    assert.match(m, /has 2 free aligned \/28 blocks for 3 nodes with prefix delegation/);
    assert.match(m, /only 2 can get a next prefix at the same time/);
    assert.match(m, /the least used, 10\.0\.1\.128\/26, holds 4 addresses/);
  });

  it('without prefix delegation the blocks do not matter', () => {
    const got = run(
      {},
      [node(0)],
      [{ id: 'subnet-frag', cidr: FRAG, zone: 'us-east-1a' }],
      [{ ...primary(0), prefixes: [] }, scattered([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14])],
    );
    assert.deepEqual(
      got.filter((g) => g.code === 'live-subnet-prefix-fragmented'),
      [],
    );
  });
});

describe('live rules: free addresses against the warm pools', () => {
  it("fewer free addresses than the nodes' pools ask for: a warning on the subnet", () => {
    const small = '10.0.2.0/26';
    const nodes = [node(0), node(1)];
    const enis = nodes.map((n, i) => ({
      subnet: 'subnet-small',
      ips: addressesAt(small, [10 + i]),
      instance: instanceIdOf(n.name),
      device: 0,
    }));
    const got = run({}, nodes, [{ id: 'subnet-small', cidr: small, zone: 'us-east-1a', available: 3 }], enis);
    assert.deepEqual(
      got.map((g) => [g.code, g.at]),
      [['live-subnet-free-below-warm-pools', '"subnet-small"']],
    );
    // m5.large, WARM_ENI_TARGET=1 (default), 0 pods: one ENI's worth free (9 secondary IPs) is the warm
    // target, and the primary ENI's 9 meet it -> 9 each held idle, 18 for the two nodes, against 3 free.
    assert.match(
      got[0]!.message,
      /^Subnet subnet-small \(10\.0\.2\.0\/26, us-east-1a\) has 3 free addresses \(EC2's AvailableIpAddressCount\), fewer than the 18 addresses the warm pools of its 2 nodes ask EC2 for when their pods use them up \(2 x m5\.large \(9 each\)/,
    );
  });

  it('a roomy subnet: nothing', () => {
    const big = '10.0.16.0/20';
    const got = run(
      PD,
      [node(0)],
      [{ id: 'subnet-big', cidr: big, zone: 'us-east-1a', available: 4000 }],
      [
        {
          subnet: 'subnet-big',
          ips: addressesAt(big, [10]),
          prefixes: ['10.0.16.32/28'],
          instance: instanceIdOf(node(0).name),
        },
      ],
    );
    assert.deepEqual(got, []);
  });

  it('custom networking: the node counts against its ENIConfig subnet, not its own', () => {
    const pods = '10.64.0.0/26';
    const eni = {
      apiVersion: 'v1',
      items: [
        {
          apiVersion: 'crd.k8s.amazonaws.com/v1alpha1',
          kind: 'ENIConfig',
          metadata: { name: 'us-east-1a', resourceVersion: '1', uid: 'u' },
          spec: { subnet: 'subnet-pods' },
        },
      ],
      kind: 'List',
    };
    const files = [
      { uri: '/c/live/nodes.json', text: json(nodesExport({ nodes: [node(0)], podsPerNode: 0 })) },
      {
        uri: '/c/live/aws-node.json',
        text: json(awsNodeDaemonSet({ AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' })),
      },
      { uri: '/c/live/eniconfigs.json', text: json(eni) },
      {
        uri: '/c/live/subnets.json',
        text: json(
          subnetsExport([
            { id: 'subnet-node', cidr: '10.0.1.0/24', zone: 'us-east-1a', available: 2 },
            { id: 'subnet-pods', cidr: pods, zone: 'us-east-1a', available: 2 },
          ]),
        ),
      },
    ];
    const got = analyseFiles(files).flatMap((f) =>
      f.findings.filter((x) => CODES.includes(x.code)).map((x) => f.text.slice(x.span.start, x.span.end)),
    );
    // The ENIConfig the node selects (label k8s.amazonaws.com/eniConfig=us-east-1a) names subnet-pods.
    assert.deepEqual(got, ['"subnet-pods"']);
  });
});
