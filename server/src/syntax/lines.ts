/**
 * The line table: where each line starts (UTF-16 offsets, 0-based lines). The one implementation for the
 * whole server: positions of diagnostics (`LineMap`, kept for closed documents, so it holds no text),
 * and line-by-line reading (`LineTable`, which also holds the text: suppression comments, template
 * masking). Built in one pass; every lookup is a binary search or an index.
 */
import type { Span } from './model';

/** Offset ↔ position over a line table, for texts of open and closed documents alike. */
export class LineMap {
  /** Offset of the first character of each line; `starts[0]` is 0. */
  readonly starts: number[];
  /** Length of the text. */
  readonly length: number;
  constructor(text: string) {
    this.length = text.length;
    this.starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  /** Number of lines (a text ending with a line break has an empty last line). */
  get count(): number {
    return this.starts.length;
  }
  /** The line holding `offset` (clamped to the text). */
  lineAt(offset: number): number {
    const o = Math.max(0, Math.min(offset, this.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  /** Offset of the line's first character (the text's length past the last line). */
  start(line: number): number {
    return this.starts[line] ?? this.length;
  }
  /** Offset of the line's `\n` (or the text's length on the last line); a `\r` before it is included. */
  end(line: number): number {
    const next = this.starts[line + 1];
    return next === undefined ? this.length : next - 1;
  }
  position(offset: number): { line: number; character: number } {
    const line = this.lineAt(offset);
    const o = Math.max(0, Math.min(offset, this.length));
    return { line, character: o - (this.starts[line] ?? 0) };
  }
  offset(pos: { line: number; character: number }): number {
    if (pos.line >= this.starts.length) return this.length;
    const start = this.starts[Math.max(0, pos.line)] ?? 0;
    const next = this.starts[pos.line + 1] ?? this.length + 1;
    return Math.min(start + pos.character, next - 1, this.length);
  }
  range(span: Span): {
    start: { line: number; character: number };
    end: { line: number; character: number };
  } {
    return { start: this.position(span.start), end: this.position(span.end) };
  }
}

/** A line table that keeps its text, for reading line by line. */
export class LineTable extends LineMap {
  constructor(readonly text: string) {
    super(text);
  }
  /** The line's text without its line break (`\r\n` or `\n`). */
  line(line: number): string {
    const s = this.start(line);
    let e = this.end(line);
    if (e > s && this.text[e - 1] === '\r') e--;
    return this.text.slice(s, e);
  }
}
