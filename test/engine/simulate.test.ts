import { strict as assert } from 'node:assert';
import {
  burstEvents,
  defaultCatalog,
  type NodeSpec,
  simulate,
  type SimulationInput,
  steadyState,
} from '../../server/src/engine';

const cat = defaultCatalog();
const nodes = (n: number, spec: NodeSpec): NodeSpec[] =>
  Array.from({ length: n }, (_, i) => ({ ...spec, name: `n${i}` }));

describe('engine/simulate', () => {
  describe('burstEvents', () => {
    const rows: [number, number, number[]][] = [
      [10, 5, [2, 2, 2, 2, 2]], // 5 one-second steps x 2 pods
      [3, 10, [1, 1, 1]], // never more steps than pods
      [5, 0, [5]], // all at once
      [0, 10, []],
      [7, 2, [4, 3]], // round(7/2)=4 (banker-free rounding of 3.5 up), then 7-4
    ];
    for (const [n, over, adds] of rows) {
      it(`${n} pods over ${over}s → ${JSON.stringify(adds)}`, () => {
        assert.deepEqual(
          burstEvents(n, over).map((e) => e.add),
          adds,
        );
      });
    }
  });

  describe('burst of 100 pods on 4 x m5.large: WARM_ENI_TARGET=1 vs WARM_IP_TARGET=2', () => {
    const run = (env: Record<string, string>) =>
      simulate(cat, { nodes: nodes(4, { instanceType: 'm5.large', env }), events: burstEvents(100, 10) });
    const eni = run({ WARM_ENI_TARGET: '1' });
    const ip = run({ WARM_IP_TARGET: '2' });
    it('every pod gets an address in both (4 x 27 = 108 slots >= 100)', () => {
      assert.equal(eni.podsWithoutIp, 0);
      assert.equal(ip.podsWithoutIp, 0);
      assert.equal(eni.waits.count, 100);
    });
    it('WARM_ENI_TARGET=1 attaches whole ENIs: 2 per node, 1 IP call per node (init)', () => {
      assert.equal(eni.ec2Calls.CreateNetworkInterface, 8); // 4 nodes x (3 ENIs - primary)
      assert.equal(eni.ec2Calls.AssignPrivateIpAddresses, 4); // init fills each primary ENI with 9 IPs
    });
    it('WARM_IP_TARGET=2 makes many small EC2 calls and pods wait longer', () => {
      assert.ok(ip.ec2Calls.AssignPrivateIpAddresses > 10 * eni.ec2Calls.AssignPrivateIpAddresses);
      assert.ok(ip.waits.mean > 2 * eni.waits.mean, `${ip.waits.mean} vs ${eni.waits.mean}`);
      assert.ok(ip.waits.p90 > eni.waits.p90);
    });
    it('settles to the same pool as the steady-state model (25 pods per node)', () => {
      const st = steadyState(cat, { instanceType: 'm5.large', pods: 25, env: { WARM_ENI_TARGET: '1' } });
      for (const n of eni.nodes) {
        assert.equal(n.final.podsRunning, 25); // least-loaded: 100 / 4
        assert.equal(n.final.enis, st.enis);
        assert.equal(n.final.ipsHeld, st.ipsHeld);
      }
      const st2 = steadyState(cat, { instanceType: 'm5.large', pods: 25, env: { WARM_IP_TARGET: '2' } });
      for (const n of ip.nodes) assert.equal(n.final.ipsHeld, st2.ipsHeld); // 25 + 2 = 27
    });
    it('is deterministic', () => {
      assert.deepEqual(run({ WARM_ENI_TARGET: '1' }), eni);
    });
    it('records a monotonic time series', () => {
      for (let i = 1; i < eni.series.length; i++) assert.ok(eni.series[i].t > eni.series[i - 1].t);
      assert.equal(eni.series[eni.series.length - 1].podsRunning, 100);
    });
  });

  describe('IP cooldown', () => {
    // t3.small: 3 ENIs x 3 IPs = 9 pods; max-pods 11 → 9 slots
    const events = [
      { at: 0, add: 9 },
      { at: 100, remove: 9 },
      { at: 101, add: 9 },
    ];
    const rows: [Record<string, string>, number][] = [
      [{}, 29], // all 9 addresses cool until 100 + 30 = 130: wait 130 - 101 = 29 s
      [{ IP_COOLDOWN_PERIOD: '10' }, 9], // cool until 110: wait 110 - 101 = 9 s
      [{ IP_COOLDOWN_PERIOD: '0' }, 0], // reused at once
    ];
    for (const [env, wait] of rows) {
      it(`${JSON.stringify(env)}: re-created pods wait ${wait}s`, () => {
        const r = simulate(cat, {
          nodes: [{ instanceType: 't3.small', env }],
          events,
          params: { settleS: 60 },
        });
        const late = r.pods.filter((p) => p.createdAt === 101);
        assert.equal(late.length, 9);
        assert.equal(Math.max(...late.map((p) => p.waitS ?? -1)), wait);
      });
    }
  });

  describe('WARM_ENI_TARGET=0 churn', () => {
    it('custom networking, idle node: ENI attached and freed again and again', () => {
      const r = simulate(cat, {
        nodes: [
          {
            instanceType: 'm5.large',
            env: { WARM_ENI_TARGET: '0', AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' },
          },
        ],
        events: [],
        params: { settleS: 600 },
      });
      assert.equal(r.churn, true);
      // a cycle takes >= 60 s ENI lifetime + 5 s loop: at most 600 / 65 ≈ 9 frees in 600 s
      assert.ok(r.nodes[0].eniFrees >= 5 && r.nodes[0].eniFrees <= 10, String(r.nodes[0].eniFrees));
      assert.ok(r.nodes[0].churnCycles >= 4);
      assert.ok(r.ec2Calls.DeleteNetworkInterface >= 5);
    });
    it('WARM_ENI_TARGET=1 on the same node does not churn', () => {
      const r = simulate(cat, {
        nodes: [{ instanceType: 'm5.large', env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' } }],
        events: [],
        params: { settleS: 600 },
      });
      assert.equal(r.churn, false);
      assert.equal(r.nodes[0].eniFrees, 0);
    });
  });

  describe('scheduling', () => {
    it('least-loaded spreads pods evenly; round-robin too; pinned pods stay put', () => {
      const ev = [{ at: 0, add: 30 }];
      const ll = simulate(cat, { nodes: nodes(3, { instanceType: 'm5.large' }), events: ev });
      assert.deepEqual(
        ll.nodes.map((n) => n.final.podsRunning),
        [10, 10, 10], // 30 / 3
      );
      const rr = simulate(cat, {
        nodes: nodes(3, { instanceType: 'm5.large' }),
        events: ev,
        params: { scheduling: 'round-robin' },
      });
      assert.deepEqual(
        rr.nodes.map((n) => n.final.podsRunning),
        [10, 10, 10],
      );
      const pinned = simulate(cat, {
        nodes: nodes(2, { instanceType: 'm5.large' }),
        events: [{ at: 0, add: 5, node: 'n1' }],
      });
      assert.deepEqual(
        pinned.nodes.map((n) => n.final.podsRunning),
        [0, 5],
      );
    });
    it('pods beyond every node max-pods are unschedulable', () => {
      const r = simulate(cat, {
        nodes: nodes(2, { instanceType: 't3.small' }),
        events: [{ at: 0, add: 20 }],
      });
      assert.equal(r.podsUnschedulable, 2); // 2 nodes x (11 - 2) = 18 slots
    });
    it('SGP pods need branch ENIs (r6g.medium: 4 per node)', () => {
      const r = simulate(cat, {
        nodes: nodes(2, {
          instanceType: 'r6g.medium',
          maxPods: 110,
          env: { ENABLE_PREFIX_DELEGATION: 'true', ENABLE_POD_ENI: 'true' },
        }),
        events: [{ at: 0, add: 10, sgp: true }],
      });
      assert.equal(r.podsUnschedulable, 2); // 10 - 2 x 4
      assert.equal(r.series[r.series.length - 1].sgpPods, 8);
    });
    it('a node whose aws-node does not start takes no pods', () => {
      const r = simulate(cat, {
        nodes: [
          { instanceType: 'm5.large', env: { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '0' } },
          { instanceType: 'm5.large' },
        ],
        events: [{ at: 0, add: 5 }],
      });
      assert.equal(r.nodes[0].starts, false);
      assert.deepEqual(
        r.nodes.map((n) => n.final.podsRunning),
        [0, 5],
      );
    });
    it('removal takes the oldest pods first', () => {
      const r = simulate(cat, {
        nodes: [{ instanceType: 'm5.large' }],
        events: [
          { at: 0, add: 3 },
          { at: 10, add: 3 },
          { at: 20, remove: 3 },
        ],
      });
      assert.deepEqual(
        r.pods.filter((p) => p.removedAt !== null).map((p) => p.createdAt),
        [0, 0, 0],
      );
    });
  });

  describe('scale', () => {
    it('100 nodes through a burst of 5,000 pods quickly, all placed', function () {
      this.timeout(20000);
      const t0 = performance.now();
      const r = simulate(cat, {
        nodes: nodes(100, { instanceType: 'm5.xlarge' }),
        events: burstEvents(5000, 60),
        params: { podRecords: false },
      });
      const ms = performance.now() - t0;
      assert.equal(r.waits.count, 5000); // 100 x (58 - 2) = 5,600 slots
      assert.equal(r.podsWithoutIp, 0);
      assert.ok(ms < 5000, `${ms} ms`);
    });
  });

  it('never throws on garbage', () => {
    // deliberately wrong input, cast through unknown
    for (const g of [
      null,
      undefined,
      {},
      { nodes: 'x', events: 5 },
      { nodes: [{ instanceType: 'nope.x' }], events: [{ at: NaN }] },
    ] as unknown as SimulationInput[]) {
      assert.doesNotThrow(() => simulate(cat, g));
    }
  });
});
