/** Capacity hovers and inlay hints, on documents read by the real parsers. */
import { strict as assert } from 'node:assert';
import { hover } from '../../server/src/analysis/hover';
import { inlayHints } from '../../server/src/analysis/inlayHints';
import { contexts, daemonSet, doc } from './capacity-helpers';

const EKSCTL = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: demo
  region: us-west-2
managedNodeGroups:
  - name: web
    instanceType: m5.large
    maxPodsPerNode: 110
`;
const CUSTOM = daemonSet({
  ENABLE_IPv4: 'true',
  AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true',
  WARM_IP_TARGET: '5',
});

function ws(settings = {}) {
  const [e, d] = contexts(
    [doc('file:///eksctl.yaml', EKSCTL), doc('file:///aws-node.yaml', CUSTOM)],
    settings,
  );
  assert.ok(e && d);
  return { e, d };
}

describe('capacity hovers', () => {
  it('instance type: figures, every mode, every tool, and the capacity in scope', () => {
    const { e } = ws();
    const h = hover(e, EKSCTL.indexOf('m5.large') + 2);
    assert.ok(h);
    assert.equal(EKSCTL.slice(h.span.start, h.span.end), 'm5.large');
    // 3 x 9 + 2 = 29; custom networking 2 x 9 + 2 = 20; PD 3 x 144 + 2 = 434
    assert.match(h.markdown, /\| secondary IPs \| 29 \(3 x 9 \+ 2\) \|/);
    assert.match(h.markdown, /\| custom networking \| 20 \(2 x 9 \+ 2\) \|/);
    assert.match(h.markdown, /\| prefix delegation \| 434 \(3 x 144 \+ 2\) \|/);
    assert.match(h.markdown, /\| Karpenter \| 29 \|/);
    assert.match(h.markdown, /\| EKS Auto Mode \| 110 \|/);
    assert.match(h.markdown, /\*\*20 pods\*\* with custom networking/);
  });

  it('max-pods value: the capacity it is checked against and the explanation chain', () => {
    const { e } = ws();
    const h = hover(e, EKSCTL.indexOf('110') + 1);
    assert.ok(h);
    assert.match(h.markdown, /\| m5\.large \| 110 \| 20 \(2 ENIs x 9 IPs \+ 2\) \|/);
    assert.match(h.markdown, /primary ENI unused for pods \(custom networking\)/);
    assert.match(h.markdown, /this setting wins/);
  });

  it('warm target: the env hover, then the simulated pool per type in scope', () => {
    const { d } = ws();
    const h = hover(d, CUSTOM.indexOf('WARM_IP_TARGET') + 2);
    assert.ok(h);
    const [env, pool] = h.markdown.split('\n---\n');
    assert.match(env ?? '', /WARM_IP_TARGET/);
    // custom networking, WARM_IP_TARGET=5 at 0 pods: one secondary ENI with 5 IPs, 2 ENIs, 5 + 2 primaries = 7
    assert.match(pool ?? '', /\| m5\.large \| 2 ENIs \/ 5 IPs \/ 7 \|/);
    // the table is a fresh node with pods placed densely: a lower bound (random prefix choice, pod history)
    assert.match(pool ?? '', /fresh node with these pods placed densely[^\n]*a lower bound/);
  });

  it('warm target without any type in scope: just the env hover', () => {
    const [d] = contexts([doc('file:///aws-node.yaml', CUSTOM)]);
    assert.ok(d);
    const h = hover(d, CUSTOM.indexOf('WARM_IP_TARGET') + 2);
    assert.ok(h);
    assert.doesNotMatch(h.markdown, /Simulated warm pool/);
  });

  it('Auto Mode NodeClass: both prefix-size modes with the 110 cap', () => {
    const nc = `apiVersion: eks.amazonaws.com/v1
kind: NodeClass
metadata:
  name: private
spec:
  role: MyNodeRole
  advancedNetworking:
    ipv4PrefixSize: "32"
`;
    const [c] = contexts([doc('file:///nc.yaml', `# vpc-cni-lint: instance-types=m5.large\n${nc}`)]);
    assert.ok(c);
    const text = c.text;
    const h = hover(c, text.indexOf('private') + 1);
    assert.ok(h, JSON.stringify(c.model.nodes.map((n) => n.kind)));
    // Auto: min(3 x 9 x 16 + 2, 110) = 110; "32": min(3 x 9 + 2, 110) = 29
    assert.match(h.markdown, /\| m5\.large \| 110 \| 29 \|/);
  });
});

describe('capacity inlay hints', () => {
  it('after the instance type and the max-pods value', () => {
    const { e } = ws();
    const hints = inlayHints(e, { start: 0, end: EKSCTL.length });
    const typeEnd = EKSCTL.indexOf('m5.large') + 'm5.large'.length;
    const mpEnd = EKSCTL.indexOf('110') + 3;
    // custom networking: 20; prefix delegation would give min(2 x 144 + 2 = 290, 110) = 110
    assert.deepEqual(
      hints.map((h) => [h.offset, h.label]),
      [
        [typeEnd, '20 pods · 110 with prefix delegation'],
        [mpEnd, 'CNI: 20 pods'],
      ],
    );
  });
  it('only inside the requested range; none for unknown types', () => {
    const { e } = ws();
    assert.deepEqual(inlayHints(e, { start: 0, end: 10 }), []);
    const text = EKSCTL.replace('m5.large', 'm5.lage');
    const [c] = contexts([doc('file:///eksctl.yaml', text)]);
    assert.ok(c);
    assert.deepEqual(
      inlayHints(c, { start: 0, end: text.length }).filter((h) => !h.label.startsWith('CNI')),
      [],
    );
  });
  it('with default CNI settings the prefix-delegation figure is shown next to the table value', () => {
    const [c] = contexts([doc('file:///eksctl.yaml', EKSCTL)]);
    assert.ok(c);
    assert.equal(
      inlayHints(c, { start: 0, end: EKSCTL.length })[0]?.label,
      '29 pods · 110 with prefix delegation',
    );
  });
});
