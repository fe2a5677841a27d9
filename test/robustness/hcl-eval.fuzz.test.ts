/**
 * The HCL evaluator on random and hostile expressions (issue 11, step 1): it never throws and always
 * finishes within its step budget, in bounded time, whatever the module's locals do.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { loadHclParser } from '../../server/src/project/hclRuntime';
import { HclEvaluator, moduleScope, parseHcl, type HclValue } from '../../server/src/syntax/hcl';

const FUNCS = [
  'jsonencode',
  'yamlencode',
  'base64encode',
  'merge',
  'concat',
  'lookup',
  'try',
  'can',
  'coalesce',
  'cidrsubnet',
  'tostring',
  'tonumber',
  'length',
  'file',
  'templatefile',
  'upper',
];

/** Expressions from the HCL grammar, referring to locals l0..l4 (which refer to each other). */
const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('1', '-2.5', 'true', 'null', '"a"', '""', '"10.0.0.0/16"', '8', '"__proto__"'),
    fc.constantFrom('local.l0', 'local.l1', 'local.l2', 'local.l3', 'local.l4', 'var.v', 'var.nodefault'),
    fc.constantFrom('data.x.y.z', 'module.m.o', 'each.value', 'path.module', 'aws_x.y[0].id'),
    tie('e').map((x) => `"pre-\${${x}}-post"`),
    tie('e').map((x) => `<<-EOT\n  \${${x}}\n  %{ if true }y%{ endif }\n  EOT\n`),
    fc.array(tie('e'), { maxLength: 4 }).map((xs) => `[${xs.join(', ')}]`),
    fc
      .array(fc.tuple(fc.constantFrom('a', 'b', '"__proto__"', 'constructor', '"k-1"'), tie('e')), {
        maxLength: 4,
      })
      .map((kv) => `{ ${kv.map(([k, v]) => `${k} = ${v}`).join(', ')} }`),
    fc
      .tuple(fc.constantFrom(...FUNCS), fc.array(tie('e'), { maxLength: 3 }))
      .map(([f, xs]) => `${f}(${xs.join(', ')})`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([a, b, c]) => `${a} ? ${b} : ${c}`),
    tie('e').map((x) => `(${x}).a[0]`),
    tie('e').map((x) => `[for i in ${x} : i]`),
  ),
})).e;

function check(locals: string[], x: string): HclValue {
  const main = `locals {\n${locals.map((l, i) => `  l${i} = ${l}`).join('\n')}\n}\nx = ${x}\n`;
  const vars = 'variable "v" {\n  default = { a = [1, "x"] }\n}\nvariable "nodefault" {}\n';
  const files = [
    { file: 'main.tf', text: main, hcl: parseHcl(main)! },
    { file: 'variables.tf', text: vars, hcl: parseHcl(vars)! },
  ];
  const ev = new HclEvaluator(moduleScope(files), {
    steps: 20_000,
    maxString: 50_000,
    read: (p) =>
      p.endsWith('.tpl') ? { file: 't.tpl', text: '${x}${templatefile("a.tpl", {x = x})}' } : undefined,
  });
  const a = files[0]!.hcl.body.attributes.find((y) => y.name === 'x');
  assert.ok(a);
  const t0 = Date.now();
  const v = ev.evaluate(a.value, 'main.tf');
  assert.ok(Date.now() - t0 < 5000, `slow: ${x}`);
  // The catch-all of `evaluate` is for bugs: no expression may reach it.
  assert.notEqual(v.kind === 'unknown' && v.reason, 'an expression we could not evaluate', x);
  return v;
}

describe('robustness: the HCL evaluator is bounded', () => {
  before(async () => assert.equal(await loadHclParser(), true));

  it('fuzz: random expressions over mutually referring locals never throw and finish in bounded time', () => {
    fc.assert(
      fc.property(fc.array(expr, { minLength: 5, maxLength: 5 }), expr, (locals, x) => {
        const v = check(locals, x);
        assert.ok(v && typeof v.kind === 'string');
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('hostile shapes: exponential locals, self-including templates, deep nesting, huge lists', () => {
    const doubling = [
      '"ab"',
      '"${local.l0}${local.l0}"',
      '[local.l1, local.l1, local.l1, local.l1]',
      'jsonencode([local.l2, local.l2, local.l2])',
      'merge({a = local.l3}, {b = local.l3})',
    ];
    const rows: Array<[string[], string]> = [
      [doubling, 'yamlencode([local.l4, local.l4, local.l4, local.l4])'],
      [['1', '1', '1', '1', '1'], 'templatefile("x.tpl", { x = "y" })'],
      [['local.l1', 'local.l2', 'local.l3', 'local.l4', 'local.l0'], 'local.l0'],
      [['1', '1', '1', '1', '1'], `${'['.repeat(300)}1${']'.repeat(300)}`],
      [['1', '1', '1', '1', '1'], `[${Array.from({ length: 30_000 }, () => '1').join(',')}]`],
      [['1', '1', '1', '1', '1'], `cidrsubnet("::/0", 128, 1e300)`],
    ];
    for (const [locals, x] of rows) {
      const v = check(locals, x);
      assert.ok(v.kind === 'unknown' || v.kind === 'list' || v.kind === 'string', x.slice(0, 40));
    }
  });
});
