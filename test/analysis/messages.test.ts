/**
 * Messages quote the values they are about, shortened when long (issue 17 defect 9: a 4 MB env value
 * gave a 4 MB message).
 */
import { strict as assert } from 'node:assert';
import { boundMessage, MAX_MESSAGE, MAX_SHOWN, shown } from '../../server/src/analysis/messages';
import { analyseAll } from '../robustness/inputs';

describe('bounded messages', () => {
  it('keep short values whole and shorten long ones to their start, end and length', () => {
    assert.equal(shown('m5.large'), 'm5.large');
    assert.equal(shown('x'.repeat(MAX_SHOWN)), 'x'.repeat(MAX_SHOWN));
    const long = `${'a'.repeat(100)}${'b'.repeat(100)}`;
    // 2/3 of 120 = 80 characters of the start, 1/6 = 20 of the end.
    assert.equal(shown(long), `${'a'.repeat(80)}…${'b'.repeat(20)} (200 characters)`);
  });

  it('never cut a surrogate pair in half', () => {
    const s = '😀'.repeat(200); // 400 UTF-16 units
    const out = shown(s);
    assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(out), out);
  });

  it('shorten a value quoted inside a code span once, and keep the explanation', () => {
    const m = boundMessage(`\`WARM_IP_TARGET: "${'x'.repeat(5000)}"\` is not an integer: ipamd exits.`);
    assert.match(m, /^`WARM_IP_TARGET: "x{80}…x{20} \(5000 characters\)"` is not an integer: ipamd exits\.$/);
  });

  it('never take the text between two short quoted values for a value', () => {
    const m =
      '`MINIMUM_IP_TARGET: "22"` without a non-zero WARM_IP_TARGET: ipamd allocates 32 addresses (2 /28 prefixes) ' +
      'up front, and pods beyond them wait in ContainerCreating ("failed to assign an IP address to container"). ' +
      'Karpenter will set max-pods 58 on c5.2xlarge (EC2NodeClass "default"), unaware of prefix delegation; ' +
      'these NodePools may match: NodePool "gpu".';
    assert.equal(boundMessage(m), m);
  });

  it('cap the message itself', () => {
    const m = boundMessage(Array.from({ length: 2000 }, (_, i) => `word${i}`).join(' '));
    assert.ok(m.length <= MAX_MESSAGE + 1, String(m.length));
  });

  it('bound every finding of a document with megabyte values', () => {
    const big = 'x'.repeat(4_000_000);
    const text = [
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
      `            - {name: WARM_IP_TARGET, value: "${big}"}`,
      `            - {name: ENABLE_PREFIX_DELEGATION, value: "${big}"}`,
      `            - {name: ${'A'.repeat(1_000_000)}, value: "1"}`,
      '',
    ].join('\n');
    const findings = analyseAll(text, 'file:///r/aws-node.yaml', 'yaml').findings;
    const codes = findings.map((f) => f.code);
    for (const code of ['invalid-integer', 'invalid-boolean', 'unknown-env-var'])
      assert.ok(codes.includes(code), code);
    for (const f of findings) {
      assert.ok(f.message.length < 600, `${f.code}: ${f.message.length} characters`);
      for (const r of f.related ?? []) assert.ok(r.message.length < 600, `${f.code} related`);
      for (const x of f.fixes ?? []) assert.ok(x.title.length < 600, `${f.code} fix title`);
    }
    assert.ok(findings.some((f) => f.message.includes('(4000000 characters)')));
  });
});
