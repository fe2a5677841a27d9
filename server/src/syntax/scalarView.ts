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
  /** Source start / end of each decoded character, plus the content end at `[text.length]`. */
  starts: Int32Array;
  ends: Int32Array;
  indent: string;
}

/** Accumulates decoded text with the source range of every character. */
class Builder {
  private parts: string[] = [];
  private s: Int32Array;
  private e: Int32Array;
  length = 0;
  /** `capacity`: expected decoded length (decoded text is never longer than its source). */
  constructor(
    private readonly src: string,
    capacity = 63,
  ) {
    this.s = new Int32Array(capacity + 1);
    this.e = new Int32Array(capacity + 1);
  }
  private grow(n: number): void {
    if (this.length + n + 1 <= this.s.length) return;
    let cap = this.s.length * 2;
    while (cap < this.length + n + 1) cap *= 2;
    const s = new Int32Array(cap);
    const e = new Int32Array(cap);
    s.set(this.s.subarray(0, this.length));
    e.set(this.e.subarray(0, this.length));
    this.s = s;
    this.e = e;
  }
  /** Copies `src[from, to)` verbatim. */
  copy(from: number, to: number): void {
    if (to <= from) return;
    this.grow(to - from);
    this.parts.push(this.src.slice(from, to));
    for (let k = from; k < to; k++) {
      this.s[this.length] = k;
      this.e[this.length] = k + 1;
      this.length++;
    }
  }
  /** Adds decoded text `ch` (one or more UTF-16 units) that comes from `src[from, to)`. */
  add(ch: string, from: number, to: number): void {
    this.grow(ch.length);
    this.parts.push(ch);
    for (let k = 0; k < ch.length; k++) {
      this.s[this.length] = from;
      this.e[this.length] = to;
      this.length++;
    }
  }
  lastChar(): string {
    const last = this.parts[this.parts.length - 1] ?? '';
    return last[last.length - 1] ?? '';
  }
  lastStart(): number {
    return this.length ? (this.s[this.length - 1] ?? 0) : -1;
  }
  pop(): void {
    const last = this.parts[this.parts.length - 1];
    if (last === undefined || !this.length) return;
    if (last.length <= 1) this.parts.pop();
    else this.parts[this.parts.length - 1] = last.slice(0, -1);
    this.length--;
  }
  done(end: number, indent: string): Decoded {
    this.grow(0);
    this.s[this.length] = end;
    this.e[this.length] = end;
    return {
      text: this.parts.join(''),
      // Windows, not copies: the builder is dropped after this.
      starts: this.s.subarray(0, this.length + 1),
      ends: this.e.subarray(0, this.length + 1),
      indent,
    };
  }
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
  return parent.mapped(d.text, d.starts, d.ends, embed, { indent: d.indent, newlinesOk, carrier });
}

/** Literal / folded block scalar starting at its `|` or `>` header. */
function decodeBlock(t: string, start: number, end: number, folded: boolean): Decoded | undefined {
  // Header: indicator, optional chomping/indentation indicators, optional comment.
  const headerEnd = t.indexOf('\n', start);
  if (headerEnd < 0 || headerEnd >= end) return new Builder(t, 0).done(end, '');
  // A comment starts at a `#` after white space (`/\s+#.*$/` backtracked quadratically on blanks).
  let header = t.slice(start + 1, headerEnd);
  const comment = header.search(/\s#/);
  if (comment >= 0) header = header.slice(0, comment);
  header = header.trim();
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
  const b = new Builder(t, end - start);
  const push = (ch: string, s: number, e: number): void => b.add(ch, s, e);
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
    b.copy(line.cs, line.ce);
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
  return b.done(contentEnd, ' '.repeat(indent));
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
  const b = new Builder(t, Math.max(0, end - start));
  const push = (ch: string, s: number, e: number): void => b.add(ch, s, e);
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
        const ch = String.fromCodePoint(Number.isFinite(code) && code <= 0x10ffff ? code : 0xfffd);
        push(ch, i, i + 2 + hexLen);
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
      while (b.length && (b.lastChar() === ' ' || b.lastChar() === '\t')) {
        // Escaped blanks (`\t`, `\ `) are content and stay.
        if (t[b.lastStart()] === '\\') break;
        b.pop();
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
    // Copy a run of ordinary characters at once.
    let j = i + 1;
    while (j < end) {
      const d = t[j];
      if (d === '\\' || d === "'" || d === '\n' || d === '\r') break;
      j++;
    }
    b.copy(i, j);
    i = j;
  }
  return b.done(end, '');
}
