/**
 * An upper bound on the work of evaluating a parsed CEL expression, computed before it runs, in the
 * manner of cel-go's cost estimator (which the Kubernetes API server and nodeadm's evaluator build
 * on): a user's `maxPodsExpression` is evaluated on every keystroke, so an expression whose bound
 * exceeds the budget is not evaluated at all and its value is unknown.
 *
 * The bound tracks, per sub-expression, `weight`: an upper bound on the size of its value (list
 * elements plus string characters, nested lists counted through); steps are charged as the walk
 * goes (one per node, plus the weight of a call's operands, which the call may touch). A comprehension (`map`, `filter`, `all`, `exists`, `exists_one`) runs its step
 * at most `weight(range)` times; its accumulator's weight is followed step by step, so nested macros
 * multiply and growing lists add up. Estimating stops as soon as the cost passes the budget, so the
 * estimate itself costs at most about the budget. Pure; never throws.
 *
 * @module
 */
import type { parse } from '@bufbuild/cel';

type ParsedExpr = ReturnType<typeof parse>;
type Expr = NonNullable<ParsedExpr['expr']>;

/** Evaluation steps a maxPods expression may take (real ones take tens). */
export const CEL_COST_BUDGET = 100_000;

class OverBudget extends Error {}

/**
 * Weight of a call's value from its operands' weights: `+` concatenates, a conditional yields one
 * branch, indexing and conversions yield (part of) their operand; every other standard function
 * returns a scalar (int, bool, double, duration, timestamp).
 */
function resultWeight(fn: string, args: number[]): number {
  switch (fn) {
    case '_+_':
      return args.reduce((a, b) => a + b, 0);
    case '_?_:_':
      return Math.max(args[1] ?? 1, args[2] ?? 1);
    case '_[_]':
    case 'dyn':
    case 'string':
    case 'bytes':
      return args[0] ?? 1;
    default:
      return 1;
  }
}

/** Upper bound on the cost of evaluating `parsed` with the variables' value weights, or undefined when over `budget`. */
export function celCostBound(
  parsed: ParsedExpr,
  varWeights: Record<string, number>,
  budget = CEL_COST_BUDGET,
): number | undefined {
  let spent = 0;
  const charge = (n: number): void => {
    spent += n;
    if (!(spent <= budget)) throw new OverBudget();
  };
  /** Weight of `e`'s value; charges `e`'s own steps (a call also touches its operands once). */
  const walk = (e: Expr | undefined, vars: ReadonlyMap<string, number>): number => {
    charge(1);
    const kind = e?.exprKind;
    switch (kind?.case) {
      case 'constExpr': {
        const c = kind.value.constantKind;
        return c.case === 'stringValue' || c.case === 'bytesValue' ? c.value.length + 1 : 1;
      }
      case 'identExpr':
        return vars.get(kind.value.name) ?? varWeights[kind.value.name] ?? 1;
      case 'selectExpr':
        return walk(kind.value.operand, vars);
      case 'callExpr': {
        const parts = [kind.value.target, ...kind.value.args].filter((x): x is Expr => x !== undefined);
        const weights = parts.map((p) => walk(p, vars));
        // Concatenation, comparison, `in` and `matches` (RE2, linear) touch their operands once.
        charge(weights.reduce((a, b) => a + b, 0));
        return resultWeight(kind.value.function, weights);
      }
      case 'listExpr':
        return kind.value.elements.reduce((w, el) => w + walk(el, vars), 1);
      case 'structExpr':
        return kind.value.entries.reduce(
          (w, entry) =>
            w +
            (entry.keyKind.case === 'mapKey' ? walk(entry.keyKind.value, vars) : 1) +
            walk(entry.value, vars),
          1,
        );
      case 'comprehensionExpr': {
        const c = kind.value;
        const range = walk(c.iterRange, vars);
        let accu = walk(c.accuInit, vars);
        // At most one iteration per element (a list's length or a map's keys is below its weight);
        // each element weighs less than the whole range.
        for (let i = 0; i < range; i++) {
          const inner = new Map(vars);
          inner.set(c.iterVar, range);
          if (c.iterVar2) inner.set(c.iterVar2, range);
          inner.set(c.accuVar, accu);
          walk(c.loopCondition, inner);
          accu = Math.max(accu, walk(c.loopStep, inner));
        }
        return walk(c.result, new Map(vars).set(c.accuVar, accu));
      }
      default:
        return 1;
    }
  };
  try {
    walk(parsed.expr, new Map());
    return spent;
  } catch (err) {
    if (err instanceof OverBudget) return undefined;
    return undefined;
  }
}
