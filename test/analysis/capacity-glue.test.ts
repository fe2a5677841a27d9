/** Scope and capacity glue: from models to engine inputs. Arithmetic of each row in its comment. */
import { strict as assert } from 'node:assert';
import {
  capacityOf,
  nodeMaxPods,
  subnetCapacity,
  toolOf,
  withPrefixDelegation,
} from '../../server/src/analysis/capacity';
import { resolveCniSettings } from '../../server/src/analysis/cniConfig';
import { recommendedMaxPods } from '../../server/src/engine';
import { cniViews, expandRequirements, nodeScopes, typesOf } from '../../server/src/analysis/scope';
import type { InstanceRequirement } from '../../server/src/syntax';
import { bootstrapPart, catalog, contexts, daemonSet, doc, node } from './capacity-helpers';

const source = (env: Record<string, string>, version?: string) => {
  const d = doc('file:///ds.yaml', daemonSet(env, version));
  const s = d.model.cni[0];
  if (!s) throw new Error('DaemonSet not parsed');
  return s;
};

describe('capacity glue: capacityOf', () => {
  const rows: Array<[string, Record<string, string>, string | undefined, number, string]> = [
    // 3 ENIs x (10 - 1) + 2 = 29
    ['m5.large', { ENABLE_IPv4: 'true' }, undefined, 29, ''],
    // custom networking: (3 - 1) x 9 + 2 = 20
    [
      'm5.large',
      { ENABLE_IPv4: 'true', AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' },
      undefined,
      20,
      'custom networking',
    ],
    // prefix delegation: 3 x (9 x 16) + 2 = 434
    [
      'm5.large',
      { ENABLE_IPv4: 'true', ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' },
      undefined,
      434,
      'prefix delegation',
    ],
    // SGP trunk (CNI >= 1.16.4): (3 - 1) x 9 + 2 = 20
    ['m5.large', { ENABLE_IPv4: 'true', ENABLE_POD_ENI: 'true' }, undefined, 20, 'trunk ENI'],
    // SGP before 1.16.4: the trunk carried IPs, 3 x 9 + 2 = 29
    ['m5.large', { ENABLE_IPv4: 'true', ENABLE_POD_ENI: 'true' }, 'v1.16.0', 29, ''],
    // MAX_ENI=2: 2 x 9 + 2 = 20
    ['m5.large', { ENABLE_IPv4: 'true', MAX_ENI: '2' }, undefined, 20, 'MAX_ENI=2'],
    // t3.medium custom networking: (3 - 1) x (6 - 1) + 2 = 12
    [
      't3.medium',
      { ENABLE_IPv4: 'true', AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' },
      undefined,
      12,
      'custom networking',
    ],
    // m4.large (Xen) with PD falls back: 2 x (10 - 1) + 2 = 20
    [
      'm4.large',
      { ENABLE_IPv4: 'true', ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' },
      undefined,
      20,
      'falling back',
    ],
  ];
  for (const [type, env, version, expected, phrase] of rows) {
    it(`${type} ${JSON.stringify(env)} ${version ?? ''} → ${expected}`, () => {
      const cap = capacityOf(catalog, type, source(env, version ?? 'v1.19.2-eksbuild.1'));
      assert.equal(cap.result.value, expected);
      if (phrase) assert.match(cap.phrase, new RegExp(phrase));
      else assert.equal(cap.phrase, '');
    });
  }

  it('no CNI source: the manifest defaults (secondary IPs, IPv4 on)', () => {
    const s = resolveCniSettings(undefined);
    assert.equal(s.ipv4.value, true);
    assert.equal(s.fatal.length, 0);
    // 3 x 9 + 2 = 29
    assert.equal(capacityOf(catalog, 'm5.large').result.value, 29);
  });

  it('a DaemonSet fragment without image reads unset values as manifest defaults', () => {
    const frag = doc(
      'file:///patch.yaml',
      'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: aws-node\nspec:\n  template:\n    spec:\n      containers:\n        - name: aws-node\n          env:\n            - name: WARM_IP_TARGET\n              value: "5"\n',
    ).model.cni[0];
    assert.ok(frag);
    assert.equal(resolveCniSettings(frag).ipv4.value, true);
  });

  it('recommendedMaxPods with the settings of a source: the calculator cap, never above the CNI capacity', () => {
    const pd = { ENABLE_IPv4: 'true', ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' };
    const rec = (type: string, env: Record<string, string>) =>
      recommendedMaxPods(catalog, type, capacityOf(catalog, type, source(env)).settings.nodeConfig).value;
    // m5.large PD: min(434, 110 for 2 vCPUs) = 110
    assert.equal(rec('m5.large', pd), 110);
    // c5.18xlarge PD: min(15 x 49 x 16 + 2 = 11762, 250 for 72 vCPUs) = 250
    assert.equal(rec('c5.18xlarge', pd), 250);
    // m5.large SGP: calculator 29 but the trunk leaves (3 - 1) x 9 + 2 = 20
    assert.equal(rec('m5.large', { ENABLE_IPv4: 'true', ENABLE_POD_ENI: 'true' }), 20);
  });

  it('withPrefixDelegation: what turning PD on would give', () => {
    // m5.large: 434 addressable, recommended min(434, 110) = 110
    assert.deepEqual(withPrefixDelegation(catalog, 'm5.large', resolveCniSettings(undefined)), {
      capacity: 434,
      recommended: 110,
    });
    // m4.large is Xen: PD never in force
    assert.equal(withPrefixDelegation(catalog, 'm4.large', resolveCniSettings(undefined)), undefined);
  });

  it('subnetCapacity: size minus the 5 AWS-reserved addresses', () => {
    assert.deepEqual(subnetCapacity('10.0.0.0/24'), { size: 256, usable: 251, prefix: 24 }); // 256 - 5
    assert.deepEqual(subnetCapacity('10.0.0.0/28'), { size: 16, usable: 11, prefix: 28 }); // 16 - 5
    assert.equal(subnetCapacity('10.0.0.0/16')?.usable, 65531); // 65536 - 5
    assert.equal(subnetCapacity('10.0.0.0/29'), undefined); // below the VPC minimum
    assert.equal(subnetCapacity('10.0.300.0/24'), undefined);
    assert.equal(subnetCapacity('not a cidr'), undefined);
  });
});

describe('capacity glue: nodeMaxPods per tool', () => {
  const settings = resolveCniSettings(undefined);
  const text =
    'name: ng\n/etc/eks/bootstrap.sh c --use-max-pods false --kubelet-extra-args "--max-pods=58"\nmaxPods: 40\n';
  const rows: Array<[string, Parameters<typeof node>[1], string, number, boolean]> = [
    // AL2 table: 3 x 9 + 2 = 29
    [
      'AL2 bootstrap default',
      { kind: 'user-data', name: 'ng', userData: [bootstrapPart(text)] },
      'm5.large',
      29,
      true,
    ],
    // kubelet flag wins: 58
    [
      'AL2 --max-pods in extra args',
      {
        kind: 'user-data',
        name: 'ng',
        userData: [bootstrapPart(text, { maxPods: '58', useMaxPods: 'false' })],
      },
      'm5.large',
      58,
      false,
    ],
    // nodeadm: 3 x 9 + 2 = 29, uncapped
    [
      'nodeadm default',
      { kind: 'user-data', name: 'ng', amiFamily: { needle: 'ng', value: 'AL2023' } },
      'm5.large',
      29,
      true,
    ],
    // m5.4xlarge nodeadm: 8 x 29 + 2 = 234 (no cap)
    [
      'nodeadm m5.4xlarge',
      { kind: 'user-data', name: 'ng', amiFamily: { needle: 'ng', value: 'AL2023' } },
      'm5.4xlarge',
      234,
      true,
    ],
    // Karpenter ENI-limited: 29
    ['Karpenter default', { kind: 'karpenter-ec2nodeclass', name: 'ng' }, 'm5.large', 29, true],
    // Karpenter kubelet.maxPods 40
    [
      'Karpenter kubelet.maxPods',
      {
        kind: 'karpenter-ec2nodeclass',
        name: 'ng',
        maxPods: { origin: 'karpenter-kubelet', needle: '40', value: 40 },
      },
      'm5.large',
      40,
      false,
    ],
    // Bottlerocket table: 29
    [
      'Bottlerocket default',
      { kind: 'user-data', name: 'ng', amiFamily: { needle: 'ng', value: 'Bottlerocket' } },
      'm5.large',
      29,
      true,
    ],
    // MNG calculator: min(8 x 29 + 2 = 234, 110 for 16 vCPUs) = 110
    [
      'managed node group m5.4xlarge',
      { kind: 'eksctl-managed-nodegroup', name: 'ng' },
      'm5.4xlarge',
      110,
      true,
    ],
    // Auto Mode: min(3 x 9 x 16 + 2, 110) = 110
    [
      'Auto Mode',
      { kind: 'auto-mode-nodeclass', name: 'ng', autoMode: { podSubnets: false } },
      'm5.large',
      110,
      true,
    ],
  ];
  for (const [label, spec, type, expected, computed] of rows) {
    it(`${label} on ${type} → ${expected}`, () => {
      const n = node(text, spec);
      const r = nodeMaxPods(catalog, n, type, settings);
      assert.equal(r.value, expected);
      assert.equal(r.computed, computed);
      assert.ok(toolOf(n));
    });
  }
  it('no tool and no setting: unknown', () => {
    const r = nodeMaxPods(catalog, node(text, { kind: 'launch-template', name: 'ng' }), 'm5.large', settings);
    assert.equal(r.value, null);
  });
});

describe('scope', () => {
  const req = (key: string, operator: string, values: string[]): InstanceRequirement => ({
    key: { value: key, span: { start: 0, end: 0 } },
    operator,
    values: values.map((v) => ({ value: v, span: { start: 0, end: 0 } })),
    span: { start: 0, end: 0 },
  });
  it('expands family x size', () => {
    const got = expandRequirements(catalog, [
      req('karpenter.k8s.aws/instance-family', 'In', ['m5', 'c5']),
      req('karpenter.k8s.aws/instance-size', 'In', ['large', 'xlarge']),
    ])?.types.map((t) => t.name);
    assert.deepEqual(got, ['c5.large', 'c5.xlarge', 'm5.large', 'm5.xlarge']);
  });
  it('instance-type In, with NotIn', () => {
    const got = expandRequirements(catalog, [
      req('node.kubernetes.io/instance-type', 'In', ['m5.large', 't3.medium', 'm5.xlarge']),
      req('node.kubernetes.io/instance-type', 'NotIn', ['m5.xlarge']),
    ])?.types.map((t) => t.name);
    assert.deepEqual(got, ['m5.large', 't3.medium']);
  });
  it('category + cpu bound', () => {
    const got = expandRequirements(catalog, [
      req('karpenter.k8s.aws/instance-category', 'In', ['t']),
      req('karpenter.k8s.aws/instance-generation', 'Gt', ['3']),
      req('karpenter.k8s.aws/instance-cpu', 'Lt', ['3']),
    ])?.types.map((t) => t.name);
    assert.ok(got && got.length > 0);
    assert.ok(got.every((n) => n.startsWith('t4g.')));
  });
  it('no narrowing requirement: not expanded', () => {
    assert.equal(expandRequirements(catalog, [req('kubernetes.io/arch', 'In', ['arm64'])]), undefined);
    assert.equal(
      expandRequirements(catalog, [req('karpenter.k8s.aws/instance-family', 'Exists', [])]),
      undefined,
    );
  });

  const pool =
    'kind: NodePool\nname: web\nnodeClassRef:\n  name: al2023\nrequirements: node.kubernetes.io/instance-type m5.large c5.xlarge\n';
  const cls = 'kind: EC2NodeClass\nname: al2023\n';
  const ds = daemonSet({ ENABLE_IPv4: 'true' });
  it('an EC2NodeClass takes the types of the NodePools that reference it, across files', () => {
    const docs = [
      doc('file:///class.yaml', cls, (t) => [node(t, { kind: 'karpenter-ec2nodeclass', name: 'al2023' })]),
      doc('file:///pool.yaml', pool, (t) => [
        node(t, {
          kind: 'karpenter-nodepool',
          name: 'web',
          nodeClassRef: 'al2023',
          requirements: [
            { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m5.large', 'c5.xlarge'] },
          ],
        }),
      ]),
    ];
    const [c] = contexts(docs);
    assert.ok(c);
    const [scope] = nodeScopes(c);
    assert.deepEqual(
      scope?.types.map((t) => [t.name, t.origin, t.uri]),
      [
        ['c5.xlarge', 'nodepool', 'file:///pool.yaml'],
        ['m5.large', 'nodepool', 'file:///pool.yaml'],
      ],
    );
  });
  it('fallbacks: directive, then defaultInstanceTypes', () => {
    const d = doc('file:///ud.sh', '# vpc-cni-lint: instance-types=m5.large,t3.small\n', (t) => [
      node(t, { kind: 'user-data' }),
    ]);
    const [c] = contexts([d], { defaultInstanceTypes: ['c5.large'] });
    assert.ok(c);
    const n = d.model.nodes[0];
    assert.ok(n);
    assert.deepEqual(
      typesOf(c, c.uri, n).types.map((t) => [t.name, t.origin]),
      [
        ['m5.large', 'directive'],
        ['t3.small', 'directive'],
      ],
    );
    const bare = doc('file:///ud2.sh', '#!/bin/bash\n', (t) => [node(t, { kind: 'user-data' })]);
    const [c2] = contexts([bare], { defaultInstanceTypes: ['c5.large'] });
    assert.ok(c2 && bare.model.nodes[0]);
    assert.deepEqual(
      typesOf(c2, c2.uri, bare.model.nodes[0]).types.map((t) => [t.name, t.origin]),
      [['c5.large', 'default']],
    );
  });
  it('a CNI document sees the nodes of the workspace; CNI views prefer the own sources', () => {
    const docs = [
      doc('file:///ds.yaml', ds),
      doc('file:///ng.yaml', 'name: ng\ninstanceType: m5.large\n', (t) => [
        node(t, { kind: 'eksctl-nodegroup', name: 'ng', types: ['m5.large'] }),
      ]),
    ];
    const [dsCtx, ngCtx] = contexts(docs);
    assert.ok(dsCtx && ngCtx);
    assert.deepEqual(
      nodeScopes(dsCtx).map((s) => s.uri),
      ['file:///ng.yaml'],
    );
    assert.deepEqual(nodeScopes(dsCtx, { ownOnly: true }), []);
    assert.deepEqual(
      cniViews(ngCtx).map((v) => v.uri),
      ['file:///ds.yaml'],
    );
    assert.deepEqual(cniViews(contexts([docs[1] as (typeof docs)[number]])[0] as typeof ngCtx), [{}]);
  });
});
