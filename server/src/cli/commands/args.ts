/**
 * Tiny argv parser shared by the engine subcommands (`max-pods`, `simulate`, `catalog`). Accepts `--flag value` and
 * `--flag=value`; booleans take no value; repeatable flags collect every value. Throws {@link ArgError} only, which
 * callers turn into exit code 2.
 */

/** A usage error: the caller prints it with the usage text and exits 2. */
export class ArgError extends Error {}

/** Flag specification. */
export interface FlagSpec {
  kind: 'bool' | 'value' | 'repeat';
}

/** Parsed flags. */
export interface ParsedArgs {
  bools: Set<string>;
  values: Map<string, string>;
  repeats: Map<string, string[]>;
}

/** Parse `argv` against `spec` (keys are flag names without dashes). */
export function parseArgs(argv: readonly string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const out: ParsedArgs = { bools: new Set(), values: new Map(), repeats: new Map() };
  const args = Array.isArray(argv) ? argv : [];
  for (let i = 0; i < args.length; i++) {
    const a = String(args[i]);
    if (!a.startsWith('--')) throw new ArgError(`unexpected argument "${a}"`);
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
    const inline = eq >= 0 ? a.slice(eq + 1) : undefined;
    const s = spec[name];
    if (!s) throw new ArgError(`unknown option --${name}`);
    if (s.kind === 'bool') {
      if (inline !== undefined) throw new ArgError(`--${name} takes no value`);
      out.bools.add(name);
      continue;
    }
    const v = inline ?? args[++i];
    if (v === undefined || v === '') throw new ArgError(`--${name} needs a value`);
    if (s.kind === 'value') {
      if (out.values.has(name)) throw new ArgError(`--${name} given twice`);
      out.values.set(name, v);
    } else {
      out.repeats.set(name, [...(out.repeats.get(name) ?? []), v]);
    }
  }
  return out;
}

/** A non-negative integer from a flag value (decimal digits only). */
export function parseCount(flag: string, v: string, min = 0): number {
  if (!/^\d{1,9}$/.test(v) || Number(v) < min) {
    throw new ArgError(`--${flag} must be an integer >= ${min} (got "${v}")`);
  }
  return Number(v);
}

/** Right-pad table cells. */
export function table(rows: (string | number)[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, String(c).length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => String(c).padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
