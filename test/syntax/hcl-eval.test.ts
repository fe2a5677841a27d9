/** The HCL evaluator and the module-folder scope (issue 11, step 1). */
import { strict as assert } from 'node:assert';
import { loadHclParser } from '../../server/src/project/hclRuntime';
import {
  HclEvaluator,
  attr,
  knownString,
  moduleScope,
  parseHcl,
  spanIn,
  type EvalOptions,
  type HclValue,
  type ModuleFile,
} from '../../server/src/syntax/hcl';

/** A value as compact plain data: unknowns as `?reason`, strings with holes as `value ?[reason]`. */
function show(v: HclValue): unknown {
  switch (v.kind) {
    case 'unknown':
      return `?${v.reason}`;
    case 'null':
      return null;
    case 'string':
      return v.holes ? `${v.value} ?[${v.holes.map((h) => h.reason).join('; ')}]` : v.value;
    case 'bool':
    case 'number':
      return v.value;
    case 'list': {
      const items = v.items.map(show);
      return v.open ? [...items, `…?${v.open}`] : items;
    }
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const e of v.entries) o[e.key] = show(e.value);
      if (v.open) o['…'] = `?${v.open}`;
      return o;
    }
  }
}

function files(texts: Record<string, string>): ModuleFile[] {
  return Object.entries(texts).map(([file, text]) => {
    const hcl = parseHcl(text);
    assert.ok(hcl, 'parser loaded');
    return { file, text, hcl };
  });
}

/** Evaluates attribute `name` of main.tf's top-level body (or of its `locals`). */
function evalIn(
  texts: Record<string, string>,
  name = 'x',
  opts?: EvalOptions,
): { v: HclValue; ev: HclEvaluator } {
  const fs = files(texts);
  const ev = new HclEvaluator(moduleScope(fs), opts);
  const main = fs.find((f) => f.file === 'main.tf');
  assert.ok(main);
  const a = attr(main.hcl.body, name);
  assert.ok(a, `attribute ${name}`);
  return { v: ev.evaluate(a.value, 'main.tf'), ev };
}

const VARS = [
  'variable "wpt" {',
  '  default = 2',
  '}',
  'variable "cluster" {}',
  'variable "pd" {',
  '  default = false',
  '}',
  'variable "types" {',
  '  default = ["m5.large"]',
  '}',
  '',
].join('\n');

const LOCALS = [
  'locals {',
  '  env  = { ENABLE_PREFIX_DELEGATION = "true", WARM_PREFIX_TARGET = "1" }',
  '  name = "eks-${var.wpt}"',
  '  self = local.self',
  '}',
  '',
].join('\n');

describe('syntax: HCL evaluator', () => {
  before(async () => assert.equal(await loadHclParser(), true));

  it('evaluates the expressions of the table', () => {
    const read = (p: string) =>
      p === './cni.json'
        ? { file: 'cni.json', text: '{"env":{"WARM_IP_TARGET":"5"}}' }
        : p === './values.yaml.tftpl'
          ? { file: 'values.yaml.tftpl', text: 'env:\n  WARM_IP_TARGET: "${warm}"\n  X: ${other}\n' }
          : undefined;
    const rows: Array<[string, string, unknown]> = [
      ['number, bool, null', 'x = [1, 2.5, true, null]', [1, 2.5, true, null]],
      ['escapes and $${ in quoted strings', 'x = "a\\tb $${c}"', 'a\tb ${c}'],
      ['<<- heredoc strips the common indentation', 'x = <<-EOT\n    a\n      b\n    EOT\n', 'a\n  b\n'],
      ['<<EOT heredoc keeps it', 'x = <<EOT\n  a\nEOT\n', '  a\n'],
      ['a number interpolated prints without a decimal point', 'x = "n=${2}"', 'n=2'],
      ['"${x}" alone is x unconverted', 'x = "${[1]}"', [1]],
      ['local through a map key', 'x = local.env.WARM_PREFIX_TARGET', '1'],
      ['local with an index expression', 'x = local.env["ENABLE_PREFIX_DELEGATION"]', 'true'],
      ['var default, interpolated in a local', 'x = local.name', 'eks-2'],
      ['var without a default is unknown', 'x = var.cluster', '?a variable without a default (var.cluster)'],
      [
        'an unknown interpolation leaves a hole with its source text',
        'x = "eks-${var.cluster}"',
        'eks-${var.cluster} ?[a variable without a default (var.cluster)]',
      ],
      ['a cycle is unknown', 'x = local.self', '?a value that refers to itself (local.self)'],
      ['data sources', 'x = data.aws_vpc.this.id', '?a data source read at plan time (data.aws_vpc)'],
      ['module outputs', 'x = module.vpc.private_subnets', '?an output of another module (module.vpc)'],
      [
        'resources',
        'x = aws_eks_cluster.this.name',
        '?a resource attribute known after apply (aws_eks_cluster.this)',
      ],
      ['a known condition picks its branch', 'x = var.pd ? "on" : "off"', 'off'],
      [
        'an unknown condition is unknown',
        'x = var.cluster != "" ? 1 : 2',
        '?a Terraform expression we do not evaluate (operation)',
      ],
      ['unsupported functions are unknown', 'x = upper("a")', '?a function we do not evaluate (upper)'],
      [
        'jsonencode sorts keys, as Terraform does',
        'x = jsonencode({ b = 1, a = ["<"] })',
        '{"a":["\\u003c"],"b":1}',
      ],
      [
        'jsonencode of a partly unknown value is unknown',
        'x = jsonencode({ a = var.cluster })',
        '?a variable without a default (var.cluster)',
      ],
      ['yamlencode', 'x = yamlencode({ env = { A = "1" } })', 'env:\n  A: "1"\n'],
      ['base64encode', 'x = base64encode("hi")', 'aGk='],
      // merge: later arguments win; null arguments are skipped
      ['merge', 'x = merge({ a = 1, b = 1 }, null, { b = 2 })', { a: 1, b: 2 }],
      [
        'merge with an unknown object: earlier keys may be replaced',
        'x = merge({ a = 1 }, var.cluster, { c = 3 })',
        {
          a: '?a variable without a default (var.cluster)',
          c: 3,
          '…': '?a variable without a default (var.cluster)',
        },
      ],
      ['concat', 'x = concat(var.types, ["c5.large"])', ['m5.large', 'c5.large']],
      [
        'concat with an unknown list is open',
        'x = concat(["a"], var.cluster)',
        ['a', '…?a variable without a default (var.cluster)'],
      ],
      ['lookup with a default', 'x = lookup({ a = 1 }, "b", 7)', 7],
      [
        'lookup in an open object is unknown',
        'x = lookup(merge({}, var.cluster), "b", 7)',
        '?a variable without a default (var.cluster)',
      ],
      ['try skips errors', 'x = try(local.env.NOPE, "fallback")', 'fallback'],
      [
        'try stops at an unknown',
        'x = try(var.cluster, "fallback")',
        '?a variable without a default (var.cluster)',
      ],
      ['coalesce skips null and ""', 'x = coalesce(null, "", "v")', 'v'],
      // 10.0.0.0/16 + 8 bits = /24; netnum 3 -> 10.0.3.0/24
      ['cidrsubnet IPv4', 'x = cidrsubnet("10.0.0.0/16", 8, 3)', '10.0.3.0/24'],
      // the host bits of the prefix are dropped: 10.0.77.1/16 is network 10.0.0.0; 4 bits -> /20, netnum 15 -> 10.0.240.0
      ['cidrsubnet masks the prefix', 'x = cidrsubnet("10.0.77.1/16", 4, 15)', '10.0.240.0/20'],
      // 2001:db8::/56 + 8 bits = /64; netnum 1 -> 2001:db8:0:1::/64
      ['cidrsubnet IPv6', 'x = cidrsubnet("2001:db8::/56", 8, 1)', '2001:db8:0:1::/64'],
      [
        'cidrsubnet out of bits is an error',
        'x = cidrsubnet("10.0.0.0/30", 4, 0)',
        '?cidrsubnet: not enough bits to add 4 to /30',
      ],
      [
        'file() reads through the caller',
        'x = file("${path.module}/cni.json")',
        '{"env":{"WARM_IP_TARGET":"5"}}',
      ],
      [
        'file() outside what the caller reads is unknown',
        'x = file("/etc/passwd")',
        '?a file we cannot read here (/etc/passwd)',
      ],
      [
        'templatefile() fills known variables and keeps holes',
        'x = templatefile("${path.module}/values.yaml.tftpl", { warm = 3, other = var.cluster })',
        'env:\n  WARM_IP_TARGET: "3"\n  X: ${other}\n ?[a variable without a default (var.cluster)]',
      ],
      ['tostring / tonumber', 'x = [tostring(5), tonumber("7")]', ['5', 7]],
      ['length', 'x = length(local.env)', 2],
      [
        'for expressions are unknown',
        'x = [for t in var.types : t]',
        '?a Terraform expression we do not evaluate (for expr)',
      ],
      ['splats are unknown', 'x = var.types[*]', '?a splat expression'],
    ];
    for (const [what, text, want] of rows) {
      const { v } = evalIn({ 'main.tf': `${text}\n`, 'variables.tf': VARS, 'locals.tf': LOCALS }, 'x', {
        read,
      });
      assert.deepEqual(show(v), want, what);
    }
  });

  it('values keep the spans of their definition, across files, with the reference that brought them', () => {
    const main = 'x = local.env\ny = var.wpt\n';
    const { v } = evalIn({ 'main.tf': main, 'locals.tf': LOCALS, 'variables.tf': VARS });
    assert.equal(v.kind, 'object');
    const e = v.kind === 'object' ? v.entries.find((x) => x.key === 'WARM_PREFIX_TARGET') : undefined;
    assert.ok(e);
    assert.equal(e.value.at.file, 'locals.tf');
    assert.equal(LOCALS.slice(e.value.at.span.start, e.value.at.span.end), '"1"');
    assert.equal(LOCALS.slice(e.keyAt!.span.start, e.keyAt!.span.end), 'WARM_PREFIX_TARGET');
    // Placed in main.tf: the object came through `local.env`.
    assert.equal(
      main.slice(
        spanIn(v, 'main.tf', { start: 0, end: 0 }).start,
        spanIn(v, 'main.tf', { start: 0, end: 0 }).end,
      ),
      'local.env',
    );
    const y = evalIn({ 'main.tf': main, 'variables.tf': VARS }, 'y').v;
    assert.equal(VARS.slice(y.at.span.start, y.at.span.end), '2');
    assert.equal(y.via && main.slice(y.via.span.start, y.via.span.end), 'var.wpt');
  });

  it('maps every character of a string back to the file, heredoc JSON included', () => {
    const main = 'x = <<-EOT\n    {"env": {"A": "1", "B": "${var.cluster}"}}\n    EOT\n';
    const { v } = evalIn({ 'main.tf': main, 'variables.tf': VARS });
    assert.ok(v.kind === 'string' && v.chars);
    const at = (s: string) => {
      const i = v.value.indexOf(s);
      return main.slice(v.chars!.starts[i], v.chars!.ends[i + s.length - 1]);
    };
    assert.equal(at('"A": "1"'), '"A": "1"');
    assert.equal(at('${var.cluster}'), '${var.cluster}');
    assert.deepEqual(
      v.holes?.map((h) => v.value.slice(h.start, h.end)),
      ['${var.cluster}'],
    );
    assert.equal(knownString(v), undefined, 'a string with a hole is not known');
  });

  it('file() values carry the read file as their origin, with an identity character map', () => {
    const read = () => ({ file: 'file:///w/cni.json', text: '{"a":1}' });
    const { v } = evalIn({ 'main.tf': 'x = file("cni.json")\n' }, 'x', { read });
    assert.ok(v.kind === 'string' && v.literal);
    assert.equal(v.at.file, 'file:///w/cni.json');
    assert.deepEqual(Array.from(v.chars!.starts), [0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('encoders keep the encoded value with its spans', () => {
    const main = 'x = jsonencode({ env = { WARM_IP_TARGET = var.cluster } })\n';
    const { v } = evalIn({ 'main.tf': main, 'variables.tf': VARS });
    assert.equal(v.kind, 'unknown');
    assert.equal(v.encodes?.fn, 'jsonencode');
    assert.deepEqual(show(v.encodes!.value), {
      env: { WARM_IP_TARGET: '?a variable without a default (var.cluster)' },
    });
  });

  it('takes variable values from terraform.tfvars then *.auto.tfvars; another .tfvars makes them unknown', () => {
    const main = 'x = [var.a, var.b, var.c]\n';
    const vars = 'variable "a" { default = 1 }\nvariable "b" { default = 1 }\nvariable "c" { default = 1 }\n';
    const texts = {
      'main.tf': main,
      'variables.tf': vars,
      'terraform.tfvars': 'a = 2\nb = 2\n',
      'z.auto.tfvars': 'b = 3\n',
    };
    assert.deepEqual(show(evalIn(texts).v), [2, 3, 1]);
    const withVarFile = { ...texts, 'prod.tfvars': 'c = 9\n' };
    assert.deepEqual(show(evalIn(withVarFile).v), [
      2,
      3,
      '?a variable that prod.tfvars may set (-var-file) (var.c)',
    ]);
  });

  it('stops at the step budget and at the string bound, with the reason', () => {
    // Each local doubles the previous one: 2^40 characters without the bound.
    const lines = ['locals {', '  l0 = "ab"'];
    for (let i = 1; i <= 40; i++) lines.push(`  l${i} = "\${local.l${i - 1}}\${local.l${i - 1}}"`);
    lines.push('}', 'x = local.l40', '');
    const { v } = evalIn({ 'main.tf': lines.join('\n') }, 'x', { maxString: 10_000 });
    assert.equal(show(v), '?a string too long to evaluate');
    const many = `x = [${Array.from({ length: 2000 }, (_, i) => `[${i}, ${i}]`).join(', ')}]\n`;
    assert.equal(
      show(evalIn({ 'main.tf': many }, 'x', { steps: 500 }).v),
      '?the evaluation bound (too much work)',
    );
  });
});
