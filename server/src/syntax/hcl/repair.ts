/**
 * Same-length repair of the one half-typed shape tree-sitter's HCL grammar recovers from badly: a
 * quoted string left open at the end of its line (`addon_version = "v1.18` while typing). HCL
 * strings cannot span lines, but the grammar lets the string run on and swallow every block after
 * it. Before parsing, such a string is blanked with spaces up to the end of its line (offsets are
 * unchanged), so only that attribute loses its value; the blanked range is reported as a syntax
 * error, and nothing is read from it.
 *
 * A single linear scan that knows comments, heredocs and `${ }` / `%{ }` nesting; bounded by the
 * text's length.
 */
import type { Span } from '../model';

export function repairUnterminatedStrings(text: string): { text: string; repaired: Span[] } {
  const repaired: Span[] = [];
  // Stack of contexts: 's' = inside a quoted string, a number = brace depth inside an interpolation.
  const stack: Array<'s' | number> = [];
  let outerStart = -1;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (top === 's') {
      if (c === '\\') {
        i += text[i + 1] === '\n' ? 1 : 2;
        continue;
      }
      if (c === '"') {
        stack.pop();
        i++;
        continue;
      }
      if ((c === '$' || c === '%') && text[i + 1] === '{') {
        if (text[i - 1] === c && text[i - 2] !== c) {
          i += 2;
          continue;
        }
        stack.push(0);
        i += 2;
        continue;
      }
      if (c === '\n' || c === '\r') {
        repaired.push({ start: outerStart, end: i });
        stack.length = 0;
        continue;
      }
      i++;
      continue;
    }
    // Code (top level or inside an interpolation).
    if (c === '"') {
      if (!stack.length) outerStart = i;
      stack.push('s');
      i++;
      continue;
    }
    if (typeof top === 'number') {
      if (c === '{') stack[stack.length - 1] = top + 1;
      else if (c === '}') {
        if (top === 0) stack.pop();
        else stack[stack.length - 1] = top - 1;
      }
    }
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const e = text.indexOf('\n', i);
      i = e < 0 ? n : e;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
      continue;
    }
    if (c === '<' && text[i + 1] === '<' && !stack.length) {
      const m = /^<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(text.slice(i, i + 200));
      if (m) {
        const id = m[1] as string;
        let ls = i + m[0].length;
        for (;;) {
          let le = text.indexOf('\n', ls);
          if (le < 0) le = n;
          if (text.slice(ls, le).trim() === id) {
            i = le;
            break;
          }
          if (le >= n) {
            i = n;
            break;
          }
          ls = le + 1;
        }
        continue;
      }
    }
    i++;
  }
  if (stack.includes('s') && outerStart >= 0) repaired.push({ start: outerStart, end: n });
  if (!repaired.length) return { text, repaired };
  let out = '';
  let at = 0;
  for (const r of repaired) {
    out += text.slice(at, r.start) + ' '.repeat(r.end - r.start);
    at = r.end;
  }
  return { text: out + text.slice(at), repaired };
}
