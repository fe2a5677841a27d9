/**
 * A template file (`templatefile()`, a `.tftpl`) read as an HCL template: its text is parsed as the
 * body of a heredoc (the same template syntax: `${ }`, `%{ }`, `$${` escapes, no backslash escapes),
 * and every offset is moved back to the file's own. Undefined when the parser is not loaded.
 */
import type { Span } from '../model';
import type { TemplatePart } from './ast';
import { parseHclTree, releaseHclTree } from './parser';
import { readHclTree } from './read';

/** Moves every span and literal offset of `parts` by `by` (in place). */
function shift(x: unknown, by: number, depth: number): void {
  if (depth > 200 || x === null || typeof x !== 'object') return;
  if (Array.isArray(x)) {
    for (const i of x) shift(i, by, depth + 1);
    return;
  }
  const o = x as Record<string, unknown>;
  if (o.kind === 'lit' && Array.isArray(o.starts) && Array.isArray(o.ends)) {
    const s = o.starts as number[];
    const e = o.ends as number[];
    for (let i = 0; i < s.length; i++) s[i] = (s[i] ?? 0) + by;
    for (let i = 0; i < e.length; i++) e[i] = (e[i] ?? 0) + by;
    return;
  }
  if (typeof o.start === 'number' && typeof o.end === 'number' && Object.keys(o).length === 2) {
    const sp = o as unknown as Span;
    sp.start += by;
    sp.end += by;
    return;
  }
  for (const k of Object.keys(o)) shift(o[k], by, depth + 1);
}

/** The parts of `text` read as a template, with offsets into `text`; undefined when not parsed. */
export function parseTemplateText(text: string): TemplatePart[] | undefined {
  let marker = 'VPC_CNI_LINT_TEMPLATE_END';
  while (text.includes(marker)) marker += '_';
  const head = `t = <<${marker}\n`;
  const addNl = !text.endsWith('\n');
  const wrapped = `${head}${text}${addNl ? '\n' : ''}${marker}\n`;
  const tree = parseHclTree(wrapped);
  if (!tree) return undefined;
  try {
    const file = readHclTree(tree.rootNode, wrapped);
    const v = file.body.attributes[0]?.value;
    if (!v || v.kind !== 'template' || file.body.attributes.length !== 1) return undefined;
    const parts = v.parts;
    shift(parts, -head.length, 0);
    const last = parts[parts.length - 1];
    if (addNl && last?.kind === 'lit' && last.text.endsWith('\n')) {
      last.text = last.text.slice(0, -1);
      last.starts.pop();
      last.ends.pop();
      if (!last.text) parts.pop();
    }
    return parts;
  } catch {
    return undefined;
  } finally {
    releaseHclTree(tree);
  }
}
