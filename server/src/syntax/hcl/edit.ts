/**
 * Writing HCL: the edits quick fixes make in `.tf` files. Minimal and in the style `terraform fmt`
 * produces (`format.ts`): a replaced value keeps its form (a quoted string stays quoted, a bare
 * number stays bare when the new value is one), a new attribute or object item goes after the last
 * one at its indentation with its `=` aligned to the chain it joins, and a new `set { ... }` block of a
 * `helm_release` goes after the last one. Everything outside the edited ranges stays byte-identical;
 * the only edits outside the new text are whitespace before other lines' `=`, where `terraform fmt`
 * would move them too.
 *
 * Templates follow `InsertionPoint`: `${name}` and `${value}` are filled by the caller (`edits.ts`
 * `insertionFor`), `${eq}` stands for the aligned `=`.
 */
import type { InsertionPoint, Span } from '../model';
import type { HclBlock, HclExpr } from './ast';
import { chainAt, formatLines, lineIndexAt, realign, type FormatLine } from './format';

export interface HclTextEdit {
  span: Span;
  newText: string;
  also?: Array<{ span: Span; newText: string }>;
}

/** Escapes text for the inside of an HCL quoted string (Terraform string literal escapes). */
export function escapeHclQuoted(s: string): string {
  let out = '';
  for (const c of s) {
    const code = c.charCodeAt(0);
    if (c === '\\') out += '\\\\';
    else if (c === '"') out += '\\"';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += c;
  }
  return escapeTemplate(out);
}

/** Doubles `${` and `%{` so that a template reads them as literal text. */
export function escapeTemplate(s: string): string {
  return s.replace(/([$%])\{/g, '$1$1{');
}

/** `s` as an HCL quoted string. */
export function hclString(s: string): string {
  return `"${escapeHclQuoted(s)}"`;
}

const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const NUMBER_RE = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/;

/** Whether `s` can be written as a bare object key or attribute name. */
export function isHclIdentifier(s: string): boolean {
  return IDENT_RE.test(s) && !['true', 'false', 'null'].includes(s);
}

let cached: { text: string; lines: FormatLine[] } | undefined;

/** The format lines of a whole file (the last file's are kept: fixes of one analysis share them). */
function fileLines(text: string): FormatLine[] {
  if (cached?.text !== text) cached = { text, lines: formatLines(text, 0) };
  return cached.lines;
}

/**
 * Replaces the HCL expression or key at `span` with `value`: a quoted string stays a quoted string; a
 * bare number, bool or key stays bare when `value` reads as the same kind (and `quote` does not ask for
 * a string). A key whose length changes re-pads its `=` chain. Undefined for anything else (a heredoc,
 * a reference, a function call): the fix would change what the expression means.
 */
export function hclReplacement(
  text: string,
  span: Span,
  value: string,
  opts: { quote?: boolean } = {},
): HclTextEdit | undefined {
  const old = text.slice(span.start, span.end);
  let newText: string;
  if (old.startsWith('"') && old.endsWith('"') && old.length >= 2) newText = hclString(value);
  else if (NUMBER_RE.test(old) || old === 'true' || old === 'false' || old === 'null') {
    const bare = NUMBER_RE.test(value) || value === 'true' || value === 'false';
    newText = bare && !opts.quote ? value : hclString(value);
  } else if (IDENT_RE.test(old)) {
    // Only a key (an attribute name or a bare object key) may be an identifier here.
    newText = isHclIdentifier(value) ? value : hclString(value);
  } else return undefined;
  const edit: HclTextEdit = { span: { ...span }, newText };
  const lines = fileLines(text);
  const i = lineIndexAt(lines, span.start);
  const line = lines[i];
  if (line?.assign && line.assign.key.start === span.start && line.assign.key.end === span.end) {
    const chain = chainAt(lines, i);
    const lead = line.assign.lead - [...old].length + [...newText].length;
    let longest = lead;
    for (const l of chain) if (l !== line && l.assign) longest = Math.max(longest, l.assign.lead);
    const also = realign(
      text,
      chain.map((l) => (l === line && l.assign ? { ...l, assign: { ...l.assign, lead } } : l)),
      longest,
    );
    if (also.length) edit.also = also;
  }
  return edit;
}

/** Column of `offset` (code points since the line start). */
function columnOf(text: string, offset: number): number {
  const ls = text.lastIndexOf('\n', offset - 1) + 1;
  return [...text.slice(ls, offset)].length;
}

function indentOf(text: string, offset: number): string {
  const ls = text.lastIndexOf('\n', offset - 1) + 1;
  let i = ls;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text.slice(ls, i);
}

/** Offset just after the line break ending the line that holds `offset`, or the text's end. */
function afterLine(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** Offset just after the format line holding `offset` (heredoc content included). */
function afterFormatLine(text: string, offset: number): number {
  const lines = fileLines(text);
  const l = lines[lineIndexAt(lines, offset)];
  return l && l.end >= offset ? (l.end < text.length ? l.end + 1 : text.length) : afterLine(text, offset);
}

/** A container of attributes or items: a block body or an object expression. */
export interface HclContainer {
  /** Just inside `{` and of `}`. */
  open: number;
  close: number;
  /** The entries (attributes, object items), in order. */
  items: Array<{ span: Span; key: Span }>;
  /** Nested blocks (a body's), which new attributes go before. */
  blocks?: Span[];
}

export function blockContainer(b: HclBlock): HclContainer {
  return {
    open: b.open,
    close: b.close,
    items: b.body.attributes.map((a) => ({ span: a.span, key: a.nameSpan })),
    blocks: b.body.blocks.map((x) => x.span),
  };
}

/** The container of an object expression, or undefined when `e` is not one (or its braces are odd). */
export function objectContainer(text: string, e: HclExpr): HclContainer | undefined {
  if (e.kind !== 'object') return undefined;
  let open = e.span.start;
  while (open < e.span.end && text[open] !== '{') open++;
  let close = e.span.end - 1;
  while (close > open && text[close] !== '}') close--;
  if (text[open] !== '{' || text[close] !== '}') return undefined;
  return { open: open + 1, close, items: e.items.map((it) => ({ span: it.span, key: it.key.span })) };
}

interface Placement {
  offset: number;
  /** Text before the new entry's line (a line break when it shares the offset's line). */
  before: string;
  indent: string;
  /** Text after the entry (the line break ending its line, or the outer indentation before `}`). */
  after: string;
  /** `, key = value` on the line of a one-line object. */
  inline?: boolean;
}

/** Where a new entry goes in `c`: after the last entry at its indentation (before nested blocks). */
function placement(text: string, c: HclContainer): Placement | undefined {
  const last = c.items[c.items.length - 1];
  const firstBlock = c.blocks?.[0];
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const sameLine = (a: number, b: number) => !text.slice(a, b).includes('\n');
  if (!last) {
    const outer = indentOf(text, c.open - 1);
    if (sameLine(c.open, c.close) && !firstBlock) {
      // `{}` on one line becomes a multi-line container.
      if (text.slice(c.open, c.close).trim() !== '') return undefined;
      return { offset: c.open, before: nl, indent: `${outer}  `, after: `${nl}${outer}` };
    }
    const indent = firstBlock !== undefined ? indentOf(text, firstBlock.start) : `${outer}  `;
    return { offset: afterLine(text, c.open), before: '', indent, after: nl };
  }
  if (sameLine(c.open, c.close)) {
    // `{ a = 1 }`: only objects take a second entry on the same line.
    if (c.blocks) return undefined;
    return { offset: last.span.end, before: ', ', indent: '', after: '', inline: true };
  }
  const indent = indentOf(text, last.key.start);
  if (!sameLine(last.span.end, c.close))
    return { offset: afterFormatLine(text, last.span.end), before: '', indent, after: nl };
  // The `}` follows the last entry on its line.
  return { offset: last.span.end, before: nl, indent, after: '' };
}

/**
 * Where a new entry `key = value` goes in `c`: after the last entry at its indentation, joining that
 * entry's `=` chain; in an empty container on a new line (an object that stays on one line gets
 * `, key = value`). `key` and `value` are template text (`${name}`, `"${value}"`).
 */
export function entryInsertion(
  text: string,
  c: HclContainer,
  key: string,
  value: string,
): InsertionPoint | undefined {
  const p = placement(text, c);
  if (!p) return undefined;
  if (p.inline) return { offset: p.offset, template: `${p.before}${key} = ${value}` };
  return withChain(text, p.offset, `${p.before}${p.indent}${key}\${eq} ${value}${p.after}`);
}

/** An insertion at `offset` whose `${eq}` joins the chains of the format lines around the new line. */
function withChain(text: string, offset: number, template: string): InsertionPoint {
  const lines = fileLines(text);
  const column = columnOf(text, offset);
  let before = -1;
  let after = -1;
  const i = lines.length ? lineIndexAt(lines, offset) : -1;
  if (i >= 0 && column === 0 && !template.startsWith('\n') && !template.startsWith('\r\n')) {
    // A new line between the line ending before `offset` and the one starting there.
    const l = lines[i] as FormatLine;
    if (l.start >= offset) {
      before = i - 1;
      if (l.start === offset) after = i;
    } else {
      before = i;
      if (lines[i + 1]?.start === offset) after = i + 1;
    }
  } else before = i;
  const chain: Array<{ lead: number; pad: Span }> = [];
  const assigns = (from: FormatLine[]) =>
    from.flatMap((l) => (l.assign ? [{ lead: l.assign.lead, pad: { ...l.assign.pad } }] : []));
  if (
    before === i &&
    i >= 0 &&
    (lines[i] as FormatLine).end >= offset &&
    (lines[i] as FormatLine).start < offset
  ) {
    // The new text splits this line: what stays before it is its own line now.
    const l = lines[i] as FormatLine;
    const head = formatLines(text.slice(0, offset), l.start)[0];
    if (head?.assign) {
      chain.push(...assigns(chainAt(lines, i).filter((x) => x.start < l.start)));
      chain.push(...assigns([head]));
    }
  } else {
    const b = lines[before];
    if (b?.assign) chain.push(...assigns(chainAt(lines, before).filter((l) => l.start <= b.start)));
    const a = lines[after];
    if (a?.assign) chain.push(...assigns(chainAt(lines, after).filter((l) => l.start >= a.start)));
  }
  return {
    offset,
    template,
    align: { column, chain },
  };
}

/**
 * The entry at `path` under the object `root` (`jsonencode({...})`'s argument), creating the missing
 * objects: `env = { ... }` inside `{ ... }`. Keys are written bare when they can be, else quoted; a
 * key in an object whose keys are all quoted is quoted too. `leafKey`/`leafValue` are template text.
 */
export function objectPathInsertion(
  text: string,
  root: HclExpr,
  path: string[],
  leafKey: string,
  leafValue: string,
): InsertionPoint | undefined {
  let cur = root;
  let i = 0;
  for (; i < path.length; i++) {
    if (cur.kind !== 'object') return undefined;
    const item = [...cur.items].reverse().find((it) => it.name === path[i]);
    if (!item) break;
    cur = item.value;
  }
  const c = objectContainer(text, cur);
  if (!c || cur.kind !== 'object') return undefined;
  const quoted = cur.items.length > 0 && cur.items.every((it) => text[it.key.span.start] === '"');
  const keyText = (k: string) => (!quoted && isHclIdentifier(k) ? k : hclString(k));
  const missing = path.slice(i);
  if (!missing.length) return entryInsertion(text, c, quoted ? `"${leafKey}"` : leafKey, leafValue);
  const p = placement(text, c);
  if (!p || p.inline) return undefined;
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  // The new objects, one level of two spaces each below the entry's indentation; inner keys are bare.
  const lines: string[] = [];
  missing.forEach((k, depth) => {
    const pad = '  '.repeat(depth);
    const name = depth === 0 ? keyText(k) : isHclIdentifier(k) ? k : hclString(k);
    lines.push(`${pad}${name} = {`);
  });
  lines.push(`${'  '.repeat(missing.length)}${leafKey} = ${leafValue}`);
  for (let depth = missing.length - 1; depth >= 0; depth--) lines.push(`${'  '.repeat(depth)}}`);
  // A multi-line value ends the `=` chain: nothing is aligned.
  return {
    offset: p.offset,
    template: `${p.before}${lines.map((l) => p.indent + l).join(nl)}${p.after}`,
  };
}

/**
 * A new `set { name = "PREFIX${name}" value = "${value}" }` block in a `helm_release`, after its last
 * `set` block (or after its attributes when it has none), at their indentation.
 */
export function setBlockInsertion(
  text: string,
  release: HclBlock,
  prefix: string,
): InsertionPoint | undefined {
  if (release.unclosed) return undefined;
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const sets = release.body.blocks.filter((b) => b.type === 'set');
  const lastSet = sets[sets.length - 1];
  const body = (indent: string) =>
    `${indent}set {${nl}${indent}  name  = "${escapeHclQuoted(prefix)}\${name}"${nl}` +
    `${indent}  value = "\${value}"${nl}${indent}}${nl}`;
  if (lastSet) {
    const indent = indentOf(text, lastSet.span.start);
    // Keep the separation the existing set blocks have (a blank line between them, or none).
    const prev = sets[sets.length - 2];
    const gap = prev && /\n[ \t]*\r?\n/.test(text.slice(prev.span.end, lastSet.span.start)) ? nl : '';
    return { offset: afterLine(text, lastSet.span.end), template: gap + body(indent) };
  }
  const lastAttr = release.body.attributes[release.body.attributes.length - 1];
  if (lastAttr) {
    const indent = indentOf(text, lastAttr.nameSpan.start);
    return { offset: afterFormatLine(text, lastAttr.span.end), template: nl + body(indent) };
  }
  const outer = indentOf(text, release.span.start);
  if (text.slice(release.open, release.close).includes('\n'))
    return { offset: afterLine(text, release.open), template: body(`${outer}  `) };
  return undefined;
}
