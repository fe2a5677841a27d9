/** Hovers and inlay hints on the known parts of a template (issue 15: unknown is not wrong). */
import { strict as assert } from 'node:assert';
import { hover } from '../../server/src/analysis/hover';
import { inlayHints } from '../../server/src/analysis/inlayHints';
import { contexts, doc } from './capacity-helpers';

// A chart template: the name and labels come from values, the instance type and max-pods are literal.
const KNOWN = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: {{ .Values.cluster }}
  region: {{ .Values.region }}
  tags:
    {{- toYaml .Values.tags | nindent 4 }}
managedNodeGroups:
  - name: web
    instanceType: m5.large
    maxPodsPerNode: 110
`;

// The same with the max-pods from values: unknown, so nothing is concluded about it.
const UNKNOWN = KNOWN.replace('maxPodsPerNode: 110', 'maxPodsPerNode: {{ .Values.maxPods }}');

describe('templates: hovers and inlay hints on known parts', () => {
  it('a literal instance type in a template has its capacity hover', () => {
    const [ctx] = contexts([doc('file:///chart/templates/cluster.yaml', KNOWN)]);
    assert.ok(ctx?.model.template);
    const h = hover(ctx, KNOWN.indexOf('m5.large') + 2);
    assert.ok(h);
    assert.equal(KNOWN.slice(h.span.start, h.span.end), 'm5.large');
    // 3 ENIs x 9 IPs + 2 = 29
    assert.match(h.markdown, /\| secondary IPs \| 29 \(3 x 9 \+ 2\) \|/);
    const hints = inlayHints(ctx, { start: 0, end: KNOWN.length });
    assert.ok(hints.length > 0, 'inlay hints on the known node group');
  });

  it('an unknown max-pods gives no hint or capacity conclusion, and the instance type hover stays', () => {
    const [ctx] = contexts([doc('file:///chart/templates/cluster.yaml', UNKNOWN)]);
    assert.ok(ctx);
    assert.deepEqual(
      ctx.model.nodes[0]?.unknown?.map((u) => u.part),
      ['max-pods'],
    );
    const at = UNKNOWN.indexOf('{{ .Values.maxPods }}');
    const hints = inlayHints(ctx, { start: 0, end: UNKNOWN.length });
    assert.ok(
      hints.every((x) => x.offset < at || x.offset > at + 21),
      JSON.stringify(hints),
    );
    assert.ok(hover(ctx, UNKNOWN.indexOf('m5.large') + 2));
  });
});
