/**
 * Insertion points in YAML/JSON maps and sequences, with templates that fit the text around
 * them (indentation of the sibling keys, flow or block style). Offsets and templates are in a
 * view's terms; `View.insertion` adapts them to the carrier (block indentation, newline style,
 * escaping).
 */
import { isMap, isSeq } from 'yaml';
import type { InsertionPoint } from './model';
import type { View } from './view';
import { deref, get, isFlow, mapPairs, rangeOf, seqItems, type YNode } from './yamlUtil';

/** Column of `offset` in `text`. */
function col(text: string, offset: number): number {
  const nl = text.lastIndexOf('\n', offset - 1);
  return offset - (nl + 1);
}

/** Offset just after the line holding the last character before `end`. */
function afterLineOf(text: string, end: number): number {
  let e = end;
  // A block node's range may already end after its newline.
  while (e > 0 && (text[e - 1] === '\n' || text[e - 1] === '\r')) e--;
  const nl = text.indexOf('\n', e);
  return nl < 0 ? text.length : nl + 1;
}

/** End of the content of a block collection (its last item's value or key). */
function blockEnd(node: YNode): number | undefined {
  const n = deref(node);
  if (isMap(n)) {
    const pairs = mapPairs(n);
    const last = pairs[pairs.length - 1];
    if (!last) return rangeOf(n)?.end;
    const v = rangeOf(last.value);
    return Math.max(v?.end ?? 0, rangeOf(last.key)?.end ?? 0);
  }
  return rangeOf(n)?.end;
}

/**
 * Appends `lines` (relative indentation, `\n`-free each) as new entries at the end of a block
 * map, at the indentation of its keys. Undefined for flow maps or empty maps.
 */
export function blockMapAppend(view: View, map: YNode, lines: string[]): InsertionPoint | undefined {
  const m = deref(map);
  if (!isMap(m) || isFlow(m)) return undefined;
  const pairs = mapPairs(m);
  const first = pairs[0];
  const firstKey = rangeOf(first?.key);
  const end = blockEnd(m);
  if (!firstKey || end === undefined) return undefined;
  const text = view.text;
  const indent = ' '.repeat(col(text, firstKey.start));
  const offset = afterLineOf(text, end);
  const needsNl = offset === text.length && text.length > 0 && !text.endsWith('\n');
  const body = lines.map((l) => indent + l).join('\n');
  // At the end of text without a final newline, the new lines go after a line break instead.
  return view.insertion(offset, needsNl ? `\n${body}` : `${body}\n`);
}

/** Appends `entry` (e.g. `"K": "V"`) inside a flow map, before its closing brace. */
export function flowMapAppend(view: View, map: YNode, entry: string): InsertionPoint | undefined {
  const m = deref(map);
  const r = rangeOf(m);
  if (!isMap(m) || !isFlow(m) || !r) return undefined;
  const text = view.text;
  let close = r.end - 1;
  while (close > r.start && text[close] !== '}') close--;
  if (text[close] !== '}') return undefined;
  const pairs = mapPairs(m);
  const last = pairs[pairs.length - 1];
  if (!last) return view.insertion(close, entry);
  const lastEnd = Math.max(rangeOf(last.value)?.end ?? 0, rangeOf(last.key)?.end ?? 0);
  return view.insertion(lastEnd, `, ${entry}`);
}

/** Appends a block sequence item (`lines[0]` gets the `- `) after the last item. */
export function blockSeqAppend(view: View, seq: YNode, lines: string[]): InsertionPoint | undefined {
  const s = deref(seq);
  if (!isSeq(s) || isFlow(s)) return undefined;
  const items = seqItems(s);
  const first = rangeOf(items[0]);
  const last = rangeOf(items[items.length - 1]);
  if (!first || !last) return undefined;
  const text = view.text;
  // Items start after their `- ` marker; find the dash column.
  let dash = first.start - 1;
  while (dash >= 0 && text[dash] === ' ') dash--;
  const dashCol = text[dash] === '-' ? col(text, dash) : Math.max(0, col(text, first.start) - 2);
  const itemCol = col(text, first.start);
  const indent = ' '.repeat(dashCol);
  const inner = ' '.repeat(Math.max(2, itemCol - dashCol));
  const offset = afterLineOf(text, last.end);
  const needsNl = offset === text.length && text.length > 0 && !text.endsWith('\n');
  const body = lines.map((l, i) => (i === 0 ? `${indent}-${inner.slice(1)}${l}` : `${indent}${inner}${l}`));
  return view.insertion(offset, needsNl ? `\n${body.join('\n')}` : `${body.join('\n')}\n`);
}

/**
 * Inserts `leaf` (e.g. `maxPods: ${value}`) at `path` under `root` (a block map), creating
 * the missing intermediate maps: under `spec.kubelet` when it exists, else `kubelet:` +
 * `  maxPods:` under `spec`, and so on. Undefined when a step is not a block map.
 */
export function insertAtPath(
  view: View,
  root: YNode,
  path: string[],
  leaf: string,
): InsertionPoint | undefined {
  let cur = deref(root);
  let i = 0;
  for (; i < path.length; i++) {
    const next = get(cur, path[i] ?? '');
    if (!next) break;
    cur = next;
  }
  if (!isMap(cur)) return undefined;
  const missing = path.slice(i);
  const lines = missing.map((k, depth) => `${'  '.repeat(depth)}${k}:`);
  lines.push(`${'  '.repeat(missing.length)}${leaf}`);
  if (isFlow(cur)) return undefined;
  return blockMapAppend(view, cur, lines);
}
