/** The HCL parser (tree-sitter) and the located HCL model (issue 11, parser and model). */
import { strict as assert } from 'node:assert';
import { loadHclParser } from '../../server/src/project/hclRuntime';
import { parseHcl } from '../../server/src/syntax/hcl';

import { attr, literalString, type HclExpr, type HclFile } from '../../server/src/syntax/hcl/ast';

function read(text: string, key?: string): HclFile {
  const f = parseHcl(text, key);
  assert.ok(f, 'parser loaded');
  return f;
}

const slice = (text: string, s: { start: number; end: number }) => text.slice(s.start, s.end);

/** The characters of a literal template mapped back to the file, one by one. */
function mapped(text: string, e: HclExpr | undefined): string {
  assert.ok(e && e.kind === 'template');
  return e.parts
    .map((p) => (p.kind === 'lit' ? p.starts.map((s, i) => text.slice(s, p.ends[i])).join('') : '|'))
    .join('');
}

describe('syntax: HCL parser and located model', () => {
  before(async () => assert.equal(await loadHclParser(), true));

  it('gives UTF-16 spans for blocks, labels, attributes and values (non-ASCII before them)', () => {
    const text = '# é😀\nresource "aws_eks_addon" "ü" {\n  addon_name = "vpc-cni"\n  n = 5\n}\n';
    const f = read(text);
    const b = f.body.blocks[0];
    assert.ok(b);
    assert.equal(b.type, 'resource');
    assert.deepEqual(
      b.labels.map((l) => [l.value, slice(text, l.span)]),
      [
        ['aws_eks_addon', '"aws_eks_addon"'],
        ['ü', '"ü"'],
      ],
    );
    const a = attr(b.body, 'addon_name');
    assert.equal(slice(text, a!.value.span), '"vpc-cni"');
    assert.equal(literalString(a!.value), 'vpc-cni');
    assert.equal(slice(text, attr(b.body, 'n')!.value.span), '5');
    assert.deepEqual(
      f.comments.map((c) => slice(text, c)),
      ['# é😀'],
    );
  });

  it('unescapes quoted strings and maps each character back to its escape', () => {
    const text = 'x = "a\\"b\\n$${c}\\u00e9${var.d}"\n';
    const v = read(text).body.attributes[0]!.value;
    assert.equal(v.kind, 'template');
    const lit = v.kind === 'template' ? v.parts[0] : undefined;
    assert.ok(lit?.kind === 'lit');
    assert.equal(lit.text, 'a"b\n${c}é');
    assert.equal(mapped(text, v), 'a\\"b\\n$${c}\\u00e9|');
    const interp = v.kind === 'template' ? v.parts[1] : undefined;
    assert.ok(interp?.kind === 'interp' && interp.expr.kind === 'ref');
    assert.equal(interp.expr.root, 'var');
  });

  it('strips the common indentation of a <<- heredoc and keeps <<EOT as written', () => {
    const text = 'a = <<-EOT\n    {\n      "k": 1\n\n    }\n    EOT\nb = <<EOT\n  x\nEOT\n';
    const f = read(text);
    assert.equal(literalString(attr(f.body, 'a')?.value), '{\n  "k": 1\n\n}\n');
    assert.equal(literalString(attr(f.body, 'b')?.value), '  x\n');
    // Each kept character maps to its own place in the file.
    const v = attr(f.body, 'a')!.value;
    assert.ok(v.kind === 'template' && v.parts[0]?.kind === 'lit');
    const p = v.parts[0];
    assert.equal(text.slice(p.starts[2]!, p.ends[2]!), ' ');
    assert.equal(p.starts[2], text.indexOf('"k"') - 2);
  });

  it('reads calls, references with traversals, conditionals, objects and tuples', () => {
    const text =
      'v = jsonencode({ env = { "A-B" = [1, true, null] } })\nw = local.a.b[0]\nz = var.x ? "y" : "n"\n';
    const f = read(text);
    const v = attr(f.body, 'v')!.value;
    assert.ok(v.kind === 'call' && v.name === 'jsonencode');
    const obj = v.args[0];
    assert.ok(obj?.kind === 'object');
    assert.equal(obj.items[0]?.name, 'env');
    const inner = obj.items[0]?.value;
    assert.ok(inner?.kind === 'object');
    assert.equal(inner.items[0]?.name, 'A-B');
    assert.equal(inner.items[0]?.value.kind, 'tuple');
    const w = attr(f.body, 'w')!.value;
    assert.ok(w.kind === 'ref');
    assert.deepEqual(
      w.path.map((p) => (p.kind === 'attr' ? p.name : p.kind === 'index' ? p.expr.kind : 'splat')),
      ['a', 'b', 'number'],
    );
    assert.equal(attr(f.body, 'z')!.value.kind, 'cond');
  });

  it('recovers from half-typed input: the blocks after the error are still read, the error is located', () => {
    const text = [
      'resource "aws_eks_addon" "a" {',
      '  addon_version = "v1.18',
      '}',
      '',
      'resource "aws_eks_addon" "b" {',
      '  addon_name = "vpc-cni"',
      '  configuration_values = jsonencode({ env = { WARM_IP_TARGET = } })',
      '}',
      '',
      'resource "aws_eks_addon" "c" {',
      '  addon_name = "vpc-cni"',
      '}',
      '',
    ].join('\n');
    const f = read(text);
    assert.deepEqual(
      f.errors.slice(0, 1).map((e) => [slice(text, e.span), e.message]),
      [['"v1.18', 'HCL syntax error: unterminated string (missing closing ")']],
    );
    assert.ok(f.errors.length > 1, 'the missing value is an error too');
    const labels = f.body.blocks.map((b) => b.labels[1]?.value);
    assert.ok(labels.includes('c'), `blocks read: ${labels.join(',')}`);
    const c = f.body.blocks.find((b) => b.labels[1]?.value === 'c');
    assert.equal(literalString(attr(c?.body, 'addon_name')?.value), 'vpc-cni');
  });

  it('re-parses incrementally to the same model as a fresh parse', () => {
    const base = 'locals {\n  a = "1"\n}\nresource "x" "y" {\n  b = local.a\n}\n';
    read(base, 'file:///inc.tf');
    const edited = base.replace('"1"', '"12"').replace('b = local.a', 'b = local.a\n  c = [1]');
    const incremental = read(edited, 'file:///inc.tf');
    assert.deepEqual(incremental, read(edited));
    assert.deepEqual(read(base, 'file:///inc.tf'), read(base));
  });

  it('never throws on garbage and bounds nesting', () => {
    for (const t of ['{{{{', '"', '<<EOT', 'a = ' + '['.repeat(5000), '\u0000\uffff', 'x = ${']) {
      const f = read(t);
      assert.ok(Array.isArray(f.errors));
    }
  });
});
