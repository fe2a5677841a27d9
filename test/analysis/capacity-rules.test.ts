/** The capacity rules on hand-built node models (CNI settings from the real DaemonSet parser). */
import { strict as assert } from 'node:assert';
import type { Finding, Rule } from '../../server/src/analysis';
import { rule as autoMode } from '../../server/src/analysis/rules/auto-mode-cni-settings-ignored';
import { rule as bootstrapAl2023 } from '../../server/src/analysis/rules/bootstrap-sh-on-al2023';
import { rule as below } from '../../server/src/analysis/rules/max-pods-below-capacity';
import { rule as exceeds } from '../../server/src/analysis/rules/max-pods-exceeds-ip-capacity';
import { rule as mixed } from '../../server/src/analysis/rules/mixed-instance-types-max-pods';
import { rule as pdUnsupported } from '../../server/src/analysis/rules/prefix-delegation-unsupported-instance';
import { rule as sgp } from '../../server/src/analysis/rules/security-groups-for-pods-unsupported-instance';
import { rule as toolUnaware } from '../../server/src/analysis/rules/tool-max-pods-unaware';
import { rule as unknownType } from '../../server/src/analysis/rules/unknown-instance-type';
import { rule as useMaxPods } from '../../server/src/analysis/rules/use-max-pods-missing';
import { rule as subnet } from '../../server/src/analysis/rules/warm-pool-exhausts-subnet';
import { rule as warmTarget } from '../../server/src/analysis/rules/warm-target-exceeds-capacity';
import { applyEdits, bootstrapPart, daemonSet, doc, node, run, type Doc } from './capacity-helpers';

const CUSTOM = { ENABLE_IPv4: 'true', AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' };
const PD = { ENABLE_IPv4: 'true', ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' };
const ds = (env: Record<string, string>, version?: string): Doc =>
  doc('file:///aws-node.yaml', daemonSet(env, version));

const NG = 'nodeGroups:\n  - name: web\n    instanceType: m5.large\n    maxPodsPerNode: 110\n';
const ng = (maxPods?: number, types = ['m5.large'], text = NG.replace('110', String(maxPods ?? 110))): Doc =>
  doc('file:///ng.yaml', text, (t) => [
    node(t, {
      kind: 'eksctl-nodegroup',
      name: 'web',
      types,
      maxPods:
        maxPods === undefined
          ? undefined
          : { origin: 'eksctl-max-pods-per-node', needle: String(maxPods), value: maxPods },
      amiFamily: { needle: 'web', value: 'AL2' },
    }),
  ]);

const codes = (fs: Finding[]): string[] => fs.map((f) => `${f.severity} ${f.code}`);
const one = (fs: Finding[]): Finding => {
  assert.equal(fs.length, 1, fs.map((f) => f.message).join('\n'));
  return fs[0] as Finding;
};
const textOf = (d: Doc, f: Finding): string => d.text.slice(f.span.start, f.span.end);

describe('max-pods-exceeds-ip-capacity', () => {
  it('fires on an explicit value above custom-networking capacity, names the numbers, points at the env', () => {
    const n = ng(110);
    const f = one(run(exceeds, [n, ds(CUSTOM)]));
    assert.equal(f.severity, 'error');
    assert.equal(textOf(n, f), '110');
    assert.match(
      f.message,
      /max-pods 110 exceeds what m5\.large can address with custom networking: 20 \(2 ENIs x 9 IPs \+ 2\)/,
    );
    assert.equal(f.related?.[0]?.uri, 'file:///aws-node.yaml');
    const fixed = applyEdits(n.text, f.fixes?.[0]?.edits ?? []);
    assert.match(fixed, /maxPodsPerNode: 20\n/);
  });
  it('fires on the AMI default (table 29 > 20) anchored on the type', () => {
    const n = ng(undefined);
    const f = one(run(exceeds, [n, ds(CUSTOM)]));
    assert.equal(textOf(n, f), 'm5.large');
    assert.match(f.message, /max-pods 29 \(computed by AL2 bootstrap\.sh/);
  });
  it('quiet within capacity, without CNI reductions, and for the defaults', () => {
    assert.deepEqual(run(exceeds, [ng(20), ds(CUSTOM)]), []);
    assert.deepEqual(run(exceeds, [ng(29), ds({ ENABLE_IPv4: 'true' })]), []);
    assert.deepEqual(run(exceeds, [ng(undefined)]), []);
  });
  it('SGP trunk and MAX_ENI lower the capacity too', () => {
    assert.match(
      one(run(exceeds, [ng(29), ds({ ENABLE_IPv4: 'true', ENABLE_POD_ENI: 'true' })])).message,
      /trunk ENI/,
    );
    assert.match(one(run(exceeds, [ng(29), ds({ ENABLE_IPv4: 'true', MAX_ENI: '2' })])).message, /MAX_ENI=2/);
  });
  it('reports the worst of several CNI sources and names its file', () => {
    const a = doc('file:///a.yaml', daemonSet({ ENABLE_IPv4: 'true' }));
    const b = doc('file:///b.yaml', daemonSet(CUSTOM));
    const f = one(run(exceeds, [ng(29), a, b]));
    assert.equal(f.related?.[0]?.uri, 'file:///b.yaml');
  });
  it('leaves several types with one static value to mixed-instance-types-max-pods', () => {
    const text =
      'nodeGroups:\n  - name: web\n    instanceTypes: [m5.large, t3.medium]\n    maxPodsPerNode: 40\n';
    assert.deepEqual(run(exceeds, [ng(40, ['m5.large', 't3.medium'], text), ds(CUSTOM)]), []);
  });
});

describe('mixed-instance-types-max-pods', () => {
  const text =
    'nodeGroups:\n  - name: web\n    instanceTypes: [m5.large, t3.medium]\n    maxPodsPerNode: 25\n';
  it('fires above the smallest capacity and lists the types that cannot', () => {
    // t3.medium: 3 x 5 + 2 = 17 < 25; m5.large: 3 x 9 + 2 = 29 >= 25 (not listed)
    const n = ng(25, ['m5.large', 't3.medium'], text);
    const f = one(run(mixed, [n]));
    assert.equal(f.severity, 'error');
    assert.match(
      f.message,
      /all 2 instance types of .*, but 1 of them cannot address that many pods[^:]*: t3\.medium 17\.$/,
    );
    assert.doesNotMatch(f.message, /m5\.large 29/);
    assert.match(applyEdits(n.text, f.fixes?.[0]?.edits ?? []), /maxPodsPerNode: 17\n/);
  });
  describe('the list and its "and N more" count only the types that cannot', () => {
    const small = ['t3.nano', 't3.micro', 't3.small', 't3.medium', 't3.large', 't3.xlarge'];
    const mid = ['m5.large', 'm5.xlarge', 'c5.large', 'c5.xlarge', 'r5.large', 'r5.xlarge'];
    const big = ['m5.4xlarge', 'c5.4xlarge', 'r5.4xlarge'];
    // [types, max-pods, "N of them", listed (smallest first, ties by name), "and N more" or '']
    const rows: Array<[string[], number, number, string, string]> = [
      // 15 types; below 110: 6 t3 (4 4 11 17 35 58) + 6 m5/c5/r5 (29 x 3, 58 x 3) = 12; the 3 x 4xlarge (234) can;
      // 8 listed, 12 - 8 = 4 more (not 15 - 8 = 7)
      [
        [...small, ...mid, ...big],
        110,
        12,
        't3.micro 4, t3.nano 4, t3.small 11, t3.medium 17, c5.large 29, m5.large 29, r5.large 29, t3.large 35',
        ', and 4 more',
      ],
      // below 40: t3.micro 4, t3.nano 4, t3.small 11, t3.medium 17, 3 x 29, t3.large 35 = 8; all listed, none more
      [
        [...small, ...mid, ...big],
        40,
        8,
        't3.micro 4, t3.nano 4, t3.small 11, t3.medium 17, c5.large 29, m5.large 29, r5.large 29, t3.large 35',
        '',
      ],
      // below 60: the 6 t3 (4 to 58) + the 6 m5/c5/r5 (29, 58) = 12 (58 < 60); 8 listed, 12 - 8 = 4 more
      [[...small, ...mid, ...big], 60, 12, 't3.micro 4, t3.nano 4', ', and 4 more'],
    ];
    for (const [types, maxPods, n, listed, more] of rows) {
      it(`${types.length} types, max-pods ${maxPods}: ${n} cannot${more}`, () => {
        const t = `nodeGroups:\n  - name: web\n    instanceTypes: [${types.join(', ')}]\n    maxPodsPerNode: ${maxPods}\n`;
        const f = one(run(mixed, [ng(maxPods, types, t)]));
        assert.match(
          f.message,
          new RegExp(`all ${types.length} instance types of .*, but ${n} of them cannot`),
        );
        assert.ok(f.message.includes(`: ${listed}`), f.message);
        assert.ok(f.message.endsWith(`${more}.`), f.message);
      });
    }
  });
  it('quiet at or below the smallest capacity, or with one type', () => {
    const t2 = text.replace('25', '17');
    assert.deepEqual(run(mixed, [ng(17, ['m5.large', 't3.medium'], t2)]), []);
    assert.deepEqual(run(mixed, [ng(110)]), []);
  });
});

describe('max-pods-below-capacity', () => {
  it('fires when PD is on and max-pods stays at the table value (explicit)', () => {
    const text = NG.replace('110', '29');
    const n = ng(29, ['m5.large'], text);
    const f = one(run(below, [n, ds(PD)]));
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /can address 434 pods .*recommended max-pods is 110/);
    assert.match(applyEdits(n.text, f.fixes?.[0]?.edits ?? []), /maxPodsPerNode: 110\n/);
  });
  it('fires on the AL2 table default', () => {
    const f = one(run(below, [ng(undefined), ds(PD)]));
    assert.match(f.message, /is 29 \(computed by AL2 bootstrap/);
  });
  it('quiet without PD, at the recommended value, or when PD falls back (m4)', () => {
    assert.deepEqual(run(below, [ng(29, ['m5.large'], NG.replace('110', '29'))]), []);
    assert.deepEqual(run(below, [ng(110), ds(PD)]), []);
    const m4 = 'nodeGroups:\n  - name: web\n    instanceType: m4.large\n    maxPodsPerNode: 20\n';
    assert.deepEqual(run(below, [ng(20, ['m4.large'], m4), ds(PD)]), []);
  });
});

describe('use-max-pods-missing', () => {
  const text = '#!/bin/bash\n/etc/eks/bootstrap.sh my-cluster --kubelet-extra-args "--max-pods=110"\n';
  const ud = (t: string, opts: Parameters<typeof bootstrapPart>[1]): Doc =>
    doc('file:///ud.sh', `# vpc-cni-lint: instance-types=m5.large\n${t}`, (x) => [
      node(x, { kind: 'user-data', userData: [bootstrapPart(x, opts)] }),
    ]);
  it('fires and offers --use-max-pods false, with kube-reserved figures', () => {
    const d = ud(text, { maxPods: '110', insertAfter: 'my-cluster' });
    const f = one(run(useMaxPods, [d]));
    assert.equal(textOf(d, f), '110');
    // 11 x 29 + 255 = 574; 11 x 110 + 255 = 1465
    assert.match(f.message, /table value 29 \(11 x 29 \+ 255 = 574 Mi\), not from 110 \(1465 Mi\)/);
    assert.match(
      applyEdits(d.text, f.fixes?.[0]?.edits ?? []),
      /bootstrap\.sh my-cluster --use-max-pods false --kubelet/,
    );
  });
  it('quiet with --use-max-pods false, or without --max-pods', () => {
    const t2 = text.replace('my-cluster', 'my-cluster --use-max-pods false');
    assert.deepEqual(run(useMaxPods, [ud(t2, { maxPods: '110', useMaxPods: 'false' })]), []);
    assert.deepEqual(run(useMaxPods, [ud(text, {})]), []);
  });
});

describe('prefix-delegation-unsupported-instance', () => {
  const m4 = 'nodeGroups:\n  - name: web\n    instanceType: m4.large\n';
  it('warns when IPv4 PD falls back on a Xen type', () => {
    const n = ng(undefined, ['m4.large'], m4);
    const f = one(run(pdUnsupported, [n, ds(PD)]));
    assert.equal(f.severity, 'warning');
    assert.equal(textOf(n, f), 'm4.large');
    assert.match(f.message, /not a Nitro instance .*addresses 20 pods/);
  });
  it('errors for IPv6', () => {
    const v6 = {
      ENABLE_IPv4: 'false',
      ENABLE_IPv6: 'true',
      ENABLE_PREFIX_DELEGATION: 'true',
      WARM_PREFIX_TARGET: '1',
    };
    assert.deepEqual(codes(run(pdUnsupported, [ng(undefined, ['m4.large'], m4), ds(v6)])), [
      'error prefix-delegation-unsupported-instance',
    ]);
  });
  it('bare metal only before CNI 1.11', () => {
    const metal = 'nodeGroups:\n  - name: web\n    instanceType: m5.metal\n';
    assert.deepEqual(run(pdUnsupported, [ng(undefined, ['m5.metal'], metal), ds(PD)]), []);
    assert.match(
      one(run(pdUnsupported, [ng(undefined, ['m5.metal'], metal), ds(PD, 'v1.10.4')])).message,
      /bare metal/,
    );
  });
  it('quiet on Nitro or without PD', () => {
    assert.deepEqual(run(pdUnsupported, [ng(undefined), ds(PD)]), []);
    assert.deepEqual(run(pdUnsupported, [ng(undefined, ['m4.large'], m4)]), []);
  });
});

describe('security-groups-for-pods-unsupported-instance', () => {
  const SGP = { ENABLE_IPv4: 'true', ENABLE_POD_ENI: 'true' };
  const t3 = 'nodeGroups:\n  - name: web\n    instanceTypes: [t3.medium, m5.large]\n';
  it('error when no type can take a trunk ENI, warning when some can', () => {
    const only = 'nodeGroups:\n  - name: web\n    instanceType: t3.medium\n';
    assert.deepEqual(codes(run(sgp, [ng(undefined, ['t3.medium'], only), ds(SGP)])), [
      'error security-groups-for-pods-unsupported-instance',
    ]);
    const fs = run(sgp, [ng(undefined, ['t3.medium', 'm5.large'], t3), ds(SGP)]);
    // m5.large has 9 branch ENIs: information
    assert.deepEqual(codes(fs).sort(), [
      'information security-groups-for-pods-unsupported-instance',
      'warning security-groups-for-pods-unsupported-instance',
    ]);
  });
  it('older CNI also reserves the slot', () => {
    const only = 'nodeGroups:\n  - name: web\n    instanceType: t3.medium\n';
    assert.match(
      one(run(sgp, [ng(undefined, ['t3.medium'], only), ds(SGP, 'v1.19.0')])).message,
      /before v1\.20\.4/,
    );
  });
  it('quiet without ENABLE_POD_ENI, or on types with many branch ENIs', () => {
    assert.deepEqual(run(sgp, [ng(undefined, ['t3.medium', 'm5.large'], t3)]), []);
    const big = 'nodeGroups:\n  - name: web\n    instanceType: m5.4xlarge\n';
    assert.deepEqual(run(sgp, [ng(undefined, ['m5.4xlarge'], big), ds(SGP)]), []);
  });
});

describe('warm-target-exceeds-capacity', () => {
  it('fires on the CNI document for the smallest node of the workspace', () => {
    const d = ds({ ENABLE_IPv4: 'true', WARM_IP_TARGET: '5', MINIMUM_IP_TARGET: '40' });
    const t = 'nodeGroups:\n  - name: web\n    instanceTypes: [m5.large, t3.medium]\n';
    const f = one(run(warmTarget, [d, ng(undefined, ['m5.large', 't3.medium'], t)]));
    // t3.medium: 3 ENIs x 5 IPs = 15 pod addresses
    assert.match(
      f.message,
      /MINIMUM_IP_TARGET=40 is above what t3\.medium can hold: 15 pod addresses \(3 ENIs x 5 IPs\)/,
    );
    assert.equal(textOf(d, f), '"40"');
    assert.equal(f.related?.[0]?.uri, 'file:///ng.yaml');
  });
  it('quiet when the target fits, or no type is in scope', () => {
    const d = ds({ ENABLE_IPv4: 'true', WARM_IP_TARGET: '5', MINIMUM_IP_TARGET: '10' });
    assert.deepEqual(run(warmTarget, [d, ng(undefined)]), []);
    assert.deepEqual(
      run(warmTarget, [ds({ ENABLE_IPv4: 'true', MINIMUM_IP_TARGET: '40', WARM_IP_TARGET: '1' })]),
      [],
    );
  });
});

describe('tool-max-pods-unaware', () => {
  const cls = 'kind: EC2NodeClass\nname: al2023\nspec:\n  role: r\n';
  const pool =
    'kind: NodePool\nname: web\nnodeClassRef:\n  name: al2023\nrequirements: node.kubernetes.io/instance-type c6g.medium\n';
  const karpenter = (): Doc[] => [
    doc('file:///class.yaml', cls, (t) => [
      node(t, {
        kind: 'karpenter-ec2nodeclass',
        name: 'al2023',
        maxPodsInsert: { after: 'spec:\n', template: '  kubelet:\n    maxPods: ${value}\n' },
      }),
    ]),
    doc('file:///pool.yaml', pool, (t) => [
      node(t, {
        kind: 'karpenter-nodepool',
        name: 'web',
        nodeClassRef: 'al2023',
        requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['c6g.medium'] }],
      }),
    ]),
  ];
  it('Karpenter below PD: warning on the EC2NodeClass with a kubelet.maxPods fix', () => {
    const docs = karpenter();
    // c6g.medium: 2 ENIs x (4 - 1) + 2 = 8 by Karpenter; PD: 2 x 3 x 16 + 2 = 98, min(98, 110) = 98
    const f = one(run(toolUnaware, [...docs, ds(PD)]));
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /Karpenter will set max-pods 8 on c6g\.medium .*can address 98 pods/);
    assert.equal(
      applyEdits(cls, f.fixes?.[0]?.edits ?? []),
      'kind: EC2NodeClass\nname: al2023\nspec:\n  kubelet:\n    maxPods: 98\n  role: r\n',
    );
  });
  it('Karpenter above custom-networking capacity: error', () => {
    const fs = run(toolUnaware, [...karpenter(), ds(CUSTOM)]);
    // c6g.medium custom networking: (2 - 1) x 3 + 2 = 5 < 8
    assert.match(one(fs).message, /can address only 5 pods with custom networking/);
    assert.equal(one(fs).severity, 'error');
  });
  it('quiet with default CNI settings, with kubelet.maxPods, and on the NodePool itself', () => {
    assert.deepEqual(run(toolUnaware, karpenter()), []);
    const [c, p] = karpenter();
    assert.ok(c && p);
    assert.deepEqual(run(toolUnaware, [p, c, ds(PD)]), []);
    const withMax = doc('file:///class.yaml', `${cls}  kubelet:\n    maxPods: 98\n`, (t) => [
      node(t, {
        kind: 'karpenter-ec2nodeclass',
        name: 'al2023',
        maxPods: { origin: 'karpenter-kubelet', needle: '98', value: 98 },
      }),
    ]);
    assert.deepEqual(run(toolUnaware, [withMax, p, ds(PD)]), []);
  });
  it('nodeadm without maxPods under custom networking: error', () => {
    const ud = doc('file:///ud.yaml', '# vpc-cni-lint: instance-types=m5.large\nkind: NodeConfig\n', (t) => [
      node(t, {
        kind: 'user-data',
        name: 'NodeConfig',
        amiFamily: { needle: 'NodeConfig', value: 'AL2023' },
      }),
    ]);
    const f = one(run(toolUnaware, [ud, ds(CUSTOM)]));
    assert.match(f.message, /nodeadm will set max-pods 29 on m5\.large/);
  });
});

describe('unknown-instance-type', () => {
  const text = 'nodeGroups:\n  - name: web\n    instanceTypes: [m5.lage, m99g.large, m5.large]\n';
  it('warning with did-you-mean for typos, information for plausible new types', () => {
    const n = ng(undefined, ['m5.lage', 'm99g.large', 'm5.large'], text);
    const fs = run(unknownType, [n]);
    assert.deepEqual(codes(fs), ['warning unknown-instance-type', 'information unknown-instance-type']);
    const typo = fs[0] as Finding;
    assert.equal(typo.fixes?.[0]?.title, 'Change to m5.large');
    assert.equal(typo.fixes?.[0]?.preferred, true);
    assert.match(applyEdits(text, typo.fixes?.[0]?.edits ?? []), /\[m5\.large, m99g\.large/);
    assert.match((fs[1] as Finding).message, /resolves it at runtime/);
  });
  it('quiet on known types', () => {
    assert.deepEqual(run(unknownType, [ng(undefined)]), []);
  });
});

describe('bootstrap-sh-on-al2023', () => {
  const text = '#!/bin/bash\n/etc/eks/bootstrap.sh my-cluster\n';
  it('fires on AL2023 nodes, and next to a NodeConfig part', () => {
    const d = doc('file:///ud.sh', `amiFamily: AL2023\n${text}`, (t) => [
      node(t, {
        kind: 'launch-template',
        amiFamily: { needle: 'AL2023', value: 'AL2023' },
        userData: [bootstrapPart(t)],
      }),
    ]);
    const f = one(run(bootstrapAl2023, [d]));
    assert.equal(textOf(d, f), '/etc/eks/bootstrap.sh');
    assert.match(f.message, /ERROR: bootstrap\.sh has been removed from AL2023-based EKS AMIs\./);
    const mime = doc('file:///ud.mime', text, (t) => [
      node(t, {
        kind: 'user-data',
        userData: [
          bootstrapPart(t),
          {
            kind: 'nodeconfig',
            span: { start: 0, end: 0 },
            bootstrap: [],
            nodeConfig: { span: { start: 0, end: 0 } },
          },
        ],
      }),
    ]);
    assert.equal(run(bootstrapAl2023, [mime]).length, 1);
  });
  it('quiet on AL2', () => {
    const d = doc('file:///ud.sh', text, (t) => [
      node(t, { kind: 'user-data', userData: [bootstrapPart(t)] }),
    ]);
    assert.deepEqual(run(bootstrapAl2023, [d]), []);
  });
});

describe('warm-pool-exhausts-subnet', () => {
  it('fires when N idle nodes take more than the subnet has', () => {
    // m5.large, WARM_ENI_TARGET=1 at 0 pods: 9 free IPs already meet the target, so the primary ENI with
    // its 9 secondary IPs + its own primary address = 10 addresses per node
    const d = doc(
      'file:///ds.yaml',
      `# vpc-cni-lint: subnet=10.0.0.0/28 nodes=2\n# vpc-cni-lint: instance-types=m5.large\n${daemonSet({ ENABLE_IPv4: 'true' })}`,
    );
    const f = one(run(subnet, [d]));
    assert.equal(f.severity, 'error');
    assert.equal(textOf(d, f), '10.0.0.0/28');
    // 2 x 10 = 20 > 16 - 5 = 11
    assert.match(
      f.message,
      /2 idle nodes of m5\.large take 20 addresses \(10 each: 1 ENI holding 9 secondary IPs, plus 1 ENI primary address\) but 10\.0\.0\.0\/28 has 11 usable \(16 - 5 reserved by AWS\)/,
    );
  });
  it('quiet when they fit', () => {
    // 5 x 10 = 50 <= 59
    const d = doc(
      'file:///ds.yaml',
      `# vpc-cni-lint: subnet=10.0.0.0/26 nodes=5\n# vpc-cni-lint: instance-types=m5.large\n${daemonSet({ ENABLE_IPv4: 'true' })}`,
    );
    assert.deepEqual(run(subnet, [d]), []);
  });
});

describe('auto-mode-cni-settings-ignored', () => {
  const nc = 'apiVersion: eks.amazonaws.com/v1\nkind: NodeClass\nname: default\n';
  const auto = (): Doc =>
    doc('file:///nc.yaml', nc, (t) => [
      node(t, { kind: 'auto-mode-nodeclass', name: 'default', autoMode: { podSubnets: false } }),
    ]);
  it('information on aws-node settings when every node is Auto Mode', () => {
    const f = one(run(autoMode, [ds(CUSTOM), auto()]));
    assert.equal(f.severity, 'information');
    assert.equal(f.related?.[0]?.uri, 'file:///nc.yaml');
  });
  it('quiet when other nodes exist, or no nodes at all', () => {
    assert.deepEqual(run(autoMode, [ds(CUSTOM), auto(), ng(undefined)]), []);
    assert.deepEqual(run(autoMode, [ds(CUSTOM)]), []);
  });
});

describe('every capacity rule stays quiet on an empty workspace', () => {
  const rules: Rule[] = [
    autoMode,
    bootstrapAl2023,
    below,
    exceeds,
    mixed,
    pdUnsupported,
    sgp,
    toolUnaware,
    unknownType,
    useMaxPods,
    subnet,
    warmTarget,
  ];
  for (const r of rules) {
    it(r.code, () => assert.deepEqual(run(r, [doc('file:///empty.yaml', '')]), []));
  }
});
