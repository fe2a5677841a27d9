/**
 * Text for edits inside located values: the analysis layer says *what* to write, this module
 * knows how to write it where the value lives (escaping for embedded strings, refusing base64).
 */
import { escapeHclQuoted, escapeTemplate, hclReplacement } from './hcl/edit';
import type { Embedding, InsertionPoint, Span } from './model';

export interface TextEdit {
  span: Span;
  newText: string;
  /**
   * Whitespace-only edits elsewhere in the same file that belong to this one (HCL: the padding
   * before other lines' `=` when a new key is the longest of its chain, as `terraform fmt` pads it).
   * The analysis flattens them into the fix's edits.
   */
  also?: Array<{ span: Span; newText: string }>;
}

/** Escapes `text` for the carrier it is embedded in; undefined when it cannot be edited in place. */
export function encodeFor(embed: Embedding | undefined, text: string): string | undefined {
  switch (embed ?? 'plain') {
    case 'plain':
      return text;
    case 'yaml-double-quoted':
      return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
    case 'yaml-single-quoted':
      return text.includes('\n') ? undefined : text.replace(/'/g, "''");
    case 'hcl':
      return text;
    case 'hcl-quoted':
      return escapeHclQuoted(text);
    case 'hcl-heredoc':
      return escapeTemplate(text);
    case 'base64':
    case 'opaque':
      return undefined;
  }
}

/** An edit that replaces `span` (held in `embed`) by `text`, or undefined when unsafe. */
export function replacementFor(span: Span, text: string, embed?: Embedding): TextEdit | undefined {
  const newText = encodeFor(embed, text);
  return newText === undefined ? undefined : { span, newText };
}

/**
 * An edit that fills an insertion template. HCL templates hold `${eq}` where the new line's `=` goes:
 * it is padded to the chain of aligned lines it joins (`point.align`), and the chain's other lines
 * are re-padded when the new key is the longest (`also`).
 */
export function insertionFor(point: InsertionPoint, vars: Record<string, string>): TextEdit | undefined {
  const filled = point.template.replace(/\$\{(\w+)\}/g, (m, key: string) =>
    key === 'eq' ? m : (vars[key] ?? ''),
  );
  let aligned = filled;
  let also: TextEdit['also'];
  const at = filled.indexOf('${eq}');
  if (at >= 0) {
    const ls = filled.lastIndexOf('\n', at - 1) + 1;
    const lead = [...filled.slice(ls, at)].length + (ls === 0 ? (point.align?.column ?? 0) : 0);
    const chain = point.align?.chain ?? [];
    let longest = lead;
    for (const l of chain) longest = Math.max(longest, l.lead);
    aligned = `${filled.slice(0, at)}${' '.repeat(longest - lead + 1)}=${filled.slice(at + 5)}`;
    const fix = chain
      .filter((l) => l.pad.end - l.pad.start !== longest - l.lead + 1)
      .map((l) => ({ span: { ...l.pad }, newText: ' '.repeat(longest - l.lead + 1) }));
    if (fix.length) also = fix;
  }
  const newText = encodeFor(point.embed, aligned);
  if (newText === undefined) return undefined;
  const edit: TextEdit = { span: { start: point.offset, end: point.offset }, newText };
  if (also) edit.also = also;
  return edit;
}

const PLAIN_SAFE = /^[A-Za-z0-9_./-]+$/;
const YAML_SPECIAL =
  /^(true|false|yes|no|on|off|y|n|null|~|[-+]?[0-9][0-9_.]*(e[-+]?[0-9]+)?|0x[0-9a-f]+|0o[0-7]+)$/i;

/**
 * Replaces the scalar at `span` in `text` with `value`, keeping its quoting style: a quoted
 * scalar stays quoted the same way; a plain one stays plain unless `value` would then read as
 * another type (or `quote` asks for a string), in which case it gets double quotes.
 */
export function scalarReplacement(
  text: string,
  span: Span,
  value: string,
  opts: { embed?: Embedding; quote?: boolean } = {},
): TextEdit | undefined {
  // Values in base64 or opaque carriers have spans covering the carrier: never edit those.
  if (opts.embed === 'base64' || opts.embed === 'opaque') return undefined;
  if (opts.embed === 'hcl') return hclReplacement(text, span, value, { quote: opts.quote });
  const edit = yamlScalarReplacement(text, span, value, opts);
  // Inside an HCL string or heredoc, `${` and `%{` would start a template sequence.
  if (edit && (opts.embed === 'hcl-heredoc' || opts.embed === 'hcl-quoted') && /[$%]\{/.test(edit.newText)) {
    const first = text[span.start];
    // Plain scalars went through `encodeFor`, which escaped them already.
    if (first === '"' || first === '\\' || (first === "'" && opts.embed === 'hcl-heredoc'))
      edit.newText = escapeTemplate(edit.newText);
  }
  return edit;
}

function yamlScalarReplacement(
  text: string,
  span: Span,
  value: string,
  opts: { embed?: Embedding; quote?: boolean },
): TextEdit | undefined {
  const first = text[span.start];
  let scalar: string;
  if (first === '"' || (first === '\\' && text[span.start + 1] === '"')) {
    const q = first === '"' ? '"' : '\\"';
    const inner =
      first === '"'
        ? JSON.stringify(value).slice(1, -1)
        : JSON.stringify(value).slice(1, -1).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    // A JSON string in a single-quoted YAML carrier still needs its quotes doubled.
    return first === '"' && opts.embed === 'yaml-single-quoted'
      ? replacementFor(span, `${q}${inner}${q}`, opts.embed)
      : { span, newText: `${q}${inner}${q}` };
  } else if (first === "'") {
    scalar = `'${value.replace(/'/g, "''")}'`;
    if (opts.embed === 'hcl-quoted') return { span, newText: escapeHclQuoted(scalar) };
    return opts.embed === 'yaml-single-quoted' ? undefined : { span, newText: scalar };
  } else if (PLAIN_SAFE.test(value) && !(opts.quote && YAML_SPECIAL.test(value))) {
    scalar = value;
  } else {
    scalar = JSON.stringify(value);
  }
  return replacementFor(span, scalar, opts.embed);
}
