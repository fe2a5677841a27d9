/** Offset ↔ line/character conversion (UTF-16, 0-based), keeping only a line table. */
import type { Span } from './model';

/** Offset ↔ position over a line table, for texts of open and closed documents alike. */
export class LineMap {
  private readonly starts: number[];
  private readonly length: number;
  constructor(text: string) {
    this.length = text.length;
    this.starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; character: number } {
    const o = Math.max(0, Math.min(offset, this.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - (this.starts[lo] ?? 0) };
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
