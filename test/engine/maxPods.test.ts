import { strict as assert } from 'node:assert';
import {
  al2BootstrapMaxPods,
  allMaxPods,
  autoModeMaxPods,
  BOTTLEROCKET_TABLE,
  bottlerocketMaxPods,
  bottlerocketTableEntry,
  calculatorMaxPods,
  cniCapacity,
  type CniNodeConfig,
  defaultCatalog,
  explanationToMarkdown,
  explanationToText,
  karpenterMaxPods,
  managedNodeGroupMaxPods,
  nodeadmMaxPods,
  tableMaxPods,
  withOverrides,
} from '../../server/src/engine';

const cat = defaultCatalog();

describe('engine/maxPods', () => {
  describe('domain.md c.10 worked examples', () => {
    // type, table, custom net, PD uncapped (CNI), calculator PD, SGP branch
    const rows: [string, number, number, number, number, number][] = [
      ['t3.small', 11, 8, 146, 110, 0], // 3x(4-1)+2=11; 2x3+2=8; 3x3x16+2=146; min(146,110); not trunk-compatible
      ['t3.medium', 17, 12, 242, 110, 0], // 3x5+2=17; 2x5+2=12; 3x5x16+2=242; min(242,110)
      ['m5.large', 29, 20, 434, 110, 9], // 3x9+2=29; 2x9+2=20; 3x9x16+2=434; min(434,110)
      ['m5.xlarge', 58, 44, 898, 110, 18], // 4x14+2=58; 3x14+2=44; 4x14x16+2=898; min(898,110)
      ['m5.4xlarge', 234, 205, 3714, 110, 54], // 8x29+2=234; 7x29+2=205; 8x29x16+2=3714; 16 vCPU → 110
      ['c5.18xlarge', 737, 688, 11762, 250, 107], // 15x49+2=737; 14x49+2=688; 15x49x16+2=11762; 72 vCPU → 250
      ['r6g.medium', 8, 5, 98, 98, 4], // 2x3+2=8; 1x3+2=5; 2x3x16+2=98; min(98,110)=98
      ['p5.48xlarge', 100, 51, 1570, 250, 120], // card 0: 2x49+2=100; 1x49+2=51; 2x49x16+2=1570; 192 vCPU → 250
      ['m5.metal', 737, 688, 11762, 250, 120], // 15x49+2; 14x49+2; CNI PD on metal 11762; calc: secondary 737 → 250
    ];
    for (const [t, table, custom, pd, calcPd, branch] of rows) {
      it(`${t}: table ${table}, custom ${custom}, PD ${pd}, calculator PD ${calcPd}, branch ${branch}`, () => {
        assert.equal(cniCapacity(cat, t).value, table);
        assert.equal(cniCapacity(cat, t, { customNetworking: true }).value, custom);
        assert.equal(cniCapacity(cat, t, { prefixDelegation: true }).value, pd);
        assert.equal(
          calculatorMaxPods(cat, t, { cniVersion: '1.19.0', prefixDelegation: true }).value,
          calcPd,
        );
        assert.equal(cniCapacity(cat, t, { securityGroupsForPods: true }).branchPods, branch);
        assert.equal(tableMaxPods(cat.lookup(t)!), table);
      });
    }
  });

  describe('cniCapacity (what ipamd can serve)', () => {
    const rows: [string, CniNodeConfig, number | null, number | null][] = [
      ['m5.large', {}, 29, 0], // 3 x (10-1) + 2 = 29; SGP off → 0 branch
      ['m5.large', { maxEni: 2 }, 20, 0], // MAX_ENI 2 < 3: 2 x 9 + 2 = 20
      ['m5.large', { maxEni: 3 }, 29, 0], // MAX_ENI 3 not < 3: ignored → 29
      ['m5.large', { maxEni: 0 }, 29, 0], // MAX_ENI 0 ignored → 29
      ['m5.large', { maxEni: -5 }, 29, 0], // negative ignored → 29
      ['m5.large', { customNetworking: true }, 20, 0], // (3-1) x 9 + 2 = 20
      ['m5.large', { securityGroupsForPods: true }, 20, 9], // trunk slot: (3-1) x 9 + 2 = 20; 9 branch
      ['m5.large', { securityGroupsForPods: true, cniVersion: '1.16.3' }, 29, 9], // < 1.16.4 trunk carries IPs: 3 x 9 + 2
      ['m5.large', { securityGroupsForPods: true, cniVersion: 'v1.16.4-eksbuild.1' }, 20, 9], // (3-1) x 9 + 2
      ['m5.large', { securityGroupsForPods: true, customNetworking: true }, 11, 9], // (3-1-1) x 9 + 2 = 11
      ['m5.large', { prefixDelegation: true, customNetworking: true }, 290, 0], // (3-1) x 9 x 16 + 2 = 290
      ['m5.large', { prefixDelegation: true, cniVersion: '1.8.0' }, 29, 0], // PD needs >= 1.9 → 3 x 9 + 2
      ['m5.large', { prefixDelegation: true, securityGroupsForPods: true }, 290, 9], // (3-1) x 144 + 2; PD no branch gain
      ['m5.large', { unmanagedEnis: 1 }, 20, 0], // (3-1) x 9 + 2
      ['t3.small', { securityGroupsForPods: true }, 11, 0], // not trunk-compatible (>= 1.20.4): 3 x 3 + 2 = 11
      ['t3.small', { securityGroupsForPods: true, cniVersion: '1.20.3' }, 8, 0], // < 1.20.4 reserves: 2 x 3 + 2 = 8
      ['t3.small', { securityGroupsForPods: true, cniVersion: '1.16.0' }, 8, 0], // reserved, never attached: 2x3+2
      ['r6g.medium', { prefixDelegation: true, securityGroupsForPods: true }, 50, 4], // (2-1) x 3 x 16 + 2 = 50; 4 branch
      ['m4.large', { prefixDelegation: true }, 20, 0], // Xen: PD falls back → 2 x (10-1) + 2 = 20
      ['m5.metal', { prefixDelegation: true, cniVersion: '1.10.0' }, 737, 0], // metal PD needs 1.11 → 15 x 49 + 2
      ['m5.metal', { prefixDelegation: true, cniVersion: '1.11.0' }, 11762, 0], // 15 x 49 x 16 + 2
      // what ipamd serves on c7g.metal with PD (CNI >= 1.11 does PD on metal): 15 x 49 x 16 + 2; the calculator prints 737
      ['c7g.metal', { prefixDelegation: true, cniVersion: '1.18.0' }, 11762, 0],
      ['m5.large', { ipv6: true, prefixDelegation: true }, null, 0], // IPv6: /80, no address limit
      ['trn2.3xlarge', { securityGroupsForPods: true }, 16, null], // unknown compat → compatible: (2-1) x 14 + 2; branch unknown
    ];
    for (const [t, cfg, value, branch] of rows) {
      it(`${t} ${JSON.stringify(cfg)} → ${value} (+${branch} branch)`, () => {
        const r = cniCapacity(cat, t, cfg);
        assert.equal(r.value, value, explanationToText(r.explanation));
        assert.equal(r.branchPods, branch);
        assert.ok(r.explanation.steps.length > 0);
        assert.ok(r.explanation.sources.length > 0);
      });
    }
    it('notes the silent PD fallback on Xen', () => {
      const r = cniCapacity(cat, 'm4.large', { prefixDelegation: true });
      assert.match(r.explanation.notes.join(), /not supported on non-nitro instance m4\.large/);
      assert.equal(r.budget?.prefixFallback, true);
    });
    it('flags IPv6 without PD as not starting', () => {
      const r = cniCapacity(cat, 'm5.large', { ipv6: true });
      assert.equal(r.budget?.invalid, true);
    });
    it('unknown type: note + suggestions, no value', () => {
      const r = cniCapacity(cat, 'm5.larg');
      assert.equal(r.known, false);
      assert.equal(r.value, null);
      assert.ok(r.suggestions.includes('m5.large'));
    });
    it('never throws on garbage input', () => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- deliberately wrong types
      const junk: any[] = [null, undefined, 42, NaN, {}, [], 'm5.large'];
      for (const j of junk) {
        assert.doesNotThrow(() => cniCapacity(cat, j, j));
        assert.doesNotThrow(() => calculatorMaxPods(cat, j, j));
        assert.doesNotThrow(() => al2BootstrapMaxPods(cat, j, j));
        assert.doesNotThrow(() => nodeadmMaxPods(cat, j, j));
        assert.doesNotThrow(() => karpenterMaxPods(cat, j, j));
        assert.doesNotThrow(() => bottlerocketMaxPods(cat, j, j));
        assert.doesNotThrow(() => managedNodeGroupMaxPods(cat, j, j));
        assert.doesNotThrow(() => autoModeMaxPods(cat, j, j));
      }
      assert.equal(cniCapacity(cat, 'm5.large', { maxEni: NaN }).value, 29); // NaN ignored: 3 x 9 + 2
    });
  });

  describe('max-pods-calculator.sh', () => {
    const rows: [string, Parameters<typeof calculatorMaxPods>[2], number | null][] = [
      ['m5.large', { cniVersion: '1.9.0' }, 29], // 3 x 9 + 2 = 29 < 110
      ['m5.large', { cniVersion: '1.9.0', prefixDelegation: true }, 110], // min(434, 110)
      ['m5.large', { cniVersion: '1.8.0', prefixDelegation: true }, 29], // minor 8 not > 8: secondary 29
      ['m5.large', { cniVersion: '2.0.0', prefixDelegation: true }, 110], // major > 1 supported: min(434,110)
      ['m5.large', { cniVersion: '1.9.0', prefixDelegation: true, showMaxAllowed: true }, 434], // 3 x 144 + 2
      ['m5.large', { cniVersion: '1.9.0', customNetworking: true }, 20], // (3-1) x 9 + 2
      ['m5.large', { cniVersion: '1.9.0', maxEni: 2 }, 20], // min(2,3)=2: 2 x 9 + 2
      ['m5.large', { cniVersion: '1.9.0', maxEni: 5 }, 29], // min(5,3)=3: 3 x 9 + 2
      ['m5.large', { cniVersion: '1.9.0', maxEni: 2, customNetworking: true }, 11], // (2-1) x 9 + 2
      ['m5.4xlarge', { cniVersion: '1.9.0' }, 110], // 8 x 29 + 2 = 234, 16 vCPUs → min(234,110)
      ['m5.4xlarge', { cniVersion: '1.9.0', showMaxAllowed: true }, 234], // uncapped
      ['m5.8xlarge', { cniVersion: '1.9.0' }, 234], // 8 x 29 + 2 = 234, 32 vCPUs > 30 → min(234,250)
      ['c5.9xlarge', { cniVersion: '1.9.0', prefixDelegation: true }, 250], // 36 vCPUs: min(8x29x16+2, 250)
      ['m5.metal', { cniVersion: '1.19.0', prefixDelegation: true, showMaxAllowed: true }, 737], // not "nitro": 15x49+2
      // c7g.metal: our catalog says "nitro" (the CNI generator's hand override, what ipamd serves) but EC2 reports no
      // hypervisor for metal, so the calculator uses 15 x (50 - 1) + 2 = 737, not 15 x 49 x 16 + 2 = 11762
      ['c7g.metal', { cniVersion: '1.18.0', prefixDelegation: true, showMaxAllowed: true }, 737],
      ['m4.large', { cniVersion: '1.19.0', prefixDelegation: true }, 20], // Xen: 2 x 9 + 2
      ['mac1.metal', { cniVersion: '1.19.0' }, 110], // 8x29+2=234; vCPUs unknown, Mac metal estimated 12 → 110
      ['p3.16xlarge', { cniVersion: '1.19.0' }, 234], // 8x29+2=234; 64 vCPUs (eksctl's EC2 table) > 30 → min(234, 250)
      ['nope.large', { cniVersion: '1.19.0' }, null], // describe-instance-types fails
    ];
    for (const [t, o, v] of rows) {
      it(`${t} ${JSON.stringify(o)} → ${v}`, () => {
        const r = calculatorMaxPods(cat, t, o);
        assert.equal(r.value, v, explanationToText(r.explanation));
      });
    }
    it('notes a missing vCPU figure', () => {
      assert.match(calculatorMaxPods(cat, 'mac1.metal', {}).explanation.notes.join(), /vCPU/);
    });
    // [type, options, uncertain?]: the 110/250 cap rests on an estimate only when vCPUs are unknown and it decides
    const uncertainRows: [string, Parameters<typeof calculatorMaxPods>[2], boolean][] = [
      ['mac1.metal', { cniVersion: '1.19.0' }, true], // 8 x 29 + 2 = 234 > 110, no vCPU figure: 110 or 234
      ['mac1.metal', { cniVersion: '1.19.0', showMaxAllowed: true }, false], // no cap applied
      ['p3.16xlarge', { cniVersion: '1.19.0' }, false], // 64 vCPUs now known
      ['m5.large', { cniVersion: '1.19.0' }, false], // 29 < 110: the cap does not decide
    ];
    for (const [t, o, u] of uncertainRows) {
      it(`${t} ${JSON.stringify(o)}: ${u ? 'uncertain, and says why' : 'certain'}`, () => {
        const r = calculatorMaxPods(cat, t, o);
        assert.equal(r.uncertain !== undefined, u);
        if (u) assert.match(r.uncertain ?? '', /no published vCPU figure/);
      });
    }
    it('Karpenter podsPerCore without a vCPU figure is uncertain', () => {
      const r = karpenterMaxPods(cat, 'mac1.metal', { podsPerCore: 2 });
      assert.match(r.uncertain ?? '', /podsPerCore/);
      assert.equal(karpenterMaxPods(cat, 'p3.2xlarge', { podsPerCore: 2 }).value, 16); // min(58, 2 x 8)
    });
  });

  describe('AL2 bootstrap.sh', () => {
    const withNew = withOverrides(cat, { 'x9.large': { enis: 3, ipv4PerEni: 10 } }).catalog;
    const rows: [string, Parameters<typeof al2BootstrapMaxPods>[2], number | null, number | undefined][] = [
      ['m5.large', {}, 29, 574], // table 29; kubeReserved 11 x 29 + 255 = 574
      ['m5.large', { useMaxPods: false }, 110, 574], // kubelet default 110; reserved still from 29
      ['m5.large', { useMaxPods: false, kubeletExtraArgsMaxPods: 58 }, 58, 574], // flag wins; reserved from 29
      ['m5.large', { kubeletExtraArgsMaxPods: 20 }, 20, 574], // flag beats config file
      ['m5.4xlarge', {}, 234, 2829], // table 8 x 29 + 2 = 234 (no cap); 11 x 234 + 255 = 2829
      ['nope.large', {}, null, undefined], // not in table, calculator cannot describe it
    ];
    for (const [t, o, v, reserved] of rows) {
      it(`${t} ${JSON.stringify(o)} → ${v}`, () => {
        const r = al2BootstrapMaxPods(cat, t, o);
        assert.equal(r.value, v);
        assert.equal(r.kubeReservedMemoryMi, reserved);
      });
    }
    it('falls back to the calculator (--cni-version 1.10.0 --show-max-allowed) for a type missing from the table', () => {
      const r = al2BootstrapMaxPods(withNew, 'x9.large');
      assert.equal(r.value, 29); // 3 x (10-1) + 2
      assert.match(r.explanation.notes.join(), /No entry for type 'x9\.large'/);
    });
    it('no published type name is a prefix-regex match of another (awk /^type/)', () => {
      for (const e of cat.list().filter((_, i) => i % 50 === 0)) {
        assert.equal(al2BootstrapMaxPods(cat, e.name).value, tableMaxPods(e));
      }
    });
    it('a bare family matches many lines', () => {
      assert.equal(al2BootstrapMaxPods(cat, 'm5').value, null);
    });
  });

  describe('AL2023 nodeadm', () => {
    const rows: [string, Parameters<typeof nodeadmMaxPods>[2], number, number][] = [
      ['m5.large', {}, 29, 574], // 3 x 9 + 2 = 29; 11 x 29 + 255
      ['m5.4xlarge', {}, 234, 2829], // uncapped 8 x 29 + 2; 11 x 234 + 255
      ['m5.large', { maxPodsExpression: '((default_enis - 1) * (ips_per_eni - 1)) + 2' }, 20, 475], // 2x9+2; 11x20+255
      ['m5.large', { maxPodsExpression: 'max_pods > 100 ? 100 : max_pods' }, 29, 574], // 29 not > 100
      ['m5.large', { maxPodsExpression: '1.5' }, 29, 574], // double → standard
      ['m5.large', { maxPodsExpression: 'max_pods - 100' }, 29, 574], // -71 ≤ 0 → standard
      ['m5.large', { maxPodsExpression: 'nope(' }, 29, 574], // syntax error → standard
      ['m5.large', { maxPodsExpression: 'max_pods * 100000000000' }, 29, 574], // > MaxInt32 → standard
      ['m5.large', { configMaxPods: 110 }, 110, 574], // config wins; reserved not recomputed
      ['m5.large', { configMaxPods: 110, flagMaxPods: 50 }, 50, 574], // flag wins over both
      ['nope.large', {}, 110, 1465], // lookup fails → 110; 11 x 110 + 255 = 1465
    ];
    for (const [t, o, v, reserved] of rows) {
      it(`${t} ${JSON.stringify(o)} → ${v}`, () => {
        const r = nodeadmMaxPods(cat, t, o);
        assert.equal(r.value, v, explanationToText(r.explanation));
        assert.equal(r.kubeReservedMemoryMi, reserved);
      });
    }
    it('notes an invalid expression', () => {
      assert.match(
        nodeadmMaxPods(cat, 'm5.large', { maxPodsExpression: 'nope(' }).explanation.notes.join(),
        /Failed to evaluate custom expression/,
      );
    });
  });

  describe('Karpenter', () => {
    const rows: [string, Parameters<typeof karpenterMaxPods>[2], number | null][] = [
      ['m5.large', {}, 29], // 3 x 9 + 2
      ['m5.4xlarge', {}, 234], // 8 x 29 + 2, no cap
      ['m5.large', { reservedEnis: 1 }, 20], // (3-1) x 9 + 2
      ['m5.large', { reservedEnis: 3 }, 0], // max(3-3,0)=0 → 0
      ['m5.large', { reservedEnis: 5 }, 0], // max(3-5,0)=0 → 0
      ['m5.large', { maxPods: 110 }, 110], // kubelet.maxPods
      ['m5.large', { podsPerCore: 10 }, 20], // min(29, 10 x 2 vCPU) = 20
      ['m5.large', { podsPerCore: 10, amiFamily: 'Bottlerocket' }, 29], // podsPerCore not on Bottlerocket
      ['m5.large', { amiFamily: 'Windows2022' }, 110], // Windows: 110
      ['m5.large', { maxPods: 'default_enis * 10' }, 30], // CEL: 3 x 10
      ['m5.large', { efaInterfaces: 1 }, 20], // (3-1) x 9 + 2
      ['nope.large', {}, null], // not offered
    ];
    for (const [t, o, v] of rows) {
      it(`${t} ${JSON.stringify(o)} → ${v}`, () => assert.equal(karpenterMaxPods(cat, t, o).value, v));
    }
  });

  describe('Bottlerocket', () => {
    const withNew = withOverrides(cat, { 'x9.large': { enis: 3, ipv4PerEni: 10 } }).catalog;
    // [type, options, max-pods, note expected]
    const rows: [string, Parameters<typeof bottlerocketMaxPods>[2], number, RegExp | null][] = [
      ['m5.large', {}, 29, null], // table row 3 x (10 - 1) + 2, in the table since core-kit v2.0.0
      ['m5.4xlarge', {}, 234, null], // table row 8 x (30 - 1) + 2
      ['m5.large', { settingsMaxPods: 110 }, 110, null], // user setting
      ['nope.large', {}, 110, null], // not a type → template default 110
      // in the catalog, not in Bottlerocket's table (core-kit v3.1.1): pluto sets nothing → template default 110,
      // although the CNI table says 8 x (30 - 1) + 2 = 234
      ['c8g.12xlarge', {}, 110, /not in the table Bottlerocket ships/],
      ['c7i.32xlarge', {}, 110, /not in the table Bottlerocket ships/],
      // added in core-kit v2.3.0: row 4 x (15 - 1) + 2 = 58; older releases give 110
      ['c7i-flex.2xlarge', {}, 58, /from core-kit v2\.3\.0/],
      // added in core-kit v2.4.0
      ['g6e.16xlarge', {}, 737, /from core-kit v2\.4\.0/],
      // retired type: in Bottlerocket's table (234), not in our catalog
      ['g3.4xlarge', {}, 234, null],
    ];
    for (const [t, o, v, note] of rows) {
      it(`${t} ${JSON.stringify(o)} → ${v}`, () => {
        const r = bottlerocketMaxPods(cat, t, o);
        assert.equal(r.value, v);
        if (note) assert.match(r.explanation.notes.join('\n'), note);
      });
    }
    it('override-only type is not in the shipped table → 110', () => {
      assert.equal(bottlerocketMaxPods(withNew, 'x9.large').value, 110);
    });
    it('carries provenance: core-kit release ranges, newest with 824 types', () => {
      assert.deepEqual(
        BOTTLEROCKET_TABLE.releases.map((r) => [r.from, r.to, r.types]),
        [
          ['v2.0.0', 'v2.2.0', 794],
          ['v2.3.0', 'v2.3.6', 816],
          ['v2.4.0', 'v3.1.1', 824],
        ],
      );
      // of the 1,391 catalog types, 579 have no row in Bottlerocket's table
      assert.equal(cat.list().filter((e) => !bottlerocketTableEntry(e.name)).length, 579);
    });
  });

  describe('EKS managed node groups', () => {
    const rows: [string, Parameters<typeof managedNodeGroupMaxPods>[2], number | null][] = [
      ['m5.large', { cniVersion: '1.19.0' }, 29], // calculator: 29 < 110
      ['m5.large', { cniVersion: '1.19.0', prefixDelegation: true }, 110], // min(434, 110)
      ['c5.18xlarge', { cniVersion: '1.19.0' }, 250], // min(737, 250)
      ['m5.large', { customAmi: true }, null], // EKS does not set it
    ];
    for (const [t, o, v] of rows) {
      it(`${t} ${JSON.stringify(o)} → ${v}`, () => assert.equal(managedNodeGroupMaxPods(cat, t, o).value, v));
    }
  });

  describe('EKS Auto Mode', () => {
    const rows: [string, Parameters<typeof autoModeMaxPods>[2], number, number, number][] = [
      ['m5.large', {}, 110, 110, 29], // Auto: min(3x9x16+2=434, 110); "32": min(29, 110)
      ['m5.large', { ipv4PrefixSize: '32' }, 29, 110, 29],
      ['m5.large', { ipv4PrefixSize: '32', podSubnetSelectorTerms: true }, 20, 110, 20], // (3-1) x 9 + 2 = 20
      ['t3.small', { ipv4PrefixSize: '32' }, 11, 110, 11], // 3 x 3 + 2
      ['r6g.medium', { podSubnetSelectorTerms: true }, 50, 50, 5], // (2-1) x 3 x 16 + 2 = 50; (2-1) x 3 + 2 = 5
    ];
    for (const [t, o, v, auto, s32] of rows) {
      it(`${t} ${JSON.stringify(o)} → ${v}`, () => {
        const r = autoModeMaxPods(cat, t, o);
        assert.equal(r.value, v);
        assert.deepEqual(r.byPrefixSize, { Auto: auto, '32': s32 });
      });
    }
  });

  describe('allMaxPods and rendering', () => {
    it('gives every tool for m5.large with PD', () => {
      const all = allMaxPods(cat, 'm5.large', { prefixDelegation: true, cniVersion: '1.19.0' });
      const values = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.value]));
      assert.deepEqual(values, {
        cni: 434, // 3 x 9 x 16 + 2
        'max-pods-calculator': 110, // min(434, 110)
        'al2-bootstrap': 29, // table
        'al2023-nodeadm': 29, // no PD awareness
        karpenter: 29, // no PD awareness
        bottlerocket: 29, // table
        'eks-managed-node-group': 110, // calculator semantics
        'eks-auto-mode': 110, // min(434, 110)
      });
    });
    it('renders Markdown and text', () => {
      const r = cniCapacity(cat, 'm5.large', { customNetworking: true });
      const md = explanationToMarkdown(r.explanation, 'CNI capacity');
      const txt = explanationToText(r.explanation, 'CNI capacity');
      assert.match(md, /\*\*CNI capacity\*\*/);
      assert.match(md, /`18 \+ 2` → \*\*20\*\*/);
      assert.match(txt, /18 \+ 2 -> 20/);
      assert.match(txt, /source: aws\/amazon-vpc-cni-k8s/);
    });
  });
});
