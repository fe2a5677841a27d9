/** Helpers over the `yaml` library's node tree, keeping source ranges. */
import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { Located, ScalarKind, Span } from './model';

export type YNode = Node | null | undefined;

export function spanOf(node: YNode): Span | undefined {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

/** The pair in a map whose key is the scalar `key`. */
export function pairOf(map: YNode, key: string): Pair<Scalar, YNode> | undefined {
  if (!isMap(map)) return undefined;
  for (const item of (map as YAMLMap<unknown, unknown>).items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key)
      return item as Pair<Scalar, YNode>;
  }
  return undefined;
}

export function get(map: YNode, key: string): YNode {
  return pairOf(map, key)?.value ?? undefined;
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
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  // Keep the source spelling of numbers/booleans (`0x1F`, `True`) where we have it.
  if (typeof node.source === 'string' && node.source !== '') return node.source;
  return String(v);
}

export function scalarKind(node: YNode): ScalarKind {
  if (!isScalar(node)) return 'other';
  const v = node.value;
  if (v === null) return 'null';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  return 'other';
}

export function locatedString(node: YNode): Located<string> | undefined {
  const value = scalarText(node);
  const span = spanOf(node);
  return value !== undefined && span ? { value, span } : undefined;
}

export function seqItems(node: YNode): Node[] {
  return isSeq(node) ? (node.items.filter((i) => i && typeof i === 'object') as Node[]) : [];
}

export function mapPairs(node: YNode): Array<Pair<Scalar, YNode>> {
  if (!isMap(node)) return [];
  return (node as YAMLMap<unknown, unknown>).items.filter(
    (p): p is Pair<Scalar, YNode> => isPair(p) && isScalar(p.key),
  );
}
