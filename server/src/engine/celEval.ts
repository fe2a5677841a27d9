/**
 * Integer CEL expressions as used by nodeadm's `spec.kubelet.maxPodsExpression` and Karpenter's CEL `maxPods`,
 * evaluated with `@bufbuild/cel` (standard CEL functions only). Pure; never throws.
 *
 * @module
 */
import { CEL_COST_BUDGET, celCostBound } from './celCost';

type CelLibrary = typeof import('@bufbuild/cel');

let cel: CelLibrary | undefined;

/**
 * The CEL library (with protobuf and RE2 behind it) is most of the server bundle's start-up cost
 * and is needed only for `maxPodsExpression`s, so it is loaded on first use. esbuild bundles the
 * `require` and defers the module's initialisation until this call.
 */
function celLibrary(): CelLibrary {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load, see above
  cel ??= require('@bufbuild/cel') as CelLibrary;
  return cel;
}

/** Largest value nodeadm accepts (awslabs/amazon-eks-ami:nodeadm/internal/kubelet/eni_max_pods.go: (0, MaxInt32]). */
export const MAX_INT32 = 2_147_483_647;

/** Outcome of evaluating an integer expression. */
export type CelIntResult = { ok: true; value: number } | { ok: false; error: string };

/**
 * Evaluate `expr` with integer variables; the result must be a CEL `int` in (0, MaxInt32].
 */
export function evalCelInt(expr: unknown, vars: Record<string, number | string>): CelIntResult {
  if (typeof expr !== 'string' || expr.trim() === '') return { ok: false, error: 'expression is empty' };
  if (expr.length > 4096) return { ok: false, error: 'expression is too long' };
  const bindings: Record<string, bigint | string> = {};
  for (const [k, v] of Object.entries(vars)) {
    bindings[k] = typeof v === 'number' ? BigInt(Math.trunc(Number.isFinite(v) ? v : 0)) : v;
  }
  const lib = celLibrary();
  let parsed: ReturnType<CelLibrary['parse']>;
  try {
    parsed = lib.parse(expr);
  } catch (err) {
    return { ok: false, error: `evaluation failed: ${err instanceof Error ? err.message : String(err)}` };
  }
  // Bound the work before running: nested macros multiply (7 nested `.map`s took 36 s and 3.6 GB,
  // 8 exhausted the heap). The evaluator cannot be interrupted, so the bound comes first; with it,
  // evaluation time is bounded too.
  const weights: Record<string, number> = {};
  for (const [k, v] of Object.entries(bindings)) weights[k] = typeof v === 'string' ? v.length + 1 : 1;
  if (celCostBound(parsed, weights) === undefined) {
    return {
      ok: false,
      error: `expression is too costly to evaluate (more than ${CEL_COST_BUDGET.toLocaleString('en-US')} steps): its value is unknown`,
    };
  }
  let out: unknown;
  try {
    out = lib.plan(lib.celEnv(), parsed)(bindings);
  } catch (err) {
    return { ok: false, error: `evaluation failed: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (lib.isCelError(out)) return { ok: false, error: out.message.split('\n')[0] };
  if (typeof out !== 'bigint') {
    const t = typeof out === 'number' ? 'double' : typeof out === 'boolean' ? 'bool' : typeof out;
    return { ok: false, error: `expression must return an int, got ${t}` };
  }
  if (out <= 0n || out > BigInt(MAX_INT32)) {
    return { ok: false, error: `result ${out} is outside (0, ${MAX_INT32}]` };
  }
  return { ok: true, value: Number(out) };
}
