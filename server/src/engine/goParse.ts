/**
 * Go parsing semantics the CNI relies on, reproduced exactly. Pure; never throws.
 *
 * @module
 */

const GO_TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const GO_FALSE = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

/**
 * Go `strconv.ParseBool`: exactly `1 t T TRUE true True` / `0 f F FALSE false False`; anything else (including
 * `yes`, `on`, `" true"`, `""`) is an error → `undefined`.
 */
export function goParseBool(s: unknown): boolean | undefined {
  if (typeof s !== 'string') return undefined;
  if (GO_TRUE.includes(s)) return true;
  if (GO_FALSE.includes(s)) return false;
  return undefined;
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/**
 * Go `strconv.Atoi` on a 64-bit platform: optional `+`/`-`, then one or more ASCII digits, nothing else (no
 * whitespace, no decimals, no underscores, no `0x`); out of int64 range is an error. Error → `undefined`.
 * Values beyond 2^53 lose precision in the returned number (irrelevant for CNI settings).
 */
export function goAtoi(s: unknown): number | undefined {
  if (typeof s !== 'string' || !/^[+-]?[0-9]+$/.test(s)) return undefined;
  const b = BigInt(s);
  if (b > INT64_MAX || b < INT64_MIN) return undefined;
  return Number(b);
}

/**
 * Go string comparison `a <= b` (byte-wise on UTF-8, which orders like code points).
 */
export function goStringLessOrEqual(a: string, b: string): boolean {
  const x = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const y = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] < y[i];
  }
  return x.length <= y.length;
}
