import { strict as assert } from 'node:assert';
import {
  defaultCatalog,
  expandKarpenterRequirements,
  nameLabels,
  typeLabelValues,
  type PlainRequirement,
} from '../../server/src/engine';
import { importKarpenterLabels } from '../../scripts/import-karpenter-labels';

const cat = defaultCatalog();
const r = (key: string, operator: string, values: string[] = [], minValues?: number): PlainRequirement =>
  minValues === undefined ? { key, operator, values } : { key, operator, values, minValues };
const names = (reqs: PlainRequirement[], windows = false): string[] =>
  expandKarpenterRequirements(cat, reqs, { windows }).sure.map((e) => e.name);
const FAM = 'karpenter.k8s.aws/instance-family';
const HV = 'karpenter.k8s.aws/instance-hypervisor';

describe('engine/karpenterRequirements: NodePool requirements as Karpenter evaluates them', () => {
  // requirements, types expected among the sure matches, types expected absent
  const rows: Array<[string, PlainRequirement[], string[], string[]]> = [
    // hypervisor In [nitro]: Xen c4 out, bare metal out (its hypervisor label is "")
    [
      'hypervisor In [nitro]',
      [r(FAM, 'In', ['c4', 'c5']), r(HV, 'In', ['nitro'])],
      ['c5.large'],
      ['c4.large', 'c5.metal'],
    ],
    // NotIn [nitro]: Xen and bare metal ("" is not nitro)
    [
      'hypervisor NotIn [nitro]',
      [r(FAM, 'In', ['c4', 'c5']), r(HV, 'NotIn', ['nitro'])],
      ['c4.large', 'c5.metal'],
      ['c5.large'],
    ],
    // Exists on a label always set: everything, bare metal included
    ['hypervisor Exists', [r(FAM, 'In', ['c5']), r(HV, 'Exists')], ['c5.large', 'c5.metal'], []],
    // DoesNotExist on a label always set: nothing
    ['hypervisor DoesNotExist', [r(FAM, 'In', ['c5']), r(HV, 'DoesNotExist')], [], ['c5.large', 'c5.metal']],
    // local NVMe: m5d has it, m5 lacks it; DoesNotExist keeps the lacking type, Exists the other
    [
      'local-nvme DoesNotExist',
      [r(FAM, 'In', ['m5', 'm5d']), r('karpenter.k8s.aws/instance-local-nvme', 'DoesNotExist')],
      ['m5.large'],
      ['m5d.large'],
    ],
    [
      'local-nvme Exists',
      [r(FAM, 'In', ['m5', 'm5d']), r('karpenter.k8s.aws/instance-local-nvme', 'Exists')],
      ['m5d.large'],
      ['m5.large'],
    ],
    // NotIn on a label a type lacks matches it (both sides NotIn/DoesNotExist)
    [
      'gpu-name NotIn on types without GPUs',
      [r(FAM, 'In', ['m5']), r('karpenter.k8s.aws/instance-gpu-name', 'NotIn', ['t4'])],
      ['m5.large'],
      [],
    ],
    // Gt/Lt on integers: memory 8192 MiB is m5.large (8 GiB); Gt 8191 keeps it, Lt 8192 drops it
    [
      'memory Gt 8191',
      [r(FAM, 'In', ['m5']), r('karpenter.k8s.aws/instance-memory', 'Gt', ['8191'])],
      ['m5.large'],
      [],
    ],
    [
      'memory Lt 8192',
      [r(FAM, 'In', ['m5']), r('karpenter.k8s.aws/instance-memory', 'Lt', ['8192'])],
      [],
      ['m5.large'],
    ],
    // Gte/Lte are inclusive; two bounds on one key intersect: cpu 2..4 is large and xlarge
    [
      'cpu Gte 2, Lte 4',
      [
        r(FAM, 'In', ['m5']),
        r('karpenter.k8s.aws/instance-cpu', 'Gte', ['2']),
        r('karpenter.k8s.aws/instance-cpu', 'Lte', ['4']),
      ],
      ['m5.large', 'm5.xlarge'],
      ['m5.2xlarge'],
    ],
    // Gt on a label a type lacks never matches
    [
      'gpu-count Gt 0 on m5',
      [r(FAM, 'In', ['m5']), r('karpenter.k8s.aws/instance-gpu-count', 'Gt', ['0'])],
      [],
      ['m5.large'],
    ],
    // beta keys are normalized; os is linux unless the class is Windows
    [
      'beta arch',
      [r(FAM, 'In', ['m6g', 'm5']), r('beta.kubernetes.io/arch', 'In', ['arm64'])],
      ['m6g.large'],
      ['m5.large'],
    ],
    [
      'os In [windows] on a Linux class',
      [r(FAM, 'In', ['m5']), r('kubernetes.io/os', 'In', ['windows'])],
      [],
      ['m5.large'],
    ],
    // custom labels never restrict types (Intersects compares only keys the type defines)
    ['custom label', [r(FAM, 'In', ['m5']), r('team', 'In', ['web'])], ['m5.large'], []],
    // tenancy: every type offers default and dedicated
    [
      'tenancy In [dedicated]',
      [r(FAM, 'In', ['m5']), r('karpenter.k8s.aws/instance-tenancy', 'In', ['dedicated'])],
      ['m5.large'],
      [],
    ],
  ];
  for (const [label, reqs, present, absent] of rows) {
    it(label, () => {
      const got = names(reqs);
      for (const t of present)
        assert.ok(got.includes(t), `${t} should match: ${got.slice(0, 10).join(', ')}`);
      for (const t of absent) assert.ok(!got.includes(t), `${t} should not match`);
    });
  }

  it('Windows class: os In [windows] keeps amd64 types only', () => {
    const got = names([r(FAM, 'In', ['m5', 'm6g']), r('kubernetes.io/os', 'In', ['windows'])], true);
    assert.ok(got.includes('m5.large') && !got.includes('m6g.large'));
  });

  it('a key we cannot evaluate makes every candidate a maybe and names the requirement', () => {
    const sel = expandKarpenterRequirements(cat, [
      r(FAM, 'In', ['m4']),
      r('karpenter.k8s.aws/capacity-reservation-type', 'In', ['default']),
    ]);
    assert.equal(sel.sure.length, 0);
    assert.ok(sel.maybe.some((e) => e.name === 'm4.large'));
    assert.deepEqual(sel.unevaluated, [1]);
  });

  it('zone and capacity type select offerings, not types; reserved is unknown', () => {
    assert.ok(
      names([
        r(FAM, 'In', ['m5']),
        r('topology.kubernetes.io/zone', 'In', ['us-west-2a']),
        r('karpenter.sh/capacity-type', 'In', ['spot']),
      ]).includes('m5.large'),
    );
    const sel = expandKarpenterRequirements(cat, [
      r(FAM, 'In', ['m5']),
      r('karpenter.sh/capacity-type', 'In', ['reserved']),
    ]);
    assert.equal(sel.sure.length, 0);
  });

  it('minValues the candidates cannot meet: nothing is sure (Strict launches nothing)', () => {
    // only m4 is Xen among m4/m5: one family, minValues 2
    const sel = expandKarpenterRequirements(cat, [r(FAM, 'In', ['m4', 'm5']), r(HV, 'In', ['xen'], 2)]);
    assert.equal(sel.sure.length, 0);
    assert.deepEqual(
      sel.minValuesUnmet.map((m) => [m.key, m.needed, m.found]),
      [[HV, 2, 1]],
    );
    // two families among the matches: met
    assert.ok(names([r(FAM, 'In', ['m4', 'm5'], 2)]).includes('m4.large'));
  });

  it('types without label figures only may match labels we do not derive', () => {
    const sel = expandKarpenterRequirements(cat, [
      r(FAM, 'In', ['p3']),
      r('karpenter.k8s.aws/instance-local-nvme', 'DoesNotExist'),
    ]);
    assert.equal(sel.sure.length, 0);
    assert.ok(sel.maybe.some((e) => e.name === 'p3.2xlarge'));
  });

  it('invalid bounds are reported, not guessed', () => {
    const sel = expandKarpenterRequirements(cat, [
      r(FAM, 'In', ['m5']),
      r('karpenter.k8s.aws/instance-cpu', 'Gt', ['two']),
    ]);
    assert.deepEqual(sel.invalid, [1]);
    assert.equal(sel.sure.length, 0);
  });

  it("name labels use Karpenter's scheme", () => {
    assert.deepEqual(nameLabels('u-6tb1.metal'), {
      'karpenter.k8s.aws/instance-category': 'u',
      'karpenter.k8s.aws/instance-generation': '1',
      'karpenter.k8s.aws/instance-family': 'u-6tb1',
      'karpenter.k8s.aws/instance-size': 'metal',
    });
    const info = cat.lookup('m5.metal');
    assert.ok(info);
    assert.deepEqual(typeLabelValues(info, HV), ['']); // bare metal: always set, empty
  });

  it('import: carries figures, keeps empty hypervisor as "", checks the name-derived columns', () => {
    const head =
      'instance_type,instance-capability-flex,instance-category,instance-cpu,instance-cpu-manufacturer,instance-cpu-sustained-clock-speed-mhz,instance-ebs-bandwidth,instance-encryption-in-transit-supported,instance-family,instance-generation,instance-hypervisor,instance-memory,instance-network-bandwidth,instance-size,arch,os,instance-local-nvme,instance-accelerator-count,instance-accelerator-manufacturer,instance-accelerator-name,instance-gpu-count,instance-gpu-manufacturer,instance-gpu-memory,instance-gpu-name';
    const ok = importKarpenterLabels(
      `${head}\nm5.metal,false,m,96,intel,3100,19000,false,m5,5,,393216,25000,metal,amd64,linux,,,,,,,,\n`,
      'T',
    );
    assert.deepEqual(ok.problems, []);
    const row = ok.file?.types['m5.metal'];
    assert.ok(row);
    assert.equal(row[ok.file?.labels.indexOf(HV) ?? -1], '');
    assert.equal(row[ok.file?.labels.indexOf('karpenter.k8s.aws/instance-local-nvme') ?? -1], null);
    const bad = importKarpenterLabels(
      `${head}\nm5.metal,false,c,96,intel,3100,19000,false,m5,5,,393216,25000,metal,amd64,linux,,,,,,,,\n`,
      'T',
    );
    assert.match(bad.problems.join('\n'), /instance-category is "c" in the CSV, the name gives "m"/);
  });
});
