/** eksctl defaults (issue 15, item 7): m5.large when no type is given; ipFamily IPv6; Cluster API vpcCni.env. */
import { strict as assert } from 'node:assert';
import { parseDocument } from '../../server/src/syntax';

const cluster = (body: string) =>
  `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\n  region: eu-west-1\n${body}`;

describe('syntax: eksctl defaults', () => {
  it('a node group without any instance type runs eksctl m5.large', () => {
    const m = parseDocument(cluster('managedNodeGroups:\n  - name: a\nnodeGroups:\n  - name: b\n'));
    assert.deepEqual(
      m.nodes.map((n) => n.toolDefaultInstanceType?.name),
      ['m5.large', 'm5.large'],
    );
  });
  it('no default with a type, an instance selector, a launch template, mixed instances or an Outpost', () => {
    const m = parseDocument(
      cluster(
        [
          'managedNodeGroups:',
          '  - name: t\n    instanceType: c5.large',
          '  - name: s\n    instanceSelector:\n      vCPUs: 2',
          '  - name: lt\n    launchTemplate:\n      id: lt-1',
          'nodeGroups:',
          '  - name: mix\n    instancesDistribution:\n      instanceTypes: [c5.large]',
          '  - name: op\n    outpostARN: arn:aws:outposts:us-west-2:111122223333:outpost/op-1',
          '',
        ].join('\n'),
      ),
    );
    assert.deepEqual(
      m.nodes.map((n) => n.toolDefaultInstanceType),
      [undefined, undefined, undefined, undefined, undefined],
    );
  });
  it('ipFamily IPv6 reads as aws-node in IPv6 mode with prefix delegation, never edited', () => {
    const m = parseDocument(
      cluster('kubernetesNetworkConfig:\n  ipFamily: IPv6\naddons:\n  - name: vpc-cni\n'),
    );
    const src = m.cni[0];
    assert.ok(src);
    assert.deepEqual(
      src.env.map((e) => [e.name, e.value, e.embed]),
      [
        ['ENABLE_IPv6', 'true', 'opaque'],
        ['ENABLE_IPv4', 'false', 'opaque'],
        ['ENABLE_PREFIX_DELEGATION', 'true', 'opaque'],
      ],
    );
    assert.deepEqual(
      src.initEnv.map((e) => [e.name, e.value]),
      [['ENABLE_IPv6', 'true']],
    );
  });
});

describe('syntax: Cluster API AWSManagedControlPlane', () => {
  it('spec.vpcCni.env is read as aws-node env merged over the installed manifest', () => {
    const text = [
      'apiVersion: controlplane.cluster.x-k8s.io/v1beta2',
      'kind: AWSManagedControlPlane',
      'metadata:',
      '  name: cp',
      'spec:',
      '  vpcCni:',
      '    env:',
      '      - name: ENABLE_PREFIX_DELEGATION',
      '        value: "true"',
      '',
    ].join('\n');
    const src = parseDocument(text).cni[0];
    assert.equal(src?.format, 'daemonset');
    assert.equal(src?.cniVersion, undefined);
    assert.deepEqual(
      src?.env.map((e) => [e.name, e.value]),
      [['ENABLE_PREFIX_DELEGATION', 'true']],
    );
  });
  it('vpcCni.disable: true removes the CNI: no settings source', () => {
    const text =
      'apiVersion: controlplane.cluster.x-k8s.io/v1beta2\nkind: AWSManagedControlPlane\nmetadata:\n  name: cp\nspec:\n  vpcCni:\n    disable: true\n    env:\n      - name: A\n        value: b\n';
    assert.equal(parseDocument(text).cni.length, 0);
  });
});
