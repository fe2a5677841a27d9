/**
 * Which empty ENI ipamd may free (aws/amazon-vpc-cni-k8s:pkg/ipamd/datastore/data_store.go getDeletableENI, v1.23.0):
 * an ENI without pods is kept while it is required for WARM_IP_TARGET, for MINIMUM_IP_TARGET, and, with prefix
 * delegation on and WARM_PREFIX_TARGET != 0, for WARM_PREFIX_TARGET (isRequiredForWarmPrefixTarget: the other ENIs
 * hold fewer free prefixes than the target). The prefix check applies even when an IP target is set (issue 15 item
 * 13); ipamd.go tryFreeENI passes c.warmPrefixTarget unchanged.
 */
import { strict as assert } from 'node:assert';
import {
  type Cidr,
  defaultCatalog,
  type Eni,
  getDeletableEni,
  type IpamdParams,
  type NodeState,
  simulate,
} from '../../server/src/engine';

/** t3.medium (3 ENIs x 6 IPv4) with prefix delegation: 5 prefixes per ENI. */
const params = (over: Partial<IpamdParams>): IpamdParams => ({
  prefixDelegation: true,
  cidrsPerEni: 5,
  cidrSize: 16,
  maxIpsPerEni: 80,
  maxEni: 3,
  unmanagedEnis: 0,
  warmEniTarget: 0,
  warmIpTarget: 0,
  minimumIpTarget: 0,
  warmPrefixTarget: 0,
  customNetworking: true,
  securityGroupsForPods: false,
  trunkingCompatible: true,
  trunkCarriesIps: false,
  reserveTrunkSlotAlways: false,
  maxPods: 110,
  provisioningDisabled: false,
  cooldownMs: 30_000,
  minEniLifetimeMs: 60_000,
  decreaseIntervalMs: 30_000,
  ...over,
});
const prefix = (assigned: number): Cidr => ({ size: 16, assigned, cooling: [], readyAt: 0 });
const eni = (index: number, cidrs: Cidr[]): Eni => ({
  id: index,
  index,
  primary: index === 0,
  trunk: false,
  attachedAt: 0,
  cidrs,
});
/** Custom networking: the primary ENI holds no pod prefixes; ENI 1 is empty; ENI 2 holds `onEni2` prefixes. */
const state = (onEni2: number[]): NodeState => ({
  enis: [eni(0, []), eni(1, []), eni(2, onEni2.map(prefix))],
  lastDecreaseMs: 0,
  nextEniId: 3,
});
const NOW = 10 * 60_000; // every ENI is older than minENILifeTime (60 s)

describe('engine/ipamd getDeletableEni (data_store.go)', () => {
  // [WARM_IP_TARGET, MINIMUM_IP_TARGET, WARM_PREFIX_TARGET, pods per prefix on ENI 2, ENI freed (index or null)]
  const rows: Array<[number, number, number, number[], number | null]> = [
    // WARM_IP_TARGET=1 → 16 (one prefix); others free 6 + 12 = 18 >= 16; free prefixes 0 < WARM_PREFIX_TARGET 2 → kept
    [1, 0, 2, [10, 4], null],
    // same, WARM_PREFIX_TARGET=0: the prefix check is skipped (`warmPrefixTarget != 0`) → ENI 1 freed
    [1, 0, 0, [10, 4], 1],
    // WARM_IP_TARGET=1, WARM_PREFIX_TARGET=1: ENI 2 has one prefix with no pods, 1 >= 1 → ENI 1 freed
    [1, 0, 1, [10, 0], 1],
    // WARM_IP_TARGET=1, WARM_PREFIX_TARGET=2: one free prefix elsewhere, 1 < 2 → kept
    [1, 0, 2, [10, 0], null],
    // no IP target, WARM_PREFIX_TARGET=2: two free prefixes on ENI 2, 2 >= 2 → ENI 1 freed
    [0, 0, 2, [10, 0, 0], 1],
    // MINIMUM_IP_TARGET=64 → 64 (4 prefixes); others hold 2 x 16 = 32 < 64 → kept, whatever the prefix target
    [0, 64, 0, [10, 4], null],
    // WARM_IP_TARGET=20 → 32 (two prefixes); others free 6 + 12 = 18 < 32 → kept
    [20, 0, 0, [10, 4], null],
  ];
  for (const [wip, mip, wpt, onEni2, freed] of rows) {
    it(`WARM_IP_TARGET=${wip} MINIMUM_IP_TARGET=${mip} WARM_PREFIX_TARGET=${wpt}, ENI 2 pods ${JSON.stringify(onEni2)} → ${freed === null ? 'empty ENI kept' : `ENI ${freed} freed`}`, () => {
      const p = params({ warmIpTarget: wip, minimumIpTarget: mip, warmPrefixTarget: wpt });
      assert.equal(getDeletableEni(state(onEni2), p, NOW)?.index ?? null, freed);
    });
  }

  describe('t3.medium, PD, WARM_IP_TARGET=1, WARM_PREFIX_TARGET=2, custom networking, max-pods 110, scaling down', () => {
    const env = {
      ENABLE_PREFIX_DELEGATION: 'true',
      WARM_IP_TARGET: '1',
      WARM_PREFIX_TARGET: '2',
      AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true',
    };
    const run = (warmPrefixTarget: string) =>
      simulate(defaultCatalog(), {
        nodes: [
          { instanceType: 't3.medium', env: { ...env, WARM_PREFIX_TARGET: warmPrefixTarget }, maxPods: 110 },
        ],
        // 100 pods, then the 90 oldest leave: pods fill ENI 1 (5 prefixes = 80) then ENI 2 (20), so the 10 left
        // sit on ENI 2 (6 + 4 in its two prefixes) and ENI 1 is empty.
        events: [
          { at: 0, add: 100 },
          { at: 600, remove: 90 },
        ],
      });
    it('ipamd keeps the empty ENI: 3 ENIs (ENI 2 has 0 free prefixes < WARM_PREFIX_TARGET 2)', () => {
      const r = run('2');
      assert.equal(r.nodes[0].maxEnis, 3); // primary + ENI 1 (80 pods) + ENI 2 (20 pods)
      assert.equal(r.nodes[0].final.podsRunning, 10); // 100 - 90
      assert.equal(r.nodes[0].final.enis, 3); // primary + empty ENI 1 + ENI 2
      assert.equal(r.nodes[0].eniFrees, 0);
      assert.equal(r.nodes[0].final.ipsHeld, 32); // ENI 2's 2 prefixes x 16; ENI 1's freed by the pool decrease
    });
    it('with WARM_PREFIX_TARGET=0 the same node frees it: 2 ENIs', () => {
      const r = run('0');
      assert.equal(r.nodes[0].final.enis, 2); // primary + ENI 2
      assert.equal(r.nodes[0].eniFrees, 1);
    });
  });
});
