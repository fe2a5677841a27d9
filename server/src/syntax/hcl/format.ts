/**
 * How `terraform fmt` lines up `=`: the few facts of its layout that our edits must respect, read
 * from the text (not from the tree, so that edit builders can use it on any HCL text).
 *
 * hclwrite's formatter (github.com/hashicorp/hcl, `hclwrite/format.go`: `linesForFormat`,
 * `formatCells`) works on "format lines": the tokens up to a newline token, where a heredoc's whole
 * content belongs to the line that opens it. A line is an *assignment line* when a token after its
 * first is `=` and the tokens from that `=` to the end of the line open and close as many brackets
 * as they close (`{ [ ( ${ %{` against `} ] )`): `a = 1`, `key = "v" # note`, `x = <<EOT...EOT`, but
 * not `env = {` nor `})`. Consecutive assignment lines form a chain (a blank line, a comment line or
 * any other line ends it); within a chain every `=` stands one space after the longest lead (the
 * indentation and the key). Object items written with `=` count like attributes; `key: value` items
 * do not.
 */
import type { Span } from '../model';

export interface FormatLine {
  /** Offset of the line's first character, and of its end (its newline, or the end of the text). */
  start: number;
  end: number;
  /** Set for assignment lines. */
  assign?: {
    /** Key (identifier or quoted string) and the whitespace between it and `=`. */
    key: Span;
    pad: Span;
    /** Columns of the indentation and the key (code points). */
    lead: number;
  };
}

const IDENT = /[A-Za-z_][A-Za-z0-9_-]*/y;
const HEREDOC = /<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*(?=\r?\n)/y;

function columns(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

/** End (exclusive) of the quoted string opening at `i`, or the line end when it is not closed there. */
function stringEnd(text: string, i: number, to: number): number {
  let j = i + 1;
  while (j < to) {
    const c = text[j];
    if (c === '\n') return j;
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (c === '"') return j + 1;
    if ((c === '$' || c === '%') && text[j + 1] === c && text[j + 2] === '{') {
      j += 3;
      continue;
    }
    if ((c === '$' || c === '%') && text[j + 1] === '{') {
      j = codeEnd(text, j + 2, to, true);
      if (text[j] === '}') j++;
      continue;
    }
    j++;
  }
  return j;
}

/**
 * Scans code from `i`: to the `}` closing an interpolation (`inInterp`), else to the end of the line.
 * Returns where it stopped; `net` (when given) receives the bracket balance of what it scanned.
 * Heredoc openers are reported through `heredoc`.
 */
function codeEnd(
  text: string,
  i: number,
  to: number,
  inInterp: boolean,
  acc?: { net: number; heredoc?: { id: string; at: number } },
): number {
  let depth = 0;
  let j = i;
  while (j < to) {
    const c = text[j] as string;
    if (c === '\n') return j;
    if (c === '"') {
      j = stringEnd(text, j, to);
      continue;
    }
    if (c === '#' || (c === '/' && text[j + 1] === '/')) {
      const nl = text.indexOf('\n', j);
      return nl < 0 || nl > to ? to : nl;
    }
    if (c === '/' && text[j + 1] === '*') {
      const close = text.indexOf('*/', j + 2);
      j = close < 0 || close + 2 > to ? to : close + 2;
      continue;
    }
    if (c === '<' && text[j + 1] === '<' && acc && !inInterp) {
      HEREDOC.lastIndex = j;
      const m = HEREDOC.exec(text);
      if (m) {
        acc.heredoc = { id: m[1] as string, at: j + m[0].length };
        j += m[0].length;
        continue;
      }
    }
    if (c === '{' || c === '[' || c === '(') {
      depth++;
      if (acc) acc.net++;
    } else if (c === '}' || c === ']' || c === ')') {
      if (inInterp && depth === 0 && c === '}') return j;
      depth--;
      if (acc) acc.net--;
    }
    j++;
  }
  return j;
}

/** End of the line holding `i` (its newline's offset, or `to`). */
function lineEnd(text: string, i: number, to: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 || nl > to ? to : nl;
}

/** The format lines of `text[from, to)`; `from` must be a line start outside any heredoc or string. */
export function formatLines(text: string, from: number, to: number = text.length): FormatLine[] {
  const out: FormatLine[] = [];
  let i = from;
  while (i < to) {
    const start = i;
    let j = i;
    while (j < to && (text[j] === ' ' || text[j] === '\t')) j++;
    let key: Span | undefined;
    if (text[j] === '"') {
      const e = stringEnd(text, j, to);
      if (text[e - 1] === '"' && e > j + 1) key = { start: j, end: e };
    } else {
      IDENT.lastIndex = j;
      const m = IDENT.exec(text);
      if (m) key = { start: j, end: j + m[0].length };
    }
    let assign: FormatLine['assign'];
    const acc: { net: number; heredoc?: { id: string; at: number } } = { net: 0 };
    let stop: number;
    if (key) {
      let k = key.end;
      while (k < to && (text[k] === ' ' || text[k] === '\t')) k++;
      if (text[k] === '=' && text[k + 1] !== '=' && text[k + 1] !== '>') {
        stop = codeEnd(text, k + 1, to, false, acc);
        if (acc.net === 0)
          assign = { key, pad: { start: key.end, end: k }, lead: columns(text, start, key.end) };
      } else stop = codeEnd(text, key.end, to, false, acc);
    } else stop = codeEnd(text, j, to, false, acc);
    let end = lineEnd(text, stop, to);
    if (acc.heredoc) {
      // The heredoc's content belongs to this line, up to and including its end marker's line.
      let ls = end + 1;
      while (ls < to) {
        const le = lineEnd(text, ls, to);
        if (text.slice(ls, le).trim() === acc.heredoc.id) {
          end = le;
          break;
        }
        end = le;
        ls = le + 1;
      }
    }
    out.push(assign ? { start, end, assign } : { start, end });
    i = end + 1;
  }
  return out;
}

/** Index of the format line holding `offset` (the last line when it is past the end). */
export function lineIndexAt(lines: FormatLine[], offset: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lines[mid] as FormatLine).start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The chain of assignment lines around line `index` (empty when that line is not one). */
export function chainAt(lines: FormatLine[], index: number): FormatLine[] {
  if (!lines[index]?.assign) return [];
  let a = index;
  let b = index;
  while (a > 0 && lines[a - 1]?.assign) a--;
  while (b + 1 < lines.length && lines[b + 1]?.assign) b++;
  return lines.slice(a, b + 1);
}

/** Whitespace edits that give every line of `chain` its `=` one space after the longest lead. */
export function realign(
  text: string,
  chain: FormatLine[],
  longest: number,
): Array<{ span: Span; newText: string }> {
  const edits: Array<{ span: Span; newText: string }> = [];
  for (const l of chain) {
    if (!l.assign) continue;
    const want = ' '.repeat(longest - l.assign.lead + 1);
    if (text.slice(l.assign.pad.start, l.assign.pad.end) !== want)
      edits.push({ span: { ...l.assign.pad }, newText: want });
  }
  return edits;
}
