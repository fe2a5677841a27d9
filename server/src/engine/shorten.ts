/**
 * Shortened values: a result, explanation, message or hover quotes the values it is about, and a
 * value can be megabytes long (a 4 MB env value, a generated instance type name). `shown` keeps a
 * short value whole and a long one as its start, its end and its length. Pure; the one
 * implementation used by the engine's explanations and by the analysis (`analysis/messages.ts`).
 */

/** Longest value kept whole. */
export const MAX_SHOWN = 120;

/** Cuts at a code-point boundary: never leaves half a surrogate pair. */
export function cut(s: string, end: number): string {
  const c = s.charCodeAt(end - 1);
  return s.slice(0, c >= 0xd800 && c <= 0xdbff ? end - 1 : end);
}

/** `value` as shown in text: whole when short, otherwise its start and end with its length. */
export function shown(value: string, max = MAX_SHOWN): string {
  if (value.length <= max) return value;
  const head = cut(value, Math.floor((max * 2) / 3));
  const tailStart = value.length - Math.floor(max / 6);
  const low = value.charCodeAt(tailStart);
  const tail = value.slice(low >= 0xdc00 && low <= 0xdfff ? tailStart + 1 : tailStart);
  return `${head}…${tail} (${value.length} characters)`;
}
