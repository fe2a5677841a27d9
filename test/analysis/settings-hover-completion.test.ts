/** Env hovers and env completion (server/src/analysis/hovers/envHover.ts, completions/envCompletion.ts). */
import { strict as assert } from 'node:assert';
import { complete, defaultSettings, hover, type RuleContext } from '../../server/src/analysis';
import { envHover } from '../../server/src/analysis/hovers/envHover';
import { analyseFiles, catalogWith } from '../helpers/analyze';
import { buildWorkspaceContext } from '../../server/src/analysis';

/** A RuleContext for `text`, and the offset of `|` in it (removed from the text). */
function at(marked: string, uri = 'file:///w/aws-node.yaml'): { ctx: RuleContext; offset: number } {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'marker');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const [f] = analyseFiles([{ uri, text }]);
  assert.ok(f);
  const workspace = buildWorkspaceContext([{ uri, model: f.model }]);
  return {
    ctx: { uri, text, model: f.model, workspace, catalog: catalogWith(), settings: defaultSettings },
    offset,
  };
}

const HEAD = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: aws-node
spec:
  template:
    spec:
      initContainers:
        - name: aws-vpc-cni-init
          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni-init:v1.19.2
          env:
            - name: DISABLE_TCP_EARLY_DEMUX
              value: "true"
      containers:
        - name: aws-node
          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.2
          env:
            - name: ENABLE_IPv4
              value: "true"
`;

describe('settings: env hover', () => {
  it('shows type, defaults, since and the effective value after Go parsing', () => {
    const { ctx, offset } = at(
      HEAD + '            - name: ENABLE_PREFIX_DEL|EGATION\n              value: "yes"\n',
    );
    const h = hover(ctx, offset);
    assert.ok(h);
    assert.match(h.markdown, /\*\*ENABLE_PREFIX_DELEGATION\*\*/);
    assert.match(h.markdown, /\| Default \(binary\) \| `false` \|/);
    assert.match(h.markdown, /\| Since \| CNI v1\.9\.0 \|/);
    assert.match(h.markdown, /Effective here: `false`, not `yes`/);
    assert.equal(ctx.text.slice(h.span.start, h.span.end), 'ENABLE_PREFIX_DELEGATION');
  });

  it('on a value, answers for the entry and spans the value', () => {
    const { ctx, offset } = at(HEAD + '            - name: WARM_IP_TARGET\n              value: "1|.5"\n');
    const h = envHover(ctx, offset);
    assert.ok(h);
    assert.equal(ctx.text.slice(h.span.start, h.span.end), '"1.5"');
    assert.match(h.markdown, /Effective here: `0`, not `1\.5`/);
  });

  it('says what overrides a warm target and what an IP target overrides', () => {
    const text =
      HEAD +
      '            - name: WARM_IP_TARGET\n              value: "5"\n            - name: WARM_ENI_TARGET\n              value: "3"\n';
    const eni = at(text.replace('name: WARM_ENI', 'name: WARM_|ENI'));
    assert.match(
      envHover(eni.ctx, eni.offset)?.markdown ?? '',
      /No effect here:\*\* WARM_IP_TARGET or MINIMUM_IP_TARGET/,
    );
    const ip = at(text.replace('name: WARM_IP', 'name: WARM_|IP'));
    assert.match(
      envHover(ip.ctx, ip.offset)?.markdown ?? '',
      /In force here:\*\* .*overrides `WARM_ENI_TARGET`/,
    );
  });

  it('shows the chart default for Helm values and flags names read by the other container', () => {
    const helm = at('env:\n  WARM_PREFIX_T|ARGET: "2"\n', 'file:///w/aws-vpc-cni-values.yaml');
    assert.match(envHover(helm.ctx, helm.offset)?.markdown ?? '', /Shipped manifest \/ chart \| `1`/);
    const misplaced = at(
      HEAD + '            - name: DISABLE_TCP_|EARLY_DEMUX\n              value: "true"\n',
    );
    assert.match(envHover(misplaced.ctx, misplaced.offset)?.markdown ?? '', /not by aws-node: ignored here/);
  });

  it('answers nothing away from env entries', () => {
    const { ctx, offset } = at(HEAD.replace('name: aws-node\nspec', 'name: aws-|node\nspec'));
    assert.equal(envHover(ctx, offset), undefined);
  });
});

describe('settings: env completion', () => {
  it('offers names for the aws-node container on a half-typed `- name:` line, without those already set', () => {
    const { ctx, offset } = at(HEAD + '            - name: WAR|\n');
    const labels = complete(ctx, offset).map((c) => c.label);
    assert.ok(labels.includes('WARM_IP_TARGET'));
    assert.ok(labels.includes('WARM_PREFIX_TARGET'));
    assert.ok(!labels.includes('ENABLE_IPv4'), 'already set');
    assert.ok(!labels.includes('DISABLE_TCP_EARLY_DEMUX'), 'init container only');
    const item = complete(ctx, offset).find((c) => c.label === 'WARM_IP_TARGET');
    assert.deepEqual(item?.replace, { start: offset - 3, end: offset });
    assert.match(item?.documentation ?? '', /free pod addresses/);
  });

  it('offers init-container names in the init container env', () => {
    const text = HEAD.replace(
      '            - name: DISABLE_TCP_EARLY_DEMUX\n              value: "true"\n',
      '            - name: DISABLE_TCP_EARLY_DEMUX\n              value: "true"\n            - name: |\n',
    );
    const { ctx, offset } = at(text);
    const labels = complete(ctx, offset).map((c) => c.label);
    assert.deepEqual(labels.sort(), ['ENABLE_IPv6', 'ENABLE_V6_EGRESS', 'HOST_CNI_BIN_PATH']);
  });

  it('offers "true"/"false" for booleans and the values of enums', () => {
    const b = at(HEAD + '            - name: ENABLE_POD_ENI\n              value: |\n');
    assert.deepEqual(
      complete(b.ctx, b.offset).map((c) => c.insertText),
      ['"true"', '"false"'],
    );
    const e = at(HEAD + '            - name: NETWORK_POLICY_ENFORCING_MODE\n              value: "st|"\n');
    assert.deepEqual(
      complete(e.ctx, e.offset).map((c) => c.insertText),
      ['none', 'strict', 'standard'],
    );
    const n = at(HEAD + '            - name: WARM_IP_TARGET\n              value: |\n');
    assert.deepEqual(complete(n.ctx, n.offset), []);
  });

  it('completes keys and values in Helm values and add-on JSON maps', () => {
    const helm = at(
      'env:\n  WARM_IP_TARGET: "1"\n  ENABLE_P|\ninit:\n  env: {}\n',
      'file:///w/aws-vpc-cni-values.yaml',
    );
    const item = complete(helm.ctx, helm.offset).find((c) => c.label === 'ENABLE_PREFIX_DELEGATION');
    assert.equal(item?.insertText, 'ENABLE_PREFIX_DELEGATION: ');
    assert.ok(!complete(helm.ctx, helm.offset).some((c) => c.label === 'WARM_IP_TARGET'));
    const json = at(
      '{\n  "env": {\n    "WARM_IP_TARGET": "1",\n    "ENABLE_POD_ENI": "|"\n  }\n}\n',
      'file:///w/vpc-cni-addon.json',
    );
    assert.deepEqual(
      complete(json.ctx, json.offset).map((c) => c.insertText),
      ['true', 'false'],
    );
  });

  it('stays silent outside env blocks and in other workloads', () => {
    const meta = at(HEAD.replace('  name: aws-node\nspec:', '  name: aws-node\n  lab|\nspec:'));
    assert.deepEqual(complete(meta.ctx, meta.offset), []);
    const other = at(HEAD + '        - name: sidecar\n          env:\n            - name: WAR|\n');
    assert.deepEqual(complete(other.ctx, other.offset), []);
  });
});
