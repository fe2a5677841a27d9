/** engine/nodeMaxPods: which explicit setting decides a node's max-pods, and what the kubelet ends up with. */
import { strict as assert } from 'node:assert';
import {
  decidingMaxPods,
  defaultCatalog,
  nodeMaxPods,
  type ExplicitMaxPods,
  type NodeMaxPodsInput,
} from '../../server/src/engine';

const cat = defaultCatalog();

describe('engine/nodeMaxPods', () => {
  describe('precedence of explicit settings', () => {
    const rows: Array<[string, ExplicitMaxPods[], number | undefined]> = [
      ['none', [], undefined],
      // a kubelet flag beats every config file, wherever it stands
      [
        'flag beats NodeConfig',
        [
          { origin: 'nodeadm-config', value: 40 },
          { origin: 'kubelet-flag', value: 30 },
        ],
        1,
      ],
      [
        'flag before NodeConfig still wins',
        [
          { origin: 'kubelet-flag', value: 30 },
          { origin: 'nodeadm-config', value: 40 },
        ],
        0,
      ],
      // later parts of the same origin win
      [
        'last of one origin',
        [
          { origin: 'nodeadm-config', value: 40 },
          { origin: 'nodeadm-config', value: 50 },
        ],
        1,
      ],
      // an expression only when no static value is set
      [
        'static beats expression',
        [
          { origin: 'nodeadm-expression', expression: 'max_pods' },
          { origin: 'eksctl-max-pods-per-node', value: 20 },
        ],
        1,
      ],
    ];
    for (const [label, explicit, expected] of rows) {
      it(label, () => assert.equal(decidingMaxPods(explicit), expected));
    }
  });

  describe('value per tool', () => {
    const karpenter = (explicit: ExplicitMaxPods[], podsPerCore?: number): NodeMaxPodsInput => ({
      tool: 'karpenter',
      explicit,
      karpenter: { amiFamily: 'AL2023', podsPerCore },
    });
    const rows: Array<[string, string, NodeMaxPodsInput, number | null, boolean]> = [
      // Karpenter ENI-limited: 3 x (10 - 1) + 2 = 29
      ['Karpenter computed', 'm5.large', karpenter([]), 29, true],
      // static maxPods: 58
      ['Karpenter static', 'm5.xlarge', karpenter([{ origin: 'karpenter-kubelet', value: 58 }]), 58, false],
      // podsPerCore over a static maxPods: min(10 x 4 vCPUs, 58) = 40 (types.go pods(); kubelet MachineInfo)
      [
        'Karpenter static with podsPerCore',
        'm5.xlarge',
        karpenter([{ origin: 'karpenter-kubelet', value: 58 }], 10),
        40,
        false,
      ],
      // podsPerCore above the static value leaves it: min(20 x 4, 58) = 58
      [
        'Karpenter static, podsPerCore higher',
        'm5.xlarge',
        karpenter([{ origin: 'karpenter-kubelet', value: 58 }], 20),
        58,
        false,
      ],
      // a kubelet flag in user data reaches the same kubelet: min(10 x 4, 100) = 40
      [
        'Karpenter flag with podsPerCore',
        'm5.xlarge',
        karpenter([{ origin: 'kubelet-flag', value: 100 }], 10),
        40,
        false,
      ],
      // Bottlerocket does not apply podsPerCore (amifamily/bottlerocket.go PodsPerCoreEnabled false): 58
      [
        'Karpenter Bottlerocket static with podsPerCore',
        'm5.xlarge',
        {
          tool: 'karpenter',
          explicit: [{ origin: 'karpenter-kubelet', value: 58 }],
          karpenter: { amiFamily: 'Bottlerocket', podsPerCore: 10 },
        },
        58,
        false,
      ],
      // nodeadm: 3 x 9 + 2 = 29; NodeConfig maxPods 40 wins
      ['nodeadm computed', 'm5.large', { tool: 'al2023-nodeadm', explicit: [] }, 29, true],
      [
        'nodeadm config',
        'm5.large',
        { tool: 'al2023-nodeadm', explicit: [{ origin: 'nodeadm-config', value: 40 }] },
        40,
        false,
      ],
      // no tool, no setting: unknown
      ['unknown', 'm5.large', { tool: undefined, explicit: [] }, null, false],
    ];
    for (const [label, type, input, value, computed] of rows) {
      it(`${label} on ${type} → ${value}`, () => {
        const r = nodeMaxPods(cat, type, input);
        assert.equal(r.value, value);
        assert.equal(r.computed, computed);
        assert.equal(r.decidedBy, computed || value === null ? undefined : input.explicit.length - 1);
      });
    }
    it('explains the podsPerCore limit over a kubelet flag', () => {
      const r = nodeMaxPods(cat, 'm5.xlarge', karpenter([{ origin: 'kubelet-flag', value: 100 }], 10));
      const steps = r.explanation?.steps.map((s) => s.label) ?? [];
      assert.ok(steps.includes('--max-pods kubelet flag'), steps.join(', '));
      assert.ok(steps.includes('podsPerCore limit'), steps.join(', '));
    });
  });
});
