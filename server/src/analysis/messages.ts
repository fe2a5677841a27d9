/**
 * Bounded messages and hovers: a finding or a hover quotes the values it is about, and a value can be
 * megabytes long (a 4 MB env value, a generated instance type name). Every message leaves the analysis
 * through `boundMessage`, every hover through `boundHover`: each shortens each long quoted value, each
 * long unbroken run and, last, the text itself; the explanation around the values stays whole. Rules and
 * hovers also call `shown` (engine/shorten.ts) where they quote a value.
 */

import { cut, MAX_SHOWN, shown } from '../engine';

export { MAX_SHOWN, shown };
/** Longest message, whatever it holds. */
export const MAX_MESSAGE = 4000;
/** Longest hover, whatever it holds (the longest we write, with tables of 8 rows, is under 2,000). */
export const MAX_HOVER = 8000;

// Quoted values first; code spans and bare runs only when still long after that, so a value quoted
// inside a code span (`NAME: "value"`) is shortened once.
// A quote opens only after the start or a space or opening punctuation and closes only before the end or
// a space, a code-span mark or closing punctuation, so the text *between* two short quoted values ("22" ... "failed")
// is never taken for a value. Literals (so the regular-expression audit sees them) with MAX_SHOWN + 1
// and 2 * MAX_SHOWN + 1 characters inside.
const LONG_DOUBLE = /(?<![^\s([{=:,`'])"([^"\s][^"\n]{119,}[^"\s])"(?![^\s)\]}.,;:`'])/g;
const LONG_BACKTICK = /(?<![^\s([{=:,])`([^`\s][^`\n]{239,}[^`\s])`(?![^\s)\]}.,;:])/g;
const LONG_RUN = /[^\s"`]{241,}/g;

/** `text` with every long quoted value, code span and unbroken run shortened (linear in its length). */
function shortenValues(text: string): string {
  if (text.length <= MAX_SHOWN) return text;
  return text
    .replace(LONG_DOUBLE, (_all, v: string) => `"${shown(v)}"`)
    .replace(LONG_BACKTICK, (_all, v: string) => `\`${shown(v)}\``)
    .replace(LONG_RUN, (v) => shown(v));
}

/** `text` shortened, then cut at `max` characters. */
function bounded(text: string, max: number): string {
  const m = shortenValues(text);
  return m.length > max ? `${cut(m, max)}…` : m;
}

/** The message with every long value in it shortened (linear in its length). */
export function boundMessage(message: string): string {
  return bounded(message, MAX_MESSAGE);
}

/**
 * A hover's Markdown, whole up to `MAX_HOVER` characters (hovers quote values with `shown`, and quote
 * upstream error texts whole); longer, every long value in it shortened, and capped.
 */
export function boundHover(markdown: string): string {
  return markdown.length <= MAX_HOVER ? markdown : bounded(markdown, MAX_HOVER);
}
