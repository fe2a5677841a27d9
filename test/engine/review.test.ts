/**
 * Independent review of the engine's numbers (domain.md b.10, c.2-c.10, e, f): adversarial rows, one per
 * finding, with the arithmetic in a comment. Also the recommended max-pods and bootstrap.sh's awk lookup.
 */
import { strict as assert } from 'node:assert';
import {
  al2BootstrapMaxPods,
  calculatorMaxPods,
  calculatorOptionsFor,
  cniCapacity,
  type CniNodeConfig,
  defaultCatalog,
  parseCniSettings,
  recommendedMaxPods,
  tableMaxPods,
  withOverrides,
} from '../../server/src/engine';

const cat = defaultCatalog();

describe('engine review: adversarial capacity rows', () => {
  const rows: Array<[string, CniNodeConfig, number | null, string]> = [
    // p5.48xlarge: 32 cards x 2 ENIs, but ENILimit is the default card's 2 (domain f): 2 x 49 + 2 = 100
    ['p5.48xlarge', {}, 100, 'default card only'],
    // custom networking + SGP on p5.48xlarge: 2 - 1 primary - 1 trunk = 0 pod ENIs → 0 x 49 + 2 = 2
    ['p5.48xlarge', { customNetworking: true, securityGroupsForPods: true }, 2, 'no pod ENI left'],
    // custom networking + SGP + PD on m5.large: (3 - 1 - 1) x 9 x 16 + 2 = 146
    [
      'm5.large',
      { customNetworking: true, securityGroupsForPods: true, prefixDelegation: true },
      146,
      'CN+SGP+PD',
    ],
    // MAX_ENI 2 with SGP on m5.large: (2 - 1 trunk) x 9 + 2 = 11
    ['m5.large', { maxEni: 2, securityGroupsForPods: true }, 11, 'MAX_ENI and trunk'],
    // MAX_ENI 1 with custom networking: (1 - 1) x 9 + 2 = 2 (node init fails: no ENI for pods)
    ['m5.large', { maxEni: 1, customNetworking: true }, 2, 'MAX_ENI 1 + custom networking'],
    // MAX_ENI above the limit is ignored: 3 x 9 + 2 = 29
    ['m5.large', { maxEni: 99 }, 29, 'MAX_ENI >= limit'],
    // MAX_ENI not an integer (NaN from a bad parse) is ignored: 29
    ['m5.large', { maxEni: Number.NaN }, 29, 'MAX_ENI garbage'],
    // PD on Xen m4.large falls back: 2 x 9 + 2 = 20
    ['m4.large', { prefixDelegation: true }, 20, 'PD on Xen'],
    // cr1.8xlarge: hypervisor unknown but not bare metal → no PD: 8 x 29 + 2 = 234
    ['cr1.8xlarge', { prefixDelegation: true }, 234, 'not nitro, not metal'],
    // a1.metal: bare metal, PD from CNI 1.11: 8 x 29 x 16 + 2 = 3714
    ['a1.metal', { prefixDelegation: true, cniVersion: 'v1.11.0' }, 3714, 'metal at the 1.11 gate'],
    // a1.metal with 1.10.9: secondary IPs 8 x 29 + 2 = 234
    ['a1.metal', { prefixDelegation: true, cniVersion: 'v1.10.9' }, 234, 'metal below the 1.11 gate'],
    // t3 (no trunk) with SGP at the 1.20.4 gate: no slot reserved, 3 x 5 + 2 = 17
    ['t3.medium', { securityGroupsForPods: true, cniVersion: 'v1.20.4-eksbuild.1' }, 17, 't3 at 1.20.4'],
    // t3 with SGP just below the gate: slot reserved, never attached: 2 x 5 + 2 = 12
    ['t3.medium', { securityGroupsForPods: true, cniVersion: 'v1.20.3-eksbuild.1' }, 12, 't3 at 1.20.3'],
    // m5.large SGP at the 1.16.4 gate: trunk carries no IPs, (3 - 1) x 9 + 2 = 20
    ['m5.large', { securityGroupsForPods: true, cniVersion: '1.16.4' }, 20, 'trunk at 1.16.4'],
    // m5.large SGP at 1.16.3: trunk still carries IPs, 3 x 9 + 2 = 29
    ['m5.large', { securityGroupsForPods: true, cniVersion: '1.16.3' }, 29, 'trunk at 1.16.3'],
    // IPv6 on Xen: ipamd refuses to start; no address bound
    ['m4.large', { ipv6: true, prefixDelegation: true }, null, 'IPv6 on Xen'],
    // unknown type: no figure
    ['m9.huge', {}, null, 'unknown type'],
  ];
  for (const [t, cfg, expected, what] of rows) {
    it(`${what}: ${t} ${JSON.stringify(cfg)} → ${expected}`, () => {
      assert.equal(cniCapacity(cat, t, cfg).value, expected);
    });
  }

  it('IPv6 on Xen is marked as not starting', () => {
    assert.equal(cniCapacity(cat, 'm4.large', { ipv6: true, prefixDelegation: true }).budget?.invalid, true);
  });

  it('MAX_ENI parsing: garbage and 0 never reach the budget as a cap', () => {
    // "abc" → Atoi error → -1 (ignored); "0" → 0, ignored by getMaxENI; " 2" → Atoi error → ignored
    for (const raw of ['abc', '0', ' 2', '2.0', '-1']) {
      const s = parseCniSettings({ ENABLE_IPv4: 'true', MAX_ENI: raw });
      assert.equal(cniCapacity(cat, 'm5.large', s.nodeConfig).value, 29, raw); // 3 x 9 + 2
    }
  });
});

describe('engine review: calculator cap boundaries (user catalog entries)', () => {
  const { catalog, problems } = withOverrides(cat, {
    'z9.large': { enis: 4, ipv4PerEni: 15, hypervisor: 'nitro', vcpus: 30 },
    'z9.xlarge': { enis: 4, ipv4PerEni: 15, hypervisor: 'nitro', vcpus: 31 },
  });
  it('applies the entries', () => assert.deepEqual(problems, []));
  const rows: Array<[string, boolean, number]> = [
    ['z9.large', false, 58], // 4 x 14 + 2 = 58 < 110
    ['z9.large', true, 110], // exactly 30 vCPUs: min(4 x 14 x 16 + 2 = 898, 110) = 110
    ['z9.xlarge', true, 250], // 31 vCPUs > 30: min(898, 250) = 250
  ];
  for (const [t, pd, v] of rows) {
    it(`${t} PD=${pd} → ${v}`, () => {
      assert.equal(calculatorMaxPods(catalog, t, { cniVersion: '1.19.0', prefixDelegation: pd }).value, v);
    });
  }
  it("an override-only type is not in bootstrap.sh's table: calculator fallback, uncapped", () => {
    // --cni-version 1.10.0 --show-max-allowed: 4 x 14 + 2 = 58
    assert.equal(al2BootstrapMaxPods(catalog, 'z9.large').value, 58);
  });
});

describe('engine review: recommendedMaxPods', () => {
  const rows: Array<[string, CniNodeConfig, number | null, 'calculator' | 'cni-capacity' | null]> = [
    ['m5.large', {}, 29, 'calculator'], // min(3 x 9 + 2 = 29, 110) = 29; CNI 29
    ['m5.4xlarge', {}, 110, 'calculator'], // 16 vCPUs: min(234, 110) = 110 (domain c.3)
    ['m5.large', { prefixDelegation: true }, 110, 'calculator'], // min(434, 110)
    ['c5.18xlarge', { prefixDelegation: true }, 250, 'calculator'], // 72 vCPUs: min(11762, 250)
    ['r6g.medium', { prefixDelegation: true }, 98, 'calculator'], // min(2 x 3 x 16 + 2 = 98, 110)
    // SGP trunk (CNI >= 1.16.4): calculator 29, CNI (3 - 1) x 9 + 2 = 20
    ['m5.large', { securityGroupsForPods: true }, 20, 'cni-capacity'],
    // r6g.medium PD + SGP: calculator min(98, 110) = 98, CNI (2 - 1) x 3 x 16 + 2 = 50
    ['r6g.medium', { prefixDelegation: true, securityGroupsForPods: true }, 50, 'cni-capacity'],
    // unmanaged ENI: calculator 29, CNI (3 - 1) x 9 + 2 = 20
    ['m5.large', { unmanagedEnis: 1 }, 20, 'cni-capacity'],
    // m5.metal PD: CNI 11762, calculator uses the secondary formula (not "nitro"): min(737, 250) = 250
    ['m5.metal', { prefixDelegation: true }, 250, 'calculator'],
    // p5.48xlarge PD: min(2 x 49 x 16 + 2 = 1570, 250 for 192 vCPUs) = 250
    ['p5.48xlarge', { prefixDelegation: true }, 250, 'calculator'],
    // MAX_ENI 2 is passed as --cni-max-eni 2: min(2 x 9 + 2 = 20, 110); CNI 20
    ['m5.large', { maxEni: 2 }, 20, 'calculator'],
    // MAX_ENI 0 is not a --cni-max-eni: 29
    ['m5.large', { maxEni: 0 }, 29, 'calculator'],
    // IPv6: no CNI bound; calculator with the PD flag min(434, 110) = 110
    ['m5.large', { ipv6: true, prefixDelegation: true }, 110, 'calculator'],
    ['m9.huge', {}, null, null], // unknown
  ];
  for (const [t, cfg, v, by] of rows) {
    it(`${t} ${JSON.stringify(cfg)} → ${v} (${by})`, () => {
      const r = recommendedMaxPods(cat, t, cfg);
      assert.equal(r.value, v);
      assert.equal(r.limitedBy, by);
    });
  }
  it('calculatorOptionsFor passes MAX_ENI only when the CNI applies it', () => {
    assert.equal(calculatorOptionsFor({ maxEni: 0 }).maxEni, undefined);
    assert.equal(calculatorOptionsFor({ maxEni: -1 }).maxEni, undefined);
    assert.equal(calculatorOptionsFor({ maxEni: 2 }).maxEni, 2);
    assert.deepEqual(calculatorOptionsFor(null as unknown as CniNodeConfig), {
      cniVersion: undefined,
      customNetworking: undefined,
      prefixDelegation: undefined,
      maxEni: undefined,
    });
  });
});

describe('engine review: bootstrap.sh awk prefix lookup', () => {
  it('"." in the name matches any character (regex-dot quirk)', () => {
    // /^m5.l.rge/ selects only "m5.large 29"
    const r = al2BootstrapMaxPods(cat, 'm5.l.rge');
    assert.equal(r.value, 29);
    assert.match(r.explanation.notes.join(' '), /picked "m5.large"/);
  });
  it('a truncated name selects the one line it prefixes', () => {
    assert.equal(al2BootstrapMaxPods(cat, 'm5.2xl').value, 58); // m5.2xlarge: 4 x 14 + 2
  });
  it('agrees with the regex it models on every published type and on prefixes of them', () => {
    const names = cat.list().map((e) => e.name);
    const lines = cat.list().map((e) => `${e.name} ${tableMaxPods(e)}`);
    const oracle = (name: string): number => {
      const re = new RegExp(`^${name.replace(/[\\^$*+?()[\]{}|/-]/g, (c) => `\\${c}`)}`);
      return lines.filter((l) => re.test(l)).length;
    };
    for (const [i, name] of names.entries()) {
      if (i % 7 !== 0) continue;
      for (const probe of [name, name.slice(0, -2), name.slice(0, 3)]) {
        const n = oracle(probe);
        const v = al2BootstrapMaxPods(cat, probe).value;
        if (n > 1) assert.equal(v, null, probe);
        else if (n === 1) assert.notEqual(v, null, probe);
      }
    }
  });
  it('is fast after the first call (indexed, not a catalog scan)', () => {
    al2BootstrapMaxPods(cat, 'm5.large');
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 5000; i++) al2BootstrapMaxPods(cat, 'c6i.xlarge');
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    assert.ok(ms < 2000, `${ms} ms for 5000 lookups`);
  });
});

describe('engine review: IP family switches before CNI v1.10.0', () => {
  const rows: Array<[Record<string, string>, string | undefined, boolean, boolean, number]> = [
    // v1.7.5 is IPv4-only: ENABLE_IPv4 unset in a complete DaemonSet is not "both disabled"
    [{}, 'v1.7.5-eksbuild.1', true, false, 0],
    // v1.9.3: ENABLE_IPv6 is not read, the node runs IPv4 and nothing is fatal
    [{ ENABLE_IPv6: 'true', ENABLE_PREFIX_DELEGATION: 'true' }, 'v1.9.3', true, false, 0],
    // v1.10.0: the binary default false applies, so both are off: ipamd refuses to start
    [{}, 'v1.10.0', false, false, 1],
    // latest (no version): same as v1.10.0+
    [{}, undefined, false, false, 1],
  ];
  for (const [env, version, v4, v6, fatal] of rows) {
    it(`${JSON.stringify(env)} on ${version ?? 'latest'} → IPv4 ${v4}, IPv6 ${v6}, ${fatal} fatal`, () => {
      const s = parseCniSettings(env, { cniVersion: version });
      assert.equal(s.ipv4.value, v4);
      assert.equal(s.ipv6.value, v6);
      assert.equal(s.fatal.filter((f) => f.names.includes('ENABLE_IPv4')).length, fatal);
    });
  }
});
