/** Windows nodes: hovers and inlay hints show the VPC resource controller's figures, never aws-node's. */
import { strict as assert } from 'node:assert';
import { hover } from '../../server/src/analysis/hover';
import { inlayHints } from '../../server/src/analysis/inlayHints';
import { contexts, daemonSet, doc } from './capacity-helpers';

const EKSCTL = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: demo
  region: us-west-2
nodeGroups:
  - name: win
    amiFamily: WindowsServer2022CoreContainer
    instanceType: m5.large
    maxPodsPerNode: 110
  - name: linux
    instanceType: c5.large
`;
const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: amazon-vpc-cni
  namespace: kube-system
data:
  enable-windows-ipam: "true"
  enable-windows-prefix-delegation: "true"
`;

describe('Windows nodes', () => {
  it('instance type hover: primary-ENI addresses, no aws-node modes', () => {
    const [e] = contexts([doc('file:///eksctl.yaml', EKSCTL)]);
    assert.ok(e);
    const h = hover(e, EKSCTL.indexOf('m5.large') + 2);
    assert.ok(h);
    assert.match(h.markdown, /Windows node/);
    assert.match(h.markdown, /\| m5\.large \| 9 \|/); // 10 - 1 = 9 on the primary ENI
    assert.doesNotMatch(h.markdown, /custom networking \|/);
  });

  it('with enable-windows-prefix-delegation: prefixes on the primary ENI', () => {
    const [e] = contexts([doc('file:///eksctl.yaml', EKSCTL), doc('file:///cm.yaml', CONFIGMAP)]);
    assert.ok(e);
    const h = hover(e, EKSCTL.indexOf('110') + 1);
    assert.ok(h);
    assert.match(h.markdown, /\| m5\.large \| 144 \|/); // (10 - 1) x 16 = 144
  });

  it('inlay hints: the Windows figure on the Windows type, the CNI figure on the Linux one', () => {
    const [e] = contexts([
      doc('file:///eksctl.yaml', EKSCTL),
      doc('file:///aws-node.yaml', daemonSet({ ENABLE_IPv4: 'true' })),
    ]);
    assert.ok(e);
    const labels = inlayHints(e, { start: 0, end: EKSCTL.length }).map((h) => h.label);
    assert.ok(labels.includes('Windows: 9 pod IPs'), labels.join(' | '));
    assert.ok(
      labels.some((l) => l.startsWith('29 pods')),
      labels.join(' | '),
    ); // c5.large 3 x 9 + 2
    assert.ok(!labels.some((l) => l.startsWith('CNI:')), 'no CNI capacity hint on a Windows max-pods');
  });
});
