/** Small text helpers shared by the format readers. Offsets are UTF-16 code units. */
import type { Span } from './model';

/** Offset of the start of the line containing `offset`. */
export function lineStartAt(text: string, offset: number): number {
  const i = text.lastIndexOf('\n', Math.max(0, offset - 1));
  return i < 0 ? 0 : i + 1;
}

/** Offset just after the newline ending the line containing `offset` (or text length). */
export function lineEndAfter(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i + 1;
}

/** The whole lines covering `span`, newline included. */
export function wholeLines(text: string, span: Span): Span {
  const end = span.end > span.start && text[span.end - 1] === '\n' ? span.end - 1 : span.end;
  return { start: lineStartAt(text, span.start), end: lineEndAfter(text, end) };
}

/** Leading whitespace of the line containing `offset`. */
export function indentAt(text: string, offset: number): string {
  const start = lineStartAt(text, offset);
  const m = /^[ \t]*/.exec(text.slice(start, start + 200));
  return m ? m[0] : '';
}

/** Column (in UTF-16 units) of `offset` within its line. */
export function columnOf(text: string, offset: number): number {
  return offset - lineStartAt(text, offset);
}

/** The newline convention of the text (`\r\n` when the first line break is CRLF). */
export function newlineOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

/** 0-based line number of `offset`. */
export function lineOf(text: string, offset: number): number {
  let line = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
