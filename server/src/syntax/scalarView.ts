/**
 * The content of a YAML string scalar as a `View`, with each decoded character mapped back to
 * its source: block scalars (`|`, `>`: indentation stripped), double-quoted (escape-aware),
 * single-quoted (`''`) and plain multi-line scalars (line folding).
 *
 * The decoding is checked against the `yaml` library's value; when they differ (an exotic
 * case we do not map) the view is opaque: spans cover the whole scalar and edits are refused.
 */
import { isScalar, Scalar } from 'yaml';
import type { Embedding } from './model';
import type { View } from './view';
import type { YNode } from './yamlUtil';

interface Decoded {
  text: string;
  starts: number[];
  ends: number[];
  /** Offset where the content ends (for `starts[text.length]`). */
  end: number;
  indent: string;
}

/** The string content of `node` (a scalar in `parent`'s text) as a view, or undefined. */
export function scalarView(parent: View, node: YNode): View | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  const value = node.value;
  const [start, end] = node.range;
  const carrier = { start, end };
  const t = parent.text;
  let d: Decoded | undefined;
  let embed: Embedding = 'plain';
  let newlinesOk = true;
  try {
    switch (node.type) {
      case Scalar.BLOCK_LITERAL:
      case Scalar.BLOCK_FOLDED:
        d = decodeBlock(t, start, end, node.type === Scalar.BLOCK_FOLDED);
        newlinesOk = node.type === Scalar.BLOCK_LITERAL;
        break;
      case Scalar.QUOTE_DOUBLE:
        d = decodeFlow(t, start + 1, end - 1, 'double');
        embed = 'yaml-double-quoted';
        break;
      case Scalar.QUOTE_SINGLE:
        d = decodeFlow(t, start + 1, end - 1, 'single');
        embed = 'yaml-single-quoted';
        newlinesOk = false;
        break;
      default:
        d = decodeFlow(t, start, end, 'plain');
        newlinesOk = false;
    }
  } catch {
    d = undefined;
  }
  if (!d || d.text !== value) return parent.opaque(value, carrier);
  const starts = Int32Array.from([...d.starts, d.end]);
  const ends = Int32Array.from([...d.ends, d.end]);
  return parent.mapped(d.text, starts, ends, embed, { indent: d.indent, newlinesOk, carrier });
}

/** Literal / folded block scalar starting at its `|` or `>` header. */
function decodeBlock(t: string, start: number, end: number, folded: boolean): Decoded | undefined {
  // Header: indicator, optional chomping/indentation indicators, optional comment.
  const headerEnd = t.indexOf('\n', start);
  if (headerEnd < 0 || headerEnd >= end) {
    return { text: '', starts: [], ends: [], end, indent: '' };
  }
  const header = t
    .slice(start + 1, headerEnd)
    .replace(/\s+#.*$/, '')
    .trim();
  const chomp = header.includes('-') ? 'strip' : header.includes('+') ? 'keep' : 'clip';
  const explicit = /[1-9]/.exec(header);
  // Lines of content.
  const lines: Array<{ s: number; e: number }> = [];
  let p = headerEnd + 1;
  while (p < end) {
    let e = t.indexOf('\n', p);
    if (e < 0 || e >= end) e = end;
    lines.push({ s: p, e });
    p = e + 1;
  }
  // Indentation: explicit indicator is relative to the parent; detect from the first
  // non-empty line instead (checked against the library value afterwards).
  let indent = -1;
  for (const l of lines) {
    const line = t.slice(l.s, l.e).replace(/\r$/, '');
    if (line.trim() === '') continue;
    indent = line.length - line.replace(/^ +/, '').length;
    break;
  }
  if (explicit && indent < 0) return undefined;
  if (indent < 0) indent = 0;
  const text: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const push = (ch: string, s: number, e: number): void => {
    text.push(ch);
    starts.push(s);
    ends.push(e);
  };
  // Collect content lines: [contentStart, contentEnd, newlineAt]
  interface Line {
    cs: number;
    ce: number;
    nlAt: number;
    empty: boolean;
    more: boolean;
  }
  const content: Line[] = [];
  for (const l of lines) {
    let ce = l.e;
    if (ce > l.s && t[ce - 1] === '\r') ce--;
    const raw = t.slice(l.s, ce);
    const empty = raw.trim() === '';
    const cs = empty ? Math.min(l.s + indent, ce) : l.s + indent;
    content.push({ cs, ce, nlAt: l.e, empty, more: !empty && (t[cs] === ' ' || t[cs] === '\t') });
  }
  // Trailing empty lines are handled by chomping.
  let last = content.length - 1;
  while (last >= 0 && content[last]?.empty) last--;
  let contentEnd = end;
  for (let i = 0; i <= last; i++) {
    const line = content[i];
    if (!line) continue;
    for (let k = line.cs; k < line.ce; k++) push(t[k] ?? '', k, k + 1);
    const next = content[i + 1];
    const isLast = i === last;
    if (isLast) {
      contentEnd = line.ce;
      if (chomp !== 'strip' && line.nlAt < end) {
        push('\n', line.ce, line.nlAt + 1);
        contentEnd = line.nlAt + 1;
      } else if (chomp !== 'strip' && line.nlAt >= end) {
        // Content ends at end of input without a newline: the library adds none either.
      }
      break;
    }
    if (!folded || !next) {
      push('\n', line.ce, line.nlAt + 1);
      continue;
    }
    // Folding: a single break between two normal lines becomes a space; breaks before
    // empty lines are dropped in favour of the empty lines' own breaks.
    if (line.empty || line.more) {
      push('\n', line.ce, line.nlAt + 1);
    } else if (next.empty) {
      // The break is dropped; empty lines that follow each contribute "\n"...
      let j = i + 1;
      while (j <= last && content[j]?.empty) j++;
      const after = content[j];
      const moreAfter = after?.more ?? false;
      if (moreAfter) push('\n', line.ce, line.nlAt + 1);
      for (let k = i + 1; k < j; k++) {
        const el = content[k];
        if (el) push('\n', el.ce, el.nlAt + 1);
      }
      i = j - 1;
    } else if (next.more) {
      push('\n', line.ce, line.nlAt + 1);
    } else {
      push(' ', line.ce, line.nlAt + 1);
    }
  }
  if (chomp === 'keep') {
    for (let i = last + 1; i < content.length; i++) {
      const el = content[i];
      if (el && el.nlAt < end) {
        push('\n', el.ce, el.nlAt + 1);
        contentEnd = el.nlAt + 1;
      }
    }
  }
  return { text: text.join(''), starts, ends, end: contentEnd, indent: ' '.repeat(indent) };
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

/** Double-quoted, single-quoted or plain scalar content in `[start, end)`. */
function decodeFlow(t: string, start: number, end: number, style: 'double' | 'single' | 'plain'): Decoded {
  const text: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const push = (ch: string, s: number, e: number): void => {
    text.push(ch);
    starts.push(s);
    ends.push(e);
  };
  let i = start;
  while (i < end) {
    const c = t[i] ?? '';
    if (style === 'double' && c === '\\') {
      const n = t[i + 1] ?? '';
      if (n === '\n' || (n === '\r' && t[i + 2] === '\n')) {
        // Escaped line break: joins lines without a space; leading blanks skipped.
        i += n === '\r' ? 3 : 2;
        while (i < end && (t[i] === ' ' || t[i] === '\t')) i++;
        continue;
      }
      const hexLen = n === 'x' ? 2 : n === 'u' ? 4 : n === 'U' ? 8 : 0;
      if (hexLen) {
        const code = Number.parseInt(t.slice(i + 2, i + 2 + hexLen), 16);
        const ch = String.fromCodePoint(Number.isFinite(code) ? code : 0xfffd);
        for (const unit of ch.split('')) push(unit, i, i + 2 + hexLen);
        i += 2 + hexLen;
        continue;
      }
      push(ESCAPES[n] ?? n, i, i + 2);
      i += 2;
      continue;
    }
    if (style === 'single' && c === "'" && t[i + 1] === "'") {
      push("'", i, i + 2);
      i += 2;
      continue;
    }
    if (c === '\n' || (c === '\r' && t[i + 1] === '\n')) {
      // Line folding: trailing blanks of the line are dropped, then one space, or one "\n"
      // per empty line that follows; leading blanks of the next line are skipped.
      while (text.length && (text[text.length - 1] === ' ' || text[text.length - 1] === '\t')) {
        const s = starts[starts.length - 1] ?? 0;
        // Escaped blanks (`\t`, `\ `) are content and stay.
        if (t[s] === '\\') break;
        text.pop();
        starts.pop();
        ends.pop();
      }
      const breakAt = i;
      i += c === '\r' ? 2 : 1;
      let empties = 0;
      for (;;) {
        let k = i;
        while (k < end && (t[k] === ' ' || t[k] === '\t')) k++;
        if (k < end && (t[k] === '\n' || (t[k] === '\r' && t[k + 1] === '\n'))) {
          push('\n', k, k + (t[k] === '\r' ? 2 : 1));
          empties++;
          i = k + (t[k] === '\r' ? 2 : 1);
          continue;
        }
        i = k;
        break;
      }
      if (!empties) push(' ', breakAt, i);
      continue;
    }
    push(c, i, i + 1);
    i++;
  }
  return { text: text.join(''), starts, ends, end, indent: '' };
}
