/**
 * Writing HCL (issue 11, step 1): values replaced in their own form, new attributes and object items
 * in `terraform fmt`'s alignment, `set` blocks, edits inside heredocs and quoted strings through their
 * views; everything outside the edited ranges byte-identical (property test).
 */
import { strict as assert } from 'node:assert';
import { loadHclParser } from '../../server/src/project/hclRuntime';
import { parseHcl } from '../../server/src/syntax/hcl';
import {
  attr,
  literalString,
  type HclBlock,
  type HclExpr,
  type HclFile,
} from '../../server/src/syntax/hcl/ast';
import {
  blockContainer,
  entryInsertion,
  objectPathInsertion,
  setBlockInsertion,
} from '../../server/src/syntax/hcl/edit';
import { formatLines } from '../../server/src/syntax/hcl/format';
import { templateView, type HclTemplate } from '../../server/src/syntax/hcl/view';
import { insertionFor, scalarReplacement, type TextEdit } from '../../server/src/syntax/edits';
import { parseNodeConfigText } from '../../server/src/syntax/nodeConfig';
import { readBottlerocket } from '../../server/src/syntax/bottlerocket';
import { readBootstrapCalls } from '../../server/src/syntax/shell';
import { View } from '../../server/src/syntax/view';
import type { SyntaxProblem } from '../../server/src/syntax/model';

function read(text: string): HclFile {
  const f = parseHcl(text);
  assert.ok(f, 'parser loaded');
  assert.deepEqual(f.errors, [], `parses cleanly:\n${text}`);
  return f;
}

/** Applies edits (with their `also`), checking they do not overlap. */
function apply(text: string, edit: TextEdit | undefined): string {
  assert.ok(edit, 'an edit');
  const all = [{ span: edit.span, newText: edit.newText }, ...(edit.also ?? [])].sort(
    (a, b) => b.span.start - a.span.start,
  );
  for (let i = 1; i < all.length; i++)
    assert.ok(all[i]!.span.end <= all[i - 1]!.span.start, 'edits do not overlap');
  let out = text;
  for (const e of all) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

const block = (f: HclFile, i = 0): HclBlock => f.body.blocks[i]!;
const call = (e: HclExpr | undefined): HclExpr => {
  assert.ok(e?.kind === 'call', 'a call');
  return e.args[0]!;
};

/** Every chain of `=`-aligned lines has its `=` one space after its longest lead. */
function assertAligned(text: string): void {
  const lines = formatLines(text, 0);
  let chain: typeof lines = [];
  const check = () => {
    if (!chain.length) return;
    const longest = Math.max(...chain.map((l) => l.assign!.lead));
    for (const l of chain)
      assert.equal(
        l.assign!.pad.end - l.assign!.pad.start,
        longest - l.assign!.lead + 1,
        `aligned:\n${text}`,
      );
    chain = [];
  };
  for (const l of lines) {
    if (l.assign) chain.push(l);
    else check();
  }
  check();
}

describe('syntax: HCL edits (terraform fmt style)', () => {
  before(async () => assert.equal(await loadHclParser(), true));

  it('replaces values in their own form: quoted stays quoted, bare stays bare, ${ is escaped', () => {
    const text = 'resource "x" "y" {\n  a = "v1"\n  n = 5\n  b = true\n}\n';
    const b = block(read(text));
    const span = (n: string) => attr(b.body, n)!.value.span;
    assert.equal(
      apply(text, scalarReplacement(text, span('a'), 'x${y}', { embed: 'hcl' })),
      text.replace('"v1"', () => '"x$${y}"'),
    );
    assert.equal(
      apply(text, scalarReplacement(text, span('n'), '110', { embed: 'hcl' })),
      text.replace('= 5', '= 110'),
    );
    assert.equal(
      apply(text, scalarReplacement(text, span('n'), '110', { embed: 'hcl', quote: true })),
      text.replace('= 5', '= "110"'),
    );
    assert.equal(
      apply(text, scalarReplacement(text, span('b'), 'false', { embed: 'hcl' })),
      text.replace('true', 'false'),
    );
    assert.equal(
      apply(text, scalarReplacement(text, span('a'), 'a "q" \\ \n', { embed: 'hcl' })),
      text.replace('"v1"', '"a \\"q\\" \\\\ \\n"'),
    );
    // A reference is not a value we may overwrite.
    const ref = 'x = var.y\n';
    assert.equal(
      scalarReplacement(ref, read(ref).body.attributes[0]!.value.span, '1', { embed: 'hcl' }),
      undefined,
    );
  });

  it('adds an attribute after the last one, aligned to its chain (shorter key: only the new line)', () => {
    const text =
      'resource "aws_eks_addon" "cni" {\n  addon_name    = "vpc-cni"\n  addon_version = "v1.19.2"\n\n  tags = {}\n}\n';
    const b = block(read(text));
    // Attributes: addon_name, addon_version, tags; the new one goes after `tags` (its own chain of one line? no: `tags = {}` is single-line).
    const p = entryInsertion(text, blockContainer(b), '${name}', '"${value}"');
    const out = apply(text, insertionFor(p!, { name: 'x', value: '1' }));
    assert.equal(out, text.replace('  tags = {}\n', '  tags = {}\n  x    = "1"\n'));
    assertAligned(out);
    read(out);
  });

  it('re-pads the chain when the new key is the longest, as terraform fmt does', () => {
    const text = 'locals {\n  a  = 1\n  bb = 2 # two\n}\n';
    const b = block(read(text));
    const p = entryInsertion(text, blockContainer(b), '${name}', '${value}');
    const edit = insertionFor(p!, { name: 'longer', value: '3' });
    assert.equal(edit?.also?.length, 2);
    const out = apply(text, edit);
    assert.equal(out, 'locals {\n  a      = 1\n  bb     = 2 # two\n  longer = 3\n}\n');
    assertAligned(out);
  });

  it('counts a heredoc as part of the line that opens it (one chain across it)', () => {
    const text =
      'resource "aws_launch_template" "lt" {\n  name = "x"\n  user_data = <<-EOT\n    a = b\n  EOT\n}\n';
    const b = block(read(text));
    const p = entryInsertion(text, blockContainer(b), '${name}', '"${value}"');
    const out = apply(text, insertionFor(p!, { name: 'image_id', value: 'ami-1' }));
    assert.equal(
      out,
      'resource "aws_launch_template" "lt" {\n  name      = "x"\n  user_data = <<-EOT\n    a = b\n  EOT\n  image_id  = "ami-1"\n}\n',
    );
  });

  it('renames a key and keeps its chain aligned', () => {
    const text = 'x = {\n  WARM_IP_TARGET = "5"\n  MINIMUM_IP_TARGET = "10"\n}\n'.replace(
      'WARM_IP_TARGET =',
      'WARM_IP_TARGET    =',
    );
    const obj = read(text).body.attributes[0]!.value;
    assert.ok(obj.kind === 'object');
    const key = obj.items[0]!.key.span;
    const out = apply(text, scalarReplacement(text, key, 'WARM_PREFIX_TARGET', { embed: 'hcl' }));
    assert.equal(out, 'x = {\n  WARM_PREFIX_TARGET = "5"\n  MINIMUM_IP_TARGET  = "10"\n}\n');
    assertAligned(out);
  });

  it('adds to a jsonencode({...}) object: an item under env, or env itself; keys quoted like their siblings', () => {
    const text =
      'resource "aws_eks_addon" "cni" {\n  configuration_values = jsonencode({\n    env = {\n      ENABLE_PREFIX_DELEGATION = "true"\n    }\n  })\n}\n';
    const cfg = call(attr(block(read(text)).body, 'configuration_values')!.value);
    const p = objectPathInsertion(text, cfg, ['env'], '${name}', '"${value}"');
    const out = apply(text, insertionFor(p!, { name: 'WARM_PREFIX_TARGET', value: '1' }));
    assert.equal(out, text.replace('"true"\n', '"true"\n      WARM_PREFIX_TARGET       = "1"\n'));
    assertAligned(out);

    const bare =
      'resource "aws_eks_addon" "cni" {\n  configuration_values = jsonencode({\n    enableNetworkPolicy = "true"\n  })\n}\n';
    const cfg2 = call(attr(block(read(bare)).body, 'configuration_values')!.value);
    const p2 = objectPathInsertion(bare, cfg2, ['env'], '${name}', '"${value}"');
    const out2 = apply(bare, insertionFor(p2!, { name: 'WARM_IP_TARGET', value: '5' }));
    assert.equal(out2, bare.replace('"true"\n', '"true"\n    env = {\n      WARM_IP_TARGET = "5"\n    }\n'));
    read(out2);

    const quoted = 'x = jsonencode({\n  "env" = {\n    "A" = "1"\n  }\n})\n';
    const cfg3 = call(read(quoted).body.attributes[0]!.value);
    const out3 = apply(
      quoted,
      insertionFor(objectPathInsertion(quoted, cfg3, ['env'], '${name}', '"${value}"')!, {
        name: 'WARM_IP_TARGET',
        value: '2',
      }),
    );
    assert.equal(
      out3,
      'x = jsonencode({\n  "env" = {\n    "A"              = "1"\n    "WARM_IP_TARGET" = "2"\n  }\n})\n',
    );

    const empty = 'x = jsonencode({ env = {} })\n';
    const cfg4 = call(read(empty).body.attributes[0]!.value);
    const out4 = apply(
      empty,
      insertionFor(objectPathInsertion(empty, cfg4, ['env'], '${name}', '"${value}"')!, {
        name: 'A',
        value: '1',
      }),
    );
    assert.equal(out4, 'x = jsonencode({ env = {\n  A = "1"\n} })\n');
    read(out4);

    const oneLine = 'x = jsonencode({ env = { A = "1" } })\n';
    const cfg5 = call(read(oneLine).body.attributes[0]!.value);
    const out5 = apply(
      oneLine,
      insertionFor(objectPathInsertion(oneLine, cfg5, ['env'], '${name}', '"${value}"')!, {
        name: 'B',
        value: '2',
      }),
    );
    assert.equal(out5, 'x = jsonencode({ env = { A = "1", B = "2" } })\n');
  });

  it('adds a set block to a helm_release after the last one', () => {
    const text =
      'resource "helm_release" "cni" {\n  chart = "aws-vpc-cni"\n\n  set {\n    name  = "env.A"\n    value = "1"\n  }\n}\n';
    const b = block(read(text));
    const out = apply(
      text,
      insertionFor(setBlockInsertion(text, b, 'env.')!, { name: 'WARM_IP_TARGET', value: '5' }),
    );
    assert.equal(
      out,
      text.replace('  }\n}', '  }\n  set {\n    name  = "env.WARM_IP_TARGET"\n    value = "5"\n  }\n}'),
    );
    const f = read(out);
    assert.equal(block(f).body.blocks.length, 2);
    const none = 'resource "helm_release" "cni" {\n  chart = "aws-vpc-cni"\n}\n';
    const out2 = apply(
      none,
      insertionFor(setBlockInsertion(none, block(read(none)), 'env.')!, { name: 'A', value: '1' }),
    );
    assert.equal(
      out2,
      'resource "helm_release" "cni" {\n  chart = "aws-vpc-cni"\n\n  set {\n    name  = "env.A"\n    value = "1"\n  }\n}\n',
    );
  });

  it('edits NodeConfig YAML in a flush heredoc through its view: indentation kept, ${ escaped', () => {
    const text = [
      'resource "aws_launch_template" "lt" {',
      '  user_data = base64encode(<<-EOT',
      '    apiVersion: node.eks.aws/v1alpha1',
      '    kind: NodeConfig',
      '    spec:',
      '      cluster:',
      '        name: ${var.cluster}',
      '      kubelet:',
      '        config:',
      '          clusterDNS: [10.100.0.10]',
      '  EOT',
      '  )',
      '}',
      '',
    ].join('\n');
    const ud = call(attr(block(read(text)).body, 'user_data')!.value) as HclTemplate;
    const { view, actions } = templateView(View.file(text), ud);
    assert.equal(text.slice(actions[0]!.start, actions[0]!.end), '${var.cluster}');
    const problems: SyntaxProblem[] = [];
    const nc = parseNodeConfigText(view, problems);
    assert.ok(nc?.maxPodsInsert);
    const out = apply(text, insertionFor(nc.maxPodsInsert, { name: 'maxPods', value: '58' }));
    assert.equal(out, text.replace('[10.100.0.10]\n', '[10.100.0.10]\n          maxPods: 58\n'));
    const again = call(attr(block(read(out)).body, 'user_data')!.value) as HclTemplate;
    const nc2 = parseNodeConfigText(templateView(View.file(out), again).view, []);
    assert.equal(nc2?.maxPods?.value, 58);
    assert.equal(out.slice(nc2!.maxPods!.span.start, nc2!.maxPods!.span.end), '58');
    // Text that would start a template sequence is escaped for the heredoc.
    const esc = apply(text, insertionFor(nc.maxPodsInsert, { name: 'maxPods', value: '${x}' }));
    assert.ok(esc.includes('          maxPods: $${x}\n'));
  });

  it('edits bootstrap.sh flags in a quoted string and Bottlerocket TOML in a heredoc', () => {
    const text =
      'a = "#!/bin/bash\\n/etc/eks/bootstrap.sh c --kubelet-extra-args \'--max-pods=20\'\\n"\nb = <<EOT\n[settings.kubernetes]\nmax-pods = 29\nEOT\n';
    const f = read(text);
    const shellView = templateView(View.file(text), f.body.attributes[0]!.value as HclTemplate).view;
    const calls = readBootstrapCalls(shellView, []);
    const mp = calls[0]?.maxPods;
    assert.equal(mp?.value, 20);
    const out = apply(text, scalarReplacement(text, mp!.span, '30', { embed: mp!.embed }));
    assert.equal(out, text.replace('max-pods=20', 'max-pods=30'));
    const br = readBottlerocket(
      templateView(View.file(text), f.body.attributes[1]!.value as HclTemplate).view,
      [],
    );
    assert.equal(br.maxPods?.value, 29);
    const out2 = apply(text, scalarReplacement(text, br.maxPods!.span, '110', { embed: br.maxPods!.embed }));
    assert.equal(out2, text.replace('= 29', '= 110'));
    assert.equal(
      literalString(read(out2).body.attributes[1]!.value),
      '[settings.kubernetes]\nmax-pods = 110\n',
    );
  });

  it('property: random entries added to random aligned bodies keep every other byte and read back', () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const names = ['a', 'bb', 'WARM_IP_TARGET', 'x_y', 'ENABLE_PREFIX_DELEGATION', 'k-1', 'q'];
    for (let round = 0; round < 150; round++) {
      // A body: one or two chains of aligned attributes, maybe a nested object after them.
      const chains = Array.from({ length: 1 + rnd(2) }, () =>
        Array.from({ length: 1 + rnd(3) }, (_, i) => `${names[rnd(names.length)]}${i}`),
      );
      const lines: string[] = [];
      chains.forEach((keys, c) => {
        if (c > 0) lines.push('');
        const width = Math.max(...keys.map((k) => k.length));
        keys.forEach((k, i) =>
          lines.push(`  ${k.padEnd(width)} = ${rnd(2) ? `"v${i}"` : String(i)}${rnd(4) ? '' : ' # c'}`),
        );
      });
      if (rnd(3) === 0) lines.push('  env = {', '    A = "1"', '  }');
      const text = `locals {\n${lines.join('\n')}\n}\n`;
      const f = read(text);
      const newKey = `${names[rnd(names.length)]}_new`;
      const newValue = String(rnd(1000));
      const insert = rnd(2) === 1;
      let edit: TextEdit | undefined;
      if (insert) {
        const p = entryInsertion(text, blockContainer(block(f)), '${name}', '"${value}"');
        edit = insertionFor(p!, { name: newKey, value: newValue });
      } else {
        const attrs = block(f).body.attributes.filter((x) => x.value.kind !== 'object');
        const a = attrs[rnd(attrs.length)]!;
        edit = scalarReplacement(text, a.value.span, newValue, { embed: 'hcl', quote: rnd(2) === 1 });
      }
      const out = apply(text, edit);
      // Bytes outside the edit are the same, but for the padding before other lines' `=`.
      const squash = (s: string) => s.replace(/ +=/g, ' =');
      const main = edit!;
      const delta = (main.also ?? []).reduce((n, e) => n + e.newText.length - (e.span.end - e.span.start), 0);
      assert.equal(squash(out.slice(0, main.span.start + delta)), squash(text.slice(0, main.span.start)));
      const tail = text.length - main.span.end;
      assert.equal(out.slice(out.length - tail), text.slice(main.span.end));
      for (const e of main.also ?? []) assert.match(e.newText, /^ +$/);
      const g = read(out);
      if (insert) assert.equal(literalString(attr(block(g).body, newKey)?.value), newValue);
      else {
        const changed = block(g).body.attributes.find(
          (x) =>
            out.slice(x.value.span.start).startsWith(main.newText) && x.value.span.start === main.span.start,
        );
        assert.ok(changed);
        assert.equal(
          literalString(changed.value) ??
            (changed.value.kind === 'number' ? String(changed.value.value) : undefined),
          newValue,
        );
      }
      assertAligned(out);
    }
  });
});
