/**
 * Bounded messages: a finding quotes the values it is about, and a value can be megabytes long (a 4 MB
 * env value, a generated instance type name). Every message leaves the analysis through `boundMessage`,
 * which shortens each long quoted value, each long unbroken run and, last, the message itself; the
 * explanation around the values stays whole. Rules may also call `shown` where they build a message.
 */

/** Longest value kept whole in a message. */
export const MAX_SHOWN = 120;
/** Longest message, whatever it holds. */
export const MAX_MESSAGE = 4000;

/** Cuts at a code-point boundary: never leaves half a surrogate pair. */
function cut(s: string, end: number): string {
  const c = s.charCodeAt(end - 1);
  return s.slice(0, c >= 0xd800 && c <= 0xdbff ? end - 1 : end);
}

/** `value` as shown in a message: whole when short, otherwise its start and end with its length. */
export function shown(value: string, max = MAX_SHOWN): string {
  if (value.length <= max) return value;
  const head = cut(value, Math.floor((max * 2) / 3));
  const tailStart = value.length - Math.floor(max / 6);
  const low = value.charCodeAt(tailStart);
  const tail = value.slice(low >= 0xdc00 && low <= 0xdfff ? tailStart + 1 : tailStart);
  return `${head}…${tail} (${value.length} characters)`;
}

// Quoted values first; code spans and bare runs only when still long after that, so a value quoted
// inside a code span (`NAME: "value"`) is shortened once.
// A quote opens only after the start or a space or opening punctuation and closes only before the end or
// a space, a code-span mark or closing punctuation, so the text *between* two short quoted values ("22" ... "failed")
// is never taken for a value. Literals (so the regular-expression audit sees them) with MAX_SHOWN + 1
// and 2 * MAX_SHOWN + 1 characters inside.
const LONG_DOUBLE = /(?<![^\s([{=:,`'])"([^"\s][^"\n]{119,}[^"\s])"(?![^\s)\]}.,;:`'])/g;
const LONG_BACKTICK = /(?<![^\s([{=:,])`([^`\s][^`\n]{239,}[^`\s])`(?![^\s)\]}.,;:])/g;
const LONG_RUN = /[^\s"`]{241,}/g;

/** The message with every long value in it shortened (linear in its length). */
export function boundMessage(message: string): string {
  if (message.length <= MAX_SHOWN) return message;
  let m = message
    .replace(LONG_DOUBLE, (_all, v: string) => `"${shown(v)}"`)
    .replace(LONG_BACKTICK, (_all, v: string) => `\`${shown(v)}\``)
    .replace(LONG_RUN, (v) => shown(v));
  if (m.length > MAX_MESSAGE) m = `${cut(m, MAX_MESSAGE)}…`;
  return m;
}
