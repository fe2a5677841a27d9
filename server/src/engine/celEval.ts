/**
 * Integer CEL expressions as used by nodeadm's `spec.kubelet.maxPodsExpression` and Karpenter's CEL `maxPods`,
 * evaluated with `@bufbuild/cel` (standard CEL functions only). Pure; never throws.
 *
 * @module
 */
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
  let out: unknown;
  try {
    out = celLibrary().run(expr, bindings);
  } catch (err) {
    return { ok: false, error: `evaluation failed: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (celLibrary().isCelError(out)) return { ok: false, error: out.message.split('\n')[0] };
  if (typeof out !== 'bigint') {
    const t = typeof out === 'number' ? 'double' : typeof out === 'boolean' ? 'bool' : typeof out;
    return { ok: false, error: `expression must return an int, got ${t}` };
  }
  if (out <= 0n || out > BigInt(MAX_INT32)) {
    return { ok: false, error: `result ${out} is outside (0, ${MAX_INT32}]` };
  }
  return { ok: true, value: Number(out) };
}
