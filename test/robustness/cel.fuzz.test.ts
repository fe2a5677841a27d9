/**
 * CEL `maxPodsExpression` is user-controlled and evaluated on every keystroke (issue 17): nested
 * macros multiply work (7 nested `.map`s took 36 s and 3.6 GB; 8 killed the process). The cost is
 * bounded before evaluation; over the bound the value is unknown with a clear message. The fuzz
 * target draws expressions from CEL's grammar (macros, lists, strings, arithmetic, errors).
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { CEL_COST_BUDGET, celCostBound } from '../../server/src/engine/celCost';
import { evalCelInt, MAX_INT32 } from '../../server/src/engine/celEval';
import { parse } from '@bufbuild/cel';

const MiB = 1024 * 1024;
const ten = '[1,2,3,4,5,6,7,8,9,10]';

/** `size(...)` of `depth` nested `.map`s over ten-element lists: 10^(depth+1) elements. */
function nestedMaps(depth: number): string {
  let e = ten;
  for (let i = 0; i < depth; i++) e = `${ten}.map(x${i}, ${e})`;
  return `size(${e})`;
}

function heapGrowth(f: () => void): number {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  f();
  return process.memoryUsage().heapUsed - before;
}

describe('robustness: CEL evaluation is bounded', () => {
  it('nested macros over the budget are unknown, with a clear message, in bounded memory', () => {
    for (const depth of [3, 7, 8, 12]) {
      let r: ReturnType<typeof evalCelInt> | undefined;
      const growth = heapGrowth(() => (r = evalCelInt(nestedMaps(depth), {})));
      assert.deepEqual(r, {
        ok: false,
        error: `expression is too costly to evaluate (more than ${CEL_COST_BUDGET.toLocaleString('en-US')} steps): its value is unknown`,
      });
      assert.ok(growth < 64 * MiB, `depth ${depth}: heap grew ${(growth / MiB).toFixed(0)} MiB`);
    }
  });

  it('real expressions stay well inside the budget and evaluate as before', () => {
    const rows: Array<[string, Record<string, number | string>, number]> = [
      // 3 ENIs x (10 - 1) IPs + 2 = 29 (the m5.large max-pods formula)
      ['enis * (ips - 1) + 2', { enis: 3, ips: 10 }, 29],
      // min(110, 29) written as a conditional
      ['enis * (ips - 1) + 2 > 110 ? 110 : enis * (ips - 1) + 2', { enis: 3, ips: 10 }, 29],
      // size of a 100-element list built by two nested maps: 10 x 10
      [`size(${ten}.map(a, ${ten}).map(l, l.size()))`, {}, 10],
      [`size(${ten}.map(a, ${ten}.map(b, a * b)))`, {}, 10],
    ];
    for (const [expr, vars, want] of rows) {
      assert.deepEqual(evalCelInt(expr, vars), { ok: true, value: want }, expr);
      const bound = celCostBound(parse(expr), { enis: 1, ips: 1 });
      assert.ok(bound !== undefined && bound < CEL_COST_BUDGET, `${expr}: bound ${bound}`);
    }
  });

  it('fuzz: any expression from the grammar returns a result or an error, never throws, in bounded memory', () => {
    const atom = fc.oneof(
      fc.integer({ min: -5, max: 200 }).map(String),
      fc.constantFrom('enis', 'ips', 'name', '"abc"', "'x'", 'true', '1.5', 'null', '[]', '{}'),
    );
    const { expr } = fc.letrec<{ expr: string }>((tie) => ({
      expr: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        atom,
        fc
          .tuple(tie('expr'), fc.constantFrom('+', '-', '*', '/', '%', '==', '<', '&&', '||'), tie('expr'))
          .map(([a, op, b]) => `(${a} ${op} ${b})`),
        fc.array(tie('expr'), { maxLength: 12 }).map((xs) => `[${xs.join(', ')}]`),
        fc
          .tuple(tie('expr'), fc.constantFrom('map', 'filter', 'all', 'exists', 'exists_one'), tie('expr'))
          .map(([l, m, body]) => `${l}.${m}(v, ${body})`),
        fc.tuple(fc.constantFrom('size', 'int', 'string'), tie('expr')).map(([f, a]) => `${f}(${a})`),
        fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
      ),
    }));
    const growth = heapGrowth(() =>
      fc.assert(
        fc.property(fc.oneof(expr, fc.string({ maxLength: 60 })), (e) => {
          const r = evalCelInt(e, { enis: 3, ips: 10, name: 'm5.large' });
          if (r.ok) assert.ok(Number.isInteger(r.value) && r.value > 0 && r.value <= MAX_INT32);
          else assert.equal(typeof r.error, 'string');
        }),
        { numRuns: 400, seed: 17 },
      ),
    );
    assert.ok(growth < 256 * MiB, `heap grew ${(growth / MiB).toFixed(0)} MiB`);
  });
});
