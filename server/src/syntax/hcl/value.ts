/**
 * Values of the HCL evaluator (`eval.ts`): plain data, each value with the place it was written
 * (`at`: a file key and a span in that file), so a value read through `var.x` or `local.y` keeps the
 * span of its definition, in whichever file of the module folder that is.
 *
 * - `unknown`: what we do not evaluate (a resource attribute, `var.x` without a default, an
 *   unsupported function, work over the bound), with a reason for messages. No finding may rest on
 *   one. `error` marks what Terraform itself would reject (a missing key): `try()` skips those.
 * - `string`: `chars` maps each character to the file offsets it came from (`starts`/`ends` have one
 *   entry per character plus one: `starts[n]` is where the content ends), in `at.file`, the shape
 *   `View.mapped` takes. Characters that come from an interpolation map to the `${ }`'s span.
 *   `literal` is set when the string is exactly literal text of one HCL string or heredoc, so its
 *   characters are its own source text (unescaped). `holes` are parts whose value is unknown
 *   (an unknown interpolation, a `%{ }` directive): their source text is kept in `value` at the same
 *   length, so `maskTemplate` of `template.ts` reads them as the template layer reads any template.
 *   `encodes` is set on the result of `jsonencode`/`yamlencode`/`base64encode`/`filebase64`: the value
 *   that was encoded, with its own spans (readers read that, not the encoded text).
 * - `list`/`object`: `open` says the collection may hold items or keys we do not know (a `merge`
 *   with an unknown object, a `concat` with an unknown list).
 */
import type { Span } from '../model';

/** Where a value was written: the key of its file (the document URI or path) and its span there. */
export interface Origin {
  file: string;
  span: Span;
}

/** Per-character file offsets of a string (see the module comment). */
export interface CharMap {
  starts: Int32Array;
  ends: Int32Array;
}

export interface Hole {
  /** Offsets into the string's value. */
  start: number;
  end: number;
  reason: string;
}

export interface ObjectEntry {
  key: string;
  /** The key as written (undefined for keys made by functions). */
  keyAt?: Origin;
  value: HclValue;
  /** The whole `key = value` item (the value's origin when there is no item). */
  at: Origin;
}

interface Base {
  at: Origin;
  /**
   * Set on a value read through a reference from another file: the reference (`var.x`) in the file
   * that used it, where findings about the value can be placed.
   */
  via?: Origin;
  /**
   * On the result of `jsonencode`/`yamlencode`/`base64encode`/`filebase64` (a string, or unknown when
   * part of the encoded value is): the value that was encoded, with its own spans.
   */
  encodes?: { fn: string; value: HclValue };
}

export type HclValue =
  | (Base & { kind: 'unknown'; reason: string; error?: boolean })
  | (Base & { kind: 'null' })
  | (Base & { kind: 'bool'; value: boolean })
  | (Base & { kind: 'number'; value: number })
  | (Base & {
      kind: 'string';
      value: string;
      chars?: CharMap;
      literal?: boolean;
      holes?: Hole[];
    })
  | (Base & { kind: 'list'; items: HclValue[]; open?: string })
  | (Base & { kind: 'object'; entries: ObjectEntry[]; open?: string });

export type StringValue = Extract<HclValue, { kind: 'string' }>;
export type ObjectValue = Extract<HclValue, { kind: 'object' }>;
export type ListValue = Extract<HclValue, { kind: 'list' }>;

/** Reasons of values unknown because of our bounds (not of the input). */
export const BUDGET = 'the evaluation bound (too much work)';
export const TOO_LONG = 'a string too long to evaluate';
export const DEEP = 'nesting too deep to evaluate';

export function unknown(at: Origin, reason: string, error?: boolean): HclValue {
  return error ? { kind: 'unknown', reason, at, error } : { kind: 'unknown', reason, at };
}

/** The string when it is wholly known (no holes), else undefined. */
export function knownString(v: HclValue | undefined): string | undefined {
  return v?.kind === 'string' && !v.holes?.length ? v.value : undefined;
}

/** The entry of an object by key (the last one when repeated), else undefined. */
export function entry(v: HclValue | undefined, key: string): ObjectEntry | undefined {
  if (v?.kind !== 'object') return undefined;
  for (let i = v.entries.length - 1; i >= 0; i--) {
    const e = v.entries[i];
    if (e?.key === key) return e;
  }
  return undefined;
}

/** The value of an object's key, else undefined. */
export function get(v: HclValue | undefined, key: string): HclValue | undefined {
  return entry(v, key)?.value;
}

/**
 * Where to place something about `v` in `file`: its own span when it was written there, else the
 * reference that brought it there (`via`), else `fallback` (the nearest enclosing span in `file`).
 */
export function spanIn(v: { at: Origin; via?: Origin }, file: string, fallback: Span): Span {
  if (v.at.file === file) return v.at.span;
  if (v.via?.file === file) return v.via.span;
  return fallback;
}

/** The value as Terraform converts it to a string (`tostring`, interpolation), else undefined. */
export function scalarText(v: HclValue): string | undefined {
  switch (v.kind) {
    case 'string':
      return v.holes?.length ? undefined : v.value;
    case 'bool':
      return v.value ? 'true' : 'false';
    case 'number':
      return numberText(v.value);
    default:
      return undefined;
  }
}

/** Terraform prints whole numbers without a decimal point and others in shortest form. */
export function numberText(n: number): string {
  return Number.isInteger(n) ? BigInt(n).toString() : String(n);
}
