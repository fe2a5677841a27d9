/**
 * Embedded text in YAML strings: decoding agrees with the yaml library and every decoded
 * character maps back to the source character it came from (escapes map to the escape).
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { isMap, isScalar, parseDocument as parseYaml, Scalar } from 'yaml';
import { scalarReplacement, scalarView, View } from '../../server/src/syntax';
import { applyInsertion, parse } from './helpers';

function viewOf(src: string): { view: View | undefined; node: Scalar } {
  const doc = parseYaml(src);
  const root = doc.contents;
  assert.ok(isMap(root));
  const node = root.items[0]?.value;
  assert.ok(isScalar(node));
  return { view: scalarView(View.file(src), node), node };
}

/** Checks that characters copied verbatim map to themselves. */
function checkMapping(src: string): void {
  const { view, node } = viewOf(src);
  assert.ok(view);
  assert.notEqual(view.embed, 'opaque', `not mapped: ${JSON.stringify(src)}`);
  assert.equal(view.text, node.value);
  for (let i = 0; i < view.text.length; i++) {
    const ch: string | undefined = view.text[i];
    const s = view.span(i, i + 1);
    const raw = src.slice(s.start, s.end);
    assert.ok(s.start >= 0 && s.end <= src.length && s.end > s.start, `char ${i} of ${JSON.stringify(src)}`);
    if (raw.length === 1 && ch !== ' ' && ch !== '\n')
      assert.equal(raw, ch, `char ${i} of ${JSON.stringify(src)}`);
  }
}

describe('syntax: scalar views', () => {
  it('maps literal and folded block scalars with every chomping indicator', () => {
    for (const header of ['|', '|-', '|+', '>', '>-', '>+']) {
      checkMapping(`k: ${header}\n  line one\n  line two\n\n  after blank\n    more indented\n  last\n\n`);
      checkMapping(`k: ${header}\n  only\n`);
    }
  });

  it('maps double-quoted escapes and line folding', () => {
    checkMapping('k: "a\\"b\\\\c\\n\\t\\u00e9 \\x41"\n');
    checkMapping('k: "one\n  two\n\n  three \\\n  four"\n');
    checkMapping("k: 'it''s\n  folded'\n");
    checkMapping('k: plain\n  continued\n');
  });

  it('decodes arbitrary printable content the way the yaml library does', () => {
    const line = fc.stringMatching(/^[a-zA-Z0-9 {}":,'\\-]{0,20}$/);
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 6 }),
        fc.constantFrom('|', '|-', '>', '"', "'"),
        (lines, style) => {
          let src: string;
          if (style === '"') src = `k: ${JSON.stringify(lines.join('\n'))}\n`;
          else if (style === "'") src = `k: '${lines.join(' ').replace(/'/g, "''")}'\n`;
          else src = `k: ${style}\n${lines.map((l) => `  x${l}`).join('\n')}\n`;
          checkMapping(src);
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });

  it('inserts into a NodeConfig in a CRLF block scalar with CRLF and the block indentation', () => {
    const text = [
      'apiVersion: karpenter.k8s.aws/v1',
      'kind: EC2NodeClass',
      'metadata:',
      '  name: crlf',
      'spec:',
      '  amiSelectorTerms:',
      '    - alias: al2023@latest',
      '  userData: |',
      '    apiVersion: node.eks.aws/v1alpha1',
      '    kind: NodeConfig',
      '    spec:',
      '      kubelet:',
      '        flags: ["--node-labels=a=b"]',
      '',
    ].join('\r\n');
    const { model } = parse(text);
    const nc = model.nodes[0]?.userData?.parts[0]?.nodeConfig;
    const after = applyInsertion(text, nc?.maxPodsInsert, { value: '31' });
    assert.ok(
      after.endsWith('        flags: ["--node-labels=a=b"]\r\n        config:\r\n          maxPods: 31\r\n'),
      JSON.stringify(after),
    );
    assert.equal(parse(after).model.nodes[0]?.maxPods[0]?.value, 31);
  });

  it('reads a CloudFormation JSON template (JSON strings are YAML double-quoted scalars)', () => {
    const userData = '#!/bin/bash\n/etc/eks/bootstrap.sh demo --kubelet-extra-args "--max-pods=17"\n';
    const text = JSON.stringify(
      {
        Resources: {
          LT: {
            Type: 'AWS::EC2::LaunchTemplate',
            Properties: {
              LaunchTemplateData: {
                InstanceType: 't3.large',
                UserData: { 'Fn::Base64': { 'Fn::Sub': userData } },
              },
            },
          },
        },
      },
      null,
      2,
    );
    const { model, at } = parse(text, 'file:///stack.json');
    const lt = model.nodes[0];
    assert.equal(lt?.kind, 'launch-template');
    assert.equal(at(lt?.instanceTypes[0]?.span), '"t3.large"');
    assert.equal(lt?.maxPods[0]?.value, 17);
    assert.equal(at(lt?.maxPods[0]?.span), '17');
    assert.equal(lt?.maxPods[0]?.embed, 'yaml-double-quoted');
  });
});

describe('syntax: edits in embedded values', () => {
  it('refuses edits in base64 and opaque carriers and escapes for single-quoted ones', () => {
    const span = { start: 0, end: 6 };
    assert.equal(scalarReplacement('"abcd"', span, 'x', { embed: 'base64' }), undefined);
    assert.equal(scalarReplacement('"abcd"', span, 'x', { embed: 'opaque' }), undefined);
    assert.deepEqual(scalarReplacement('"abcd"', span, "it's", { embed: 'yaml-single-quoted' }), {
      span,
      newText: `"it''s"`,
    });
  });

  it('renames an env var inside JSON in a double-quoted YAML string', () => {
    const text =
      'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\naddons:\n  - name: vpc-cni\n    configurationValues: "{\\"env\\":{\\"WARM_IP_TARGT\\":\\"5\\"}}"\n';
    const { model } = parse(text);
    const env = model.cni[0]?.env[0];
    assert.ok(env);
    const edit = scalarReplacement(text, env.nameSpan, 'WARM_IP_TARGET', { embed: env.embed });
    assert.ok(edit);
    const after = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
    assert.deepEqual(
      parse(after).model.cni[0]?.env.map((e) => [e.name, e.value]),
      [['WARM_IP_TARGET', '5']],
    );
  });
});
