/**
 * Where a `# ...` comment line may go so that it applies to the text at an offset without changing what the
 * file means: above the whole logical line. In shell that is above the first line of a command continued
 * with `\` or carried over lines by a quoted argument (the call `units` the readers found); inside a heredoc
 * or a YAML block scalar holding JSON (where `#` is not a comment) it is above the line that opens it; never
 * inside the MIME headers of user data nor above a shebang. Used by suppression comments, both to place
 * them and to match them, so a comment the tool inserts always applies to the finding it was made for.
 *
 * Pure and bounded: every walk stops after `MAX_WALK` lines.
 */
import type { LineTable } from './lines';
import type { Span } from './model';

const MAX_WALK = 2000;
/** A YAML key or sequence entry whose value is a block scalar: `key: |`, `- >-`, `key: |2 # note`. */
const BLOCK_SCALAR_HEADER = /(?:^|[:-]\s*)[|>][+-]?[0-9]?[+-]?\s*(?:#.*)?$/;
const HEREDOC_OPENER = /<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/;

export interface CommentAnchor {
  /** The line the comment applies to (the comment goes on a new line just above it). */
  line: number;
  /** Offset to insert the comment line at. */
  insertAt: number;
  /** Indentation of the anchor line, to repeat on the comment. */
  indent: string;
}

const indentOf = (s: string): number => /^[ \t]*/.exec(s)?.[0].length ?? 0;
const isBlank = (s: string): boolean => s.trim() === '';
const stripBom = (s: string): string => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s);

/** Whether `line` ends with an unescaped `\` (shell line continuation). */
function continues(s: string): boolean {
  let n = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

function firstContentLine(lines: LineTable, from: number): string | undefined {
  for (let l = from; l < lines.count && l < from + MAX_WALK; l++) {
    const s = lines.line(l);
    if (!isBlank(s)) return s;
  }
  return undefined;
}

const holdsJson = (s: string | undefined): boolean => s !== undefined && /^\s*[{[]/.test(s);

/**
 * The opener of the innermost heredoc or YAML block scalar around `line` whose content is JSON, or
 * undefined when `line` is in none.
 */
function jsonContainer(lines: LineTable, line: number): number | undefined {
  let minIndent = isBlank(lines.line(line)) ? Infinity : indentOf(lines.line(line));
  // Lines seen between `l` and `line`: a heredoc opened at `l` is closed before `line` when its word is one.
  const seen = new Set<string>();
  for (let l = line - 1; l >= 0 && l >= line - MAX_WALK; l--) {
    const s = lines.line(l);
    const here = HEREDOC_OPENER.exec(s);
    if (here && !seen.has(here[2] ?? '')) return holdsJson(firstContentLine(lines, l + 1)) ? l : undefined;
    seen.add(s.trim());
    if (isBlank(s)) continue;
    const ind = indentOf(s);
    if (ind < minIndent) {
      if (BLOCK_SCALAR_HEADER.test(s.trimEnd()))
        return holdsJson(firstContentLine(lines, l + 1)) ? l : undefined;
      minIndent = ind;
    }
  }
  return undefined;
}

/** The last line of a MIME header block at the top of the text, or -1 when the text has none. */
function mimeHeaderEnd(lines: LineTable): number {
  if (!/^(MIME-Version|Content-Type):/i.test(stripBom(lines.line(0)))) return -1;
  for (let l = 0; l < lines.count && l < MAX_WALK; l++) if (isBlank(lines.line(l))) return l - 1;
  return lines.count - 1;
}

/**
 * Where a comment applying to the text at `offset` goes; undefined where no comment line can go without
 * changing the file's meaning. `units` are spans that must not be split (multi-line commands).
 */
export function commentAnchor(
  lines: LineTable,
  offset: number,
  units: readonly Span[] = [],
): CommentAnchor | undefined {
  let line = lines.lineAt(Math.max(0, Math.min(offset, lines.text.length)));
  let unit: Span | undefined;
  for (const u of units)
    if (u.start <= offset && offset <= u.end && (!unit || u.start >= unit.start)) unit = u;
  if (unit) line = Math.min(line, lines.lineAt(unit.start));
  for (let guard = 0; guard < 8; guard++) {
    const opener = jsonContainer(lines, line);
    let moved = opener !== undefined && opener < line;
    if (opener !== undefined) line = opener;
    for (let n = 0; line > 0 && n < MAX_WALK && continues(lines.line(line - 1)); n++) {
      line--;
      moved = true;
    }
    if (!moved) break;
  }
  if (line <= mimeHeaderEnd(lines)) return undefined;
  const first = stripBom(lines.line(0));
  if (line === 0 && first.startsWith('#!')) return undefined;
  const text = lines.line(line);
  const bom = line === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
  return { line, insertAt: lines.start(line) + bom, indent: /^[ \t]*/.exec(text.slice(bom))?.[0] ?? '' };
}
