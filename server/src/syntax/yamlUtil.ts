/**
 * Helpers over the `yaml` library's node tree, keeping source ranges.
 *
 * Node ranges are offsets into the text that was parsed (a `View`'s text); `located()` and
 * `spanIn()` turn them into file spans. Aliases (`*name`) resolve to their anchored node and
 * merge keys (`<<: *base`) are followed by `get()`, so values written once under an anchor
 * are located where they are written.
 */
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Document,
  type Node,
  type Pair,
  type Scalar,
  type YAMLMap,
} from 'yaml';
import type { Located, ScalarKind, Span } from './model';
import type { View } from './view';

export type YNode = Node | null | undefined;

/** The document aliases are resolved against (set by `withDocument`). */
let currentDoc: Document | undefined;

/** Runs `fn` with `doc` as the document that aliases resolve in. */
export function withDocument<T>(doc: Document, fn: () => T): T {
  const prev = currentDoc;
  currentDoc = doc;
  try {
    return fn();
  } finally {
    currentDoc = prev;
  }
}

/** Follows an alias to its anchored node (one level; alias chains are followed up to 8 times). */
export function deref(node: unknown): YNode {
  let cur = node;
  for (let i = 0; i < 8 && isAlias(cur); i++) {
    if (!currentDoc) return undefined;
    try {
      cur = cur.resolve(currentDoc);
    } catch {
      return undefined;
    }
  }
  return cur && typeof cur === 'object' && !isAlias(cur) ? (cur as Node) : undefined;
}

/** Range of a node in the parsed text (value part, without trailing comments). */
export function rangeOf(node: YNode): Span | undefined {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

/** @deprecated name kept for callers; same as `rangeOf`. */
export const spanOf = rangeOf;

/** File span of `node` through `view`. */
export function spanIn(view: View, node: YNode): Span | undefined {
  const r = rangeOf(node);
  return r ? view.span(r.start, r.end) : undefined;
}

function keyText(key: unknown): string | undefined {
  const k = deref(key);
  if (!isScalar(k)) return undefined;
  return k.value === null || k.value === undefined ? undefined : String(k.value);
}

/** The pair in a map whose key is `key`, following merge keys (`<<`). */
export function pairOf(map: YNode, key: string, depth = 0): Pair<Scalar, YNode> | undefined {
  const m = deref(map);
  if (!isMap(m) || depth > 8) return undefined;
  const items = (m as YAMLMap<unknown, unknown>).items;
  for (const item of items) {
    if (isPair(item) && keyText(item.key) === key) return item as Pair<Scalar, YNode>;
  }
  for (const item of items) {
    if (!isPair(item) || keyText(item.key) !== '<<') continue;
    const v = deref(item.value);
    const sources = isSeq(v) ? v.items : [v];
    for (const s of sources) {
      const found = pairOf(deref(s), key, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

export function get(map: YNode, key: string): YNode {
  return deref(pairOf(map, key)?.value);
}

export function getIn(node: YNode, path: string[]): YNode {
  let cur: YNode = node;
  for (const key of path) {
    cur = get(cur, key);
    if (!cur) return undefined;
  }
  return cur;
}

/** String form of a scalar as Kubernetes/Go would see it, or undefined for non-scalars/null. */
export function scalarText(node: YNode): string | undefined {
  const n = deref(node);
  if (!isScalar(n)) return undefined;
  const v = n.value;
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  // Keep the source spelling of numbers/booleans (`0x1F`, `True`) where we have it.
  if (typeof n.source === 'string' && n.source !== '') return n.source;
  return String(v);
}

export function scalarKind(node: YNode): ScalarKind {
  const n = deref(node);
  if (!isScalar(n)) return 'other';
  const v = n.value;
  if (v === null) return 'null';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  return 'other';
}

/** A scalar's text located in the file through `view`. */
export function located(view: View, node: YNode): Located<string> | undefined {
  const n = deref(node);
  const value = scalarText(n);
  const r = rangeOf(n);
  return value !== undefined && r ? view.located(value, r.start, r.end) : undefined;
}

export function seqItems(node: YNode): Node[] {
  const n = deref(node);
  if (!isSeq(n)) return [];
  const out: Node[] = [];
  for (const i of n.items) {
    const d = deref(i);
    if (d) out.push(d);
  }
  return out;
}

/** Pairs of a map with scalar keys (merge keys excluded), values dereferenced. */
export function mapPairs(node: YNode): Array<{ key: Scalar; value: YNode; pair: Pair<unknown, unknown> }> {
  const n = deref(node);
  if (!isMap(n)) return [];
  const out: Array<{ key: Scalar; value: YNode; pair: Pair<unknown, unknown> }> = [];
  for (const p of (n as YAMLMap<unknown, unknown>).items) {
    if (!isPair(p)) continue;
    const k = deref(p.key);
    if (!isScalar(k) || k.value === '<<') continue;
    out.push({ key: k, value: deref(p.value), pair: p });
  }
  return out;
}

/** Whether the node is a flow collection (`{...}` / `[...]`, JSON). */
export function isFlow(node: YNode): boolean {
  return (node as { flow?: boolean } | undefined)?.flow === true;
}
