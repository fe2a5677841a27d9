/**
 * Text for edits inside located values: the analysis layer says *what* to write, this module
 * knows how to write it where the value lives (escaping for embedded strings, refusing base64).
 */
import type { Embedding, InsertionPoint, Span } from './model';

export interface TextEdit {
  span: Span;
  newText: string;
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

/** An edit that fills an insertion template. */
export function insertionFor(point: InsertionPoint, vars: Record<string, string>): TextEdit | undefined {
  const filled = point.template.replace(/\$\{(\w+)\}/g, (_m, key: string) => vars[key] ?? '');
  const newText = encodeFor(point.embed, filled);
  return newText === undefined ? undefined : { span: { start: point.offset, end: point.offset }, newText };
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
    return opts.embed === 'yaml-single-quoted' ? undefined : { span, newText: scalar };
  } else if (PLAIN_SAFE.test(value) && !(opts.quote && YAML_SPECIAL.test(value))) {
    scalar = value;
  } else {
    scalar = JSON.stringify(value);
  }
  return replacementFor(span, scalar, opts.embed);
}
