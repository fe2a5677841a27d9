/**
 * Hovers quote the values they are about, shortened when long (issue 17): a hover on a 4 MB value
 * gave a 4 MB hover. Values are quoted with `shown` (analysis/messages.ts, engine/shorten.ts), and
 * every hover leaves the analysis through `boundHover`; legitimate hovers are never shortened.
 */
import { strict as assert } from 'node:assert';
import { hover } from '../../server/src/analysis/hover';
import { boundHover, MAX_HOVER } from '../../server/src/analysis/messages';
import { ExplanationBuilder, explanationToMarkdown, explanationToText } from '../../server/src/engine';
import { analyseAll, seeds } from '../robustness/inputs';

const BIG = 4_000_000;
const big = (c: string): string => c.repeat(BIG);

/** The hover on each needle (the document is analysed once). */
function hoversAt(text: string, uri: string, needles: string[]): string[] {
  const { ctx } = analyseAll(text, uri, 'yaml');
  return needles.map((needle) => {
    const h = hover(ctx, text.indexOf(needle) + 1);
    assert.ok(h, `a hover on ${needle.slice(0, 20)}`);
    return h.markdown;
  });
}

const daemonSet = (env: string): string =>
  [
    'apiVersion: apps/v1',
    'kind: DaemonSet',
    'metadata: {name: aws-node, namespace: kube-system}',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: aws-node',
    '          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.18.0',
    '          env:',
    env,
    '',
  ].join('\n');

describe('bounded hovers', () => {
  it('a hover on a 4 MB env value quotes it shortened, with its length', () => {
    for (const name of ['WARM_IP_TARGET', 'ENABLE_PREFIX_DELEGATION']) {
      const text = daemonSet(`            - {name: ${name}, value: "${big('7')}"}`);
      for (const md of hoversAt(text, 'file:///r/aws-node.yaml', [name, '777'])) {
        assert.ok(md.length <= MAX_HOVER, `${name}: ${md.length} characters`);
        assert.ok(md.includes(`(${BIG} characters)`), `${name}: the length is said`);
      }
    }
  });

  it('a hover on a 4 MB env name or instance type is bounded', () => {
    const env = daemonSet(`            - {name: ${big('A')}, value: "1"}`);
    assert.ok((hoversAt(env, 'file:///r/aws-node.yaml', ['AAA'])[0] ?? '').length <= MAX_HOVER);
    const eksctl = [
      'apiVersion: eksctl.io/v1alpha5',
      'kind: ClusterConfig',
      'metadata: {name: c, region: us-west-2}',
      'managedNodeGroups:',
      '  - name: web',
      `    instanceType: m5.${big('x')}`,
      `    maxPodsPerNode: ${big('9')}`,
      '',
    ].join('\n');
    for (const md of hoversAt(eksctl, 'file:///r/cluster.yaml', ['m5.xxx', '999']))
      assert.ok(md.length <= MAX_HOVER, `${md.length} characters`);
  });

  it('explanations shorten long values, formulas, notes and titles', () => {
    const e = new ExplanationBuilder()
      .step('maxPodsExpression', big('v'), big('f'))
      .note(`The awk prefix match picked "${big('n')}".`)
      .build();
    for (const out of [explanationToMarkdown(e, big('t')), explanationToText(e, big('t'))])
      assert.ok(out.length < 2000, `${out.length} characters`);
  });

  it('legitimate hovers are never shortened', () => {
    let n = 0;
    for (const s of seeds()) {
      const { ctx } = analyseAll(s.text, s.uri, s.languageId);
      for (let o = 0; o < s.text.length; o += 11) {
        const h = hover(ctx, o);
        if (!h) continue;
        n++;
        // Nothing in them is shortened (an upstream error text of 140 characters stays whole).
        assert.ok(!/ \(\d+ characters\)/.test(h.markdown), `${s.name}@${o}: ${h.markdown}`);
        assert.equal(boundHover(h.markdown), h.markdown);
      }
    }
    assert.ok(n > 100, `${n} hovers`);
  });
});
