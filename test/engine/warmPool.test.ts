import { strict as assert } from 'node:assert';
import {
  cniCapacity,
  type CniEnv,
  defaultCatalog,
  steadyState,
  type SteadyStateInput,
  tableMaxPods,
} from '../../server/src/engine';

const cat = defaultCatalog();
const ss = (i: SteadyStateInput) => steadyState(cat, i);
const PD: CniEnv = { ENABLE_PREFIX_DELEGATION: 'true' }; // manifest WARM_PREFIX_TARGET=1 applies

// Closed forms from domain.md b.10 (dense packing) — cross-checks only; the engine runs ipamd's functions.
/** Secondary IP, WARM_ENI_TARGET=W>=1: ENIs k = min(E, ceil(N/P) + W). */
const eniTargetEnis = (n: number, p: number, e: number, w: number): number =>
  Math.min(e, Math.ceil(n / p) + w);
/** Secondary IP, WARM_IP_TARGET=w, MINIMUM_IP_TARGET=m: total IPs T = min(max(N + w, m), E x P). */
const ipTargetTotal = (n: number, w: number, m: number, p: number, e: number): number =>
  Math.min(Math.max(n + w, m), e * p);
/** PD, WARM_PREFIX_TARGET=Wp: prefixes k = min(E x (IPv4-1), ceil(N/16) + Wp). */
const prefixTargetPrefixes = (n: number, wp: number, cidrs: number): number =>
  Math.min(cidrs, Math.ceil(n / 16) + wp);
/** PD with IP targets: prefixes k = max(ceil((N + w)/16), ceil(m/16)). */
const pdIpTargetPrefixes = (n: number, w: number, m: number): number =>
  Math.max(Math.ceil((n + w) / 16), Math.ceil(m / 16));

describe('engine/warmPool steady state', () => {
  describe('real reports', () => {
    it('m5.large defaults, host-network pods only: 1 ENI holding 9 free IPs', () => {
      const r = ss({ instanceType: 'm5.large', pods: 0 });
      assert.equal(r.enis, 1);
      assert.equal(r.ipsHeld, 9); // 1 ENI x (10-1)
      assert.equal(r.free, 9);
      assert.equal(r.subnetAddresses, 10); // 1 primary + 9 secondary
    });
    it('m5.large defaults: 2 CoreDNS pods make it attach a second ENI (WARM_ENI_TARGET=1 = 9 free IPs)', () => {
      const r = ss({ instanceType: 'm5.large', pods: 2 });
      assert.equal(r.enis, 2); // 9 - 2 = 7 free < 1 x 9 → attach
      assert.equal(r.ipsHeld, 18); // 2 x 9
      assert.equal(r.free, 16); // 18 - 2
      assert.equal(r.subnetAddresses, 20); // 2 primaries + 18
      assert.match(r.explanation.notes.join(), /keeps 9 free addresses \(1 x 9\), not a spare ENI/);
    });
    it('MINIMUM_IP_TARGET=22 alone in prefix mode stops at 2 prefixes', () => {
      const r = ss({
        instanceType: 'm5.large',
        pods: 40,
        maxPods: 110,
        env: { ...PD, MINIMUM_IP_TARGET: '22' },
      });
      assert.equal(r.prefixesHeld, 2); // ceil(22/16) = 2
      assert.equal(r.ipsHeld, 32); // 2 x 16
      assert.equal(r.podsRunning, 32);
      assert.equal(r.podsWithoutIp, 8); // 40 - 32
      assert.equal(r.growth.canGrow, false);
      assert.match(r.growth.reason, /MINIMUM_IP_TARGET=22 without WARM_IP_TARGET/);
      assert.deepEqual(
        r.settings.ignored.map((i) => i.name),
        ['WARM_ENI_TARGET', 'WARM_PREFIX_TARGET'],
      ); // manifest values of both are ignored while an IP target is set
    });
    it('r6g.medium with PD and SGP: 4 branch-ENI pods, the trunk takes one of 2 ENI slots', () => {
      const r = ss({
        instanceType: 'r6g.medium',
        pods: 10,
        sgpPods: 6,
        maxPods: 110,
        env: { ...PD, ENABLE_POD_ENI: 'true' },
      });
      assert.equal(r.sgpPodsRunning, 4); // BranchInterface 4
      assert.equal(r.podsUnschedulable, 2); // 6 - 4: Insufficient vpc.amazonaws.com/pod-eni
      assert.equal(r.trunk, true);
      assert.equal(r.enis, 2); // primary + trunk
      assert.equal(r.prefixesHeld, 2); // ceil(10/16) + 1 on the primary; trunk holds none
      assert.equal(r.perEni.find((e) => e.trunk)?.cidrs, 0);
    });
  });

  describe('the model serves exactly what cniCapacity computes (c.10 types)', () => {
    // type, env, capacity pods (without the +2)
    const rows: [string, CniEnv, number][] = [
      ['t3.small', {}, 9], // 3 x (4-1)
      ['t3.medium', {}, 15], // 3 x (6-1)
      ['m5.large', {}, 27], // 3 x 9
      ['m5.xlarge', {}, 56], // 4 x 14
      ['m5.large', { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' }, 18], // (3-1) x 9
      ['m5.large', { ENABLE_POD_ENI: 'true' }, 18], // (3-1) x 9, trunk slot
      ['m5.large', PD, 432], // 3 x 9 x 16
      ['r6g.medium', PD, 96], // 2 x 3 x 16
      ['t3.small', { ENABLE_POD_ENI: 'true' }, 9], // not trunk-compatible: no slot lost (>= 1.20.4)
      ['m5.large', { MAX_ENI: '2' }, 18], // 2 x 9
    ];
    for (const [t, env, cap] of rows) {
      it(`${t} ${JSON.stringify(env)}: ${cap} pods get addresses, pod ${cap + 1} does not`, () => {
        const cfgCap = cniCapacity(cat, t, {
          prefixDelegation: env.ENABLE_PREFIX_DELEGATION === 'true',
          customNetworking: env.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG === 'true',
          securityGroupsForPods: env.ENABLE_POD_ENI === 'true',
          maxEni: env.MAX_ENI ? Number(env.MAX_ENI) : undefined,
        });
        assert.equal(cfgCap.podIps, cap);
        const full = ss({ instanceType: t, env, pods: cap, maxPods: 100_000 });
        assert.equal(full.podsRunning, cap);
        assert.equal(full.podsWithoutIp, 0);
        const over = ss({ instanceType: t, env, pods: cap + 1, maxPods: 100_000 });
        assert.equal(over.podsWithoutIp, 1);
        assert.equal(over.growth.canGrow, false);
      });
    }
  });

  describe('b.10 secondary IP, WARM_ENI_TARGET', () => {
    // type, W, pods, ENIs (closed form), IPs held
    const rows: [string, number, number, number, number][] = [
      ['m5.large', 1, 0, 1, 9], // min(3, 0 + 1) = 1; 1 x 9
      ['m5.large', 1, 9, 2, 18], // min(3, 1 + 1) = 2
      ['m5.large', 1, 10, 3, 27], // min(3, 2 + 1) = 3
      ['m5.large', 2, 0, 2, 18], // min(3, 0 + 2) = 2
      ['m5.xlarge', 1, 20, 3, 42], // min(4, ceil(20/14) + 1) = 3; 3 x 14
      ['m5.xlarge', 2, 20, 4, 56], // min(4, 2 + 2) = 4
      ['t3.medium', 1, 6, 3, 15], // min(3, ceil(6/5) + 1) = 3; 3 x 5
      ['c5.18xlarge', 1, 100, 4, 196], // min(15, ceil(100/49) + 1) = 4; 4 x 49 (maxPods 737)
    ];
    for (const [t, w, n, enis, ips] of rows) {
      it(`${t} WARM_ENI_TARGET=${w}, ${n} pods → ${enis} ENIs, ${ips} IPs`, () => {
        const info = cat.lookup(t)!;
        const p = info.ipv4PerEni - 1;
        assert.equal(eniTargetEnis(n, p, info.enis, w), enis);
        const r = ss({ instanceType: t, pods: n, env: { WARM_ENI_TARGET: String(w) } });
        assert.equal(r.enis, enis);
        assert.equal(r.ipsHeld, ips);
        assert.equal(r.churn, false);
      });
    }
  });

  describe('b.10 secondary IP, WARM_IP_TARGET / MINIMUM_IP_TARGET', () => {
    // type, w, m, pods, total IPs
    const rows: [string, number, number, number, number][] = [
      ['m5.large', 5, 0, 0, 5], // max(0 + 5, 0) = 5
      ['m5.large', 5, 0, 10, 15], // max(10 + 5, 0) = 15
      ['m5.large', 5, 10, 0, 10], // max(0 + 5, 10) = 10
      ['m5.large', 2, 10, 20, 22], // max(20 + 2, 10) = 22
      ['m5.large', 5, 0, 25, 27], // min(30, 3 x 9) = 27
      ['m5.xlarge', 1, 0, 30, 31], // max(31, 0) = 31
      ['m5.large', 0, 10, 3, 10], // MIN only: max(3, 10) = 10
    ];
    for (const [t, w, m, n, total] of rows) {
      it(`${t} WARM_IP_TARGET=${w} MINIMUM_IP_TARGET=${m}, ${n} pods → ${total} IPs`, () => {
        const info = cat.lookup(t)!;
        assert.equal(ipTargetTotal(n, w, m, info.ipv4PerEni - 1, info.enis), total);
        const env: Record<string, string> = {};
        if (w) env.WARM_IP_TARGET = String(w);
        if (m) env.MINIMUM_IP_TARGET = String(m);
        const r = ss({ instanceType: t, pods: n, env, maxPods: 110 });
        assert.equal(r.ipsHeld, total);
        assert.equal(r.enis, Math.ceil(total / (info.ipv4PerEni - 1)) || 1); // dense from the primary ENI
      });
    }
  });

  describe('b.10 prefix delegation', () => {
    // type, env, pods, prefixes
    const rows: [string, CniEnv, number, number][] = [
      ['m5.large', { ...PD, WARM_PREFIX_TARGET: '1' }, 0, 1], // ceil(0/16) + 1 = 1
      ['m5.large', { ...PD, WARM_PREFIX_TARGET: '1' }, 16, 2], // 1 + 1
      ['m5.large', { ...PD, WARM_PREFIX_TARGET: '1' }, 17, 3], // 2 + 1
      ['m5.large', { ...PD, WARM_PREFIX_TARGET: '2' }, 20, 4], // 2 + 2
      ['m5.large', { ...PD, WARM_PREFIX_TARGET: '1' }, 100, 8], // ceil(100/16) + 1 = 7 + 1
      ['m5.large', { ...PD, WARM_IP_TARGET: '5' }, 20, 2], // max(ceil(25/16), 0) = 2
      ['m5.large', { ...PD, WARM_IP_TARGET: '5', MINIMUM_IP_TARGET: '40' }, 0, 3], // max(1, ceil(40/16)=3)
      ['m5.large', { ...PD, WARM_IP_TARGET: '1', MINIMUM_IP_TARGET: '1' }, 31, 2], // max(ceil(32/16), 1) = 2
    ];
    for (const [t, env, n, k] of rows) {
      it(`${t} ${JSON.stringify(env)}, ${n} pods → ${k} prefixes`, () => {
        const w = Number(env.WARM_IP_TARGET ?? 0);
        const m = Number(env.MINIMUM_IP_TARGET ?? 0);
        const closed =
          w || m
            ? pdIpTargetPrefixes(n, w, m)
            : prefixTargetPrefixes(n, Number(env.WARM_PREFIX_TARGET ?? 1), 27);
        assert.equal(closed, k);
        const r = ss({ instanceType: t, pods: n, env, maxPods: 250 });
        assert.equal(r.prefixesHeld, k);
        assert.equal(r.ipsHeld, 16 * k);
        assert.equal(r.subnetAddresses, r.enis + 16 * k); // each ENI's primary + 16 per prefix
      });
    }
    it('a second ENI only once the first holds IPv4Limit-1 prefixes', () => {
      const r = ss({ instanceType: 'm5.large', pods: 140, env: PD, maxPods: 250 });
      // ceil(140/16) + 1 = 10 prefixes: 9 (= 10 - 1) on the primary ENI, then 1 on a new ENI
      assert.deepEqual(
        r.perEni.map((e) => e.cidrs),
        [9, 1],
      );
    });
  });

  describe('maxPods ceiling (CNI >= 1.16.3)', () => {
    const rows: [string | undefined, number][] = [
      [undefined, 2], // latest: stops once 2 x 16 = 32 >= 29
      ['1.16.3', 2],
      ['1.16.2', 3], // no ceiling: ceil(20/16) + 1 = 3
    ];
    for (const [v, k] of rows) {
      it(`m5.large PD, 20 pods, max-pods 29, CNI ${v ?? 'latest'} → ${k} prefixes`, () => {
        assert.equal(ss({ instanceType: 'm5.large', pods: 20, env: PD, cniVersion: v }).prefixesHeld, k);
      });
    }
    it('reports that the ceiling blocks growth', () => {
      const r = ss({ instanceType: 'm5.large', pods: 20, env: PD });
      assert.equal(r.growth.canGrow, false);
      assert.match(r.growth.reason, /max-pods 29/);
    });
  });

  describe('WARM_ENI_TARGET=0 churn', () => {
    const rows: [string, CniEnv, number, boolean][] = [
      ['m5.large', { WARM_ENI_TARGET: '0' }, 5, false], // 9 - 5 = 4 free, not 0: stable
      ['m5.large', { WARM_ENI_TARGET: '0' }, 9, true], // 9 mod 9 == 0: newest ENI pod-less → free → re-attach
      ['m5.large', { WARM_ENI_TARGET: '0', AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' }, 0, true], // idle custom net
      ['m5.large', { WARM_ENI_TARGET: '0', AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' }, 4, false], // 5 free
    ];
    for (const [t, env, n, churn] of rows) {
      it(`${t} ${JSON.stringify(env)}, ${n} pods → churn ${churn}`, () => {
        const r = ss({ instanceType: t, pods: n, env });
        assert.equal(r.churn, churn);
        if (churn) assert.match(r.explanation.notes.join(), /never settles/);
      });
    }
  });

  describe('settings in force, fatal configs, bad input', () => {
    it('PD with WARM_PREFIX_TARGET=0 and nothing else does not start', () => {
      const r = ss({ instanceType: 'm5.large', pods: 5, env: { ...PD, WARM_PREFIX_TARGET: '0' } });
      assert.equal(r.starts, false);
      assert.match(r.fatal[0].message, /WARM_PREFIX_TARGET = 0 is not supported/);
    });
    it('code defaults (ENABLE_IPv4 unset = false) do not start', () => {
      assert.equal(ss({ instanceType: 'm5.large', pods: 0, defaults: 'code' }).starts, false);
    });
    it('PD on a Xen type falls back to secondary IPs', () => {
      const r = ss({ instanceType: 'm4.large', pods: 3, env: PD });
      assert.equal(r.mode, 'secondary-ip');
      assert.equal(r.ipsHeld, 18); // 9 - 3 = 6 < 9 → second ENI: 2 x 9
    });
    it('IPv6: no warm pool', () => {
      const r = ss({
        instanceType: 'm5.large',
        pods: 50,
        maxPods: 110,
        env: { ENABLE_IPv4: 'false', ENABLE_IPv6: 'true', ...PD },
      });
      assert.equal(r.mode, 'ipv6');
      assert.equal(r.podsRunning, 50);
      assert.equal(r.enis, 1);
    });
    it('unknown type → suggestions, no throw', () => {
      const r = ss({ instanceType: 'm5.larg', pods: 1 });
      assert.equal(r.known, false);
      assert.ok(r.suggestions.includes('m5.large'));
    });
    it('garbage input never throws', () => {
      // deliberately wrong input, cast through unknown
      for (const g of [
        null,
        undefined,
        {},
        { instanceType: 'm5.large', pods: -3 },
        { instanceType: 'm5.large', pods: NaN },
      ] as unknown as SteadyStateInput[]) {
        assert.doesNotThrow(() => steadyState(cat, g));
      }
      assert.equal(ss({ instanceType: 'm5.large', pods: -3 }).pods, 0);
    });
    it('pods beyond max-pods are unschedulable', () => {
      const r = ss({ instanceType: 'm5.large', pods: 40 });
      assert.equal(r.maxPods, tableMaxPods(cat.lookup('m5.large')!));
      assert.equal(r.podsUnschedulable, 13); // 40 - (29 - 2)
    });
  });
});
