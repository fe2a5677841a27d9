/**
 * tree-sitter's HCL tree to the located model of `ast.ts`. Never throws; nesting deeper than
 * `MAX_DEPTH` and more than `MAX_NODES` expression nodes read as `other` (bounded work).
 */
import type { Node } from 'web-tree-sitter';
import type { Span } from '../model';
import type {
  HclAttribute,
  HclBlock,
  HclBody,
  HclExpr,
  HclFile,
  HclObjectItem,
  LiteralPart,
  TemplatePart,
  Traversal,
} from './ast';

const MAX_DEPTH = 64;
const MAX_NODES = 500_000;

interface Ctx {
  text: string;
  nodes: number;
  comments: Span[];
}

const spanOf = (n: Node): Span => ({ start: n.startIndex, end: n.endIndex });

export function readHclTree(root: Node, text: string): HclFile {
  const ctx: Ctx = { text, nodes: 0, comments: [] };
  const errors: HclFile['errors'] = [];
  if (root.hasError) collectErrors(root, errors, 0);
  let body: HclBody = { attributes: [], blocks: [] };
  for (const c of root.children) {
    if (!c) continue;
    if (c.type === 'body') body = hoist(readBody(c, ctx, 0));
    else if (c.type === 'comment') ctx.comments.push(spanOf(c));
  }
  return { body, errors, comments: ctx.comments };
}

/** Block types that exist only at the top level of a Terraform file. */
const TOP_LEVEL = new Set([
  'resource',
  'data',
  'module',
  'locals',
  'variable',
  'output',
  'provider',
  'terraform',
]);

/**
 * Error recovery can nest the blocks after an unclosed block inside it (a missing value eats the
 * block's `}`): such top-level blocks are moved back to the top level, after the unclosed one.
 */
function hoist(body: HclBody): HclBody {
  const blocks: HclBlock[] = [];
  const visit = (b: HclBlock, depth: number) => {
    if (!b.unclosed || depth > MAX_DEPTH) return;
    const keep: HclBlock[] = [];
    for (const inner of b.body.blocks) {
      if (TOP_LEVEL.has(inner.type)) {
        blocks.push(inner);
        visit(inner, depth + 1);
      } else keep.push(inner);
    }
    b.body.blocks = keep;
  };
  for (const b of body.blocks) {
    blocks.push(b);
    visit(b, 0);
  }
  return { attributes: body.attributes, blocks };
}

function collectErrors(n: Node, out: HclFile['errors'], depth: number): void {
  if (out.length >= 100 || depth > 256) return;
  if (n.isMissing) {
    out.push({ span: spanOf(n), message: `HCL syntax error: missing ${describe(n.type)}` });
    return;
  }
  if (n.isError) {
    out.push({ span: spanOf(n), message: 'HCL syntax error: unexpected text' });
    return;
  }
  for (const c of n.children) if (c && (c.hasError || c.isMissing)) collectErrors(c, out, depth + 1);
}

function describe(type: string): string {
  const names: Record<string, string> = {
    quoted_template_end: 'closing "',
    block_end: '}',
    object_end: '}',
    tuple_end: ']',
    template_interpolation_end: '}',
    heredoc_identifier: 'heredoc end marker',
  };
  return names[type] ?? (/^[A-Za-z_]+$/.test(type) ? type.replace(/_/g, ' ') : `'${type}'`);
}

function readBody(n: Node, ctx: Ctx, depth: number): HclBody {
  const body: HclBody = { attributes: [], blocks: [] };
  for (const c of n.children) {
    if (!c) continue;
    if (c.type === 'attribute') {
      const a = readAttribute(c, ctx, depth);
      if (a) body.attributes.push(a);
    } else if (c.type === 'block') {
      const b = readBlock(c, ctx, depth);
      if (b) body.blocks.push(b);
    } else if (c.type === 'comment') ctx.comments.push(spanOf(c));
  }
  return body;
}

function readAttribute(n: Node, ctx: Ctx, depth: number): HclAttribute | undefined {
  let name: Node | undefined;
  let value: HclExpr | undefined;
  for (const c of n.children) {
    if (!c) continue;
    if (c.type === 'identifier' && !name) name = c;
    else if (c.type === 'expression') value = readExpr(c, ctx, depth + 1);
    else if (c.type === 'comment') ctx.comments.push(spanOf(c));
  }
  if (!name) return undefined;
  return {
    name: name.text,
    nameSpan: spanOf(name),
    value: value ?? { kind: 'other', what: 'missing value', span: { start: n.endIndex, end: n.endIndex } },
    span: spanOf(n),
  };
}

function readBlock(n: Node, ctx: Ctx, depth: number): HclBlock | undefined {
  let type: Node | undefined;
  const labels: HclBlock['labels'] = [];
  let body: HclBody = { attributes: [], blocks: [] };
  let open = n.endIndex;
  let close = n.endIndex;
  let unclosed = !n.children.some((c) => c?.type === 'block_end');
  for (const c of n.children) {
    if (!c) continue;
    switch (c.type) {
      case 'identifier':
        if (!type) type = c;
        else labels.push({ value: c.text, span: spanOf(c) });
        break;
      case 'string_lit': {
        const t = readTemplate(c, ctx, depth);
        labels.push({
          value: t.parts.map((p) => (p.kind === 'lit' ? p.text : '')).join(''),
          span: spanOf(c),
        });
        break;
      }
      case 'block_start':
        open = c.endIndex;
        break;
      case 'block_end':
        if (!c.isMissing && !c.hasError) close = c.startIndex;
        else unclosed = true;
        break;
      case 'body':
        if (depth < MAX_DEPTH) body = readBody(c, ctx, depth + 1);
        break;
      case 'comment':
        ctx.comments.push(spanOf(c));
        break;
    }
  }
  if (!type) return undefined;
  const block: HclBlock = {
    type: type.text,
    typeSpan: spanOf(type),
    labels,
    body,
    span: spanOf(n),
    open,
    close,
  };
  if (unclosed) block.unclosed = true;
  return block;
}

function other(n: Node, what = n.type): HclExpr {
  return { kind: 'other', what, span: spanOf(n) };
}

function readExpr(n: Node, ctx: Ctx, depth: number): HclExpr {
  if (++ctx.nodes > MAX_NODES || depth > MAX_DEPTH) return other(n, 'too deep');
  if (n.type !== 'expression') return readPrimary(n, ctx, depth);
  let base: HclExpr | undefined;
  const path: Traversal[] = [];
  for (const c of n.children) {
    if (!c) continue;
    if (c.type === 'comment') {
      ctx.comments.push(spanOf(c));
      continue;
    }
    if (!c.isNamed) continue;
    if (!base) {
      base = c.type === 'expression' ? readExpr(c, ctx, depth + 1) : readPrimary(c, ctx, depth);
      continue;
    }
    if (c.type === 'get_attr') {
      const id = c.namedChildren.find((x) => x?.type === 'identifier');
      if (id && !id.isMissing) path.push({ kind: 'attr', name: id.text, span: spanOf(c) });
      else path.push({ kind: 'splat', span: spanOf(c) });
    } else if (c.type === 'index') {
      const inner = c.namedChildren[0];
      if (inner?.type === 'new_index') {
        const e = inner.namedChildren.find((x) => x?.type === 'expression');
        if (e) path.push({ kind: 'index', expr: readExpr(e, ctx, depth + 1), span: spanOf(c) });
      } else if (inner?.type === 'legacy_index') {
        const k = Number(inner.text.slice(1));
        path.push({
          kind: 'index',
          expr: { kind: 'number', value: k, span: spanOf(inner) },
          span: spanOf(c),
        });
      }
    } else path.push({ kind: 'splat', span: spanOf(c) });
  }
  if (!base) return other(n, 'empty');
  if (!path.length) return { ...base, span: spanOf(n) };
  if (base.kind === 'ref') return { ...base, path: [...base.path, ...path], span: spanOf(n) };
  return { kind: 'traverse', base, path, span: spanOf(n) };
}

function readPrimary(n: Node, ctx: Ctx, depth: number): HclExpr {
  switch (n.type) {
    case 'literal_value': {
      const c = n.namedChildren[0];
      if (!c) return other(n);
      if (c.type === 'numeric_lit') {
        const v = Number(c.text);
        return Number.isFinite(v) ? { kind: 'number', value: v, span: spanOf(n) } : other(n);
      }
      if (c.type === 'bool_lit') return { kind: 'bool', value: c.text === 'true', span: spanOf(n) };
      if (c.type === 'null_lit') return { kind: 'null', span: spanOf(n) };
      if (c.type === 'string_lit') return readTemplate(c, ctx, depth);
      return other(n);
    }
    case 'template_expr': {
      const c = n.namedChildren[0];
      if (!c) return other(n);
      return c.type === 'heredoc_template' ? readHeredoc(c, ctx, depth) : readTemplate(c, ctx, depth);
    }
    case 'collection_value': {
      const c = n.namedChildren[0];
      // A bracket that recovery made up (`x = ` before a `}`): no value was written.
      if (c?.children.some((x) => x && /_(start|end)$/.test(x.type) && (x.isMissing || x.hasError)))
        return other(n, 'syntax error');
      if (c?.type === 'tuple') {
        const items: HclExpr[] = [];
        for (const x of c.namedChildren)
          if (x?.type === 'expression') items.push(readExpr(x, ctx, depth + 1));
        return { kind: 'tuple', items, span: spanOf(n) };
      }
      if (c?.type === 'object') {
        const items: HclObjectItem[] = [];
        for (const x of c.namedChildren) {
          if (x?.type !== 'object_elem') continue;
          const k = x.childForFieldName('key');
          const v = x.childForFieldName('val');
          if (!k) continue;
          const key = readExpr(k, ctx, depth + 1);
          const value = v ? readExpr(v, ctx, depth + 1) : other(x, 'missing value');
          let name: string | undefined;
          if (key.kind === 'ref' && key.path.length === 0) name = key.root;
          else if (key.kind === 'template' && key.parts.every((p) => p.kind === 'lit'))
            name = key.parts.map((p) => (p as LiteralPart).text).join('');
          items.push({ key, name, value, span: spanOf(x) });
        }
        return { kind: 'object', items, span: spanOf(n) };
      }
      return other(n);
    }
    case 'variable_expr':
      return { kind: 'ref', root: n.text, path: [], span: spanOf(n) };
    case 'function_call': {
      const id = n.namedChildren.find((x) => x?.type === 'identifier');
      const argsNode = n.namedChildren.find((x) => x?.type === 'function_arguments');
      const args: HclExpr[] = [];
      let expand = false;
      for (const a of argsNode?.namedChildren ?? []) {
        if (a?.type === 'expression') args.push(readExpr(a, ctx, depth + 1));
        else if (a?.type === 'ellipsis') expand = true;
      }
      return { kind: 'call', name: id?.text ?? '', args, expand, span: spanOf(n) };
    }
    case 'conditional': {
      const parts = n.namedChildren.filter((x) => x?.type === 'expression') as Node[];
      const [t, a, b] = parts;
      if (!t || !a || !b) return other(n);
      return {
        kind: 'cond',
        test: readExpr(t, ctx, depth + 1),
        then: readExpr(a, ctx, depth + 1),
        else: readExpr(b, ctx, depth + 1),
        span: spanOf(n),
      };
    }
    case 'expression':
      return readExpr(n, ctx, depth + 1);
    default:
      return other(n);
  }
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** Unescapes one literal chunk of `text[from, to)` into `out`; `quoted` enables backslash escapes. */
function pushLiteral(
  out: TemplatePart[],
  text: string,
  from: number,
  to: number,
  quoted: boolean,
  skip?: (i: number) => boolean,
): void {
  if (to <= from) return;
  let part = out[out.length - 1];
  if (part?.kind !== 'lit') {
    part = { kind: 'lit', text: '', starts: [], ends: [] };
    out.push(part);
  }
  const lit = part;
  const add = (s: string, a: number, b: number) => {
    for (const ch of s) {
      lit.text += ch;
      for (let k = 0; k < ch.length; k++) {
        lit.starts.push(a);
        lit.ends.push(b);
      }
    }
  };
  let i = from;
  while (i < to) {
    if (skip?.(i)) {
      i++;
      continue;
    }
    const c = text[i] as string;
    if (quoted && c === '\\' && i + 1 < to) {
      const e = text[i + 1] as string;
      if (ESCAPES[e] !== undefined) {
        add(ESCAPES[e] as string, i, i + 2);
        i += 2;
        continue;
      }
      const m = /^(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})/.exec(text.slice(i + 1, Math.min(to, i + 10)));
      if (m) {
        const cp = parseInt(m[0].slice(1), 16);
        add(cp <= 0x10ffff ? String.fromCodePoint(cp) : '\uFFFD', i, i + 1 + m[0].length);
        i += 1 + m[0].length;
        continue;
      }
    }
    if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
      add(c, i, i + 2);
      i += 2;
      continue;
    }
    const cc = text.charCodeAt(i);
    if (cc >= 0xd800 && cc < 0xdc00 && i + 1 < to) {
      add(text.slice(i, i + 2), i, i + 2);
      // `add` pushed both halves with the pair's span; fix them to their own code units.
      lit.ends[lit.ends.length - 2] = i + 1;
      lit.starts[lit.starts.length - 1] = i + 1;
      i += 2;
      continue;
    }
    lit.text += c;
    lit.starts.push(i);
    lit.ends.push(i + 1);
    i++;
  }
}

/** Parts of a template: interpolations and directives, and the text between them as literal text. */
function templateParts(
  n: Node,
  ctx: Ctx,
  depth: number,
  quoted: boolean,
  range: { start: number; end: number },
  skip?: (i: number) => boolean,
): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let at = range.start;
  for (const c of n.children) {
    if (!c || (c.type !== 'template_interpolation' && c.type !== 'template_directive')) continue;
    if (c.startIndex < range.start || c.endIndex > range.end) continue;
    pushLiteral(parts, ctx.text, at, c.startIndex, quoted, skip);
    at = c.endIndex;
    if (c.type === 'template_interpolation') {
      const e = c.namedChildren.find((x) => x?.type === 'expression');
      parts.push({
        kind: 'interp',
        expr: e ? readExpr(e, ctx, depth + 1) : other(c, 'empty interpolation'),
        span: spanOf(c),
      });
    } else parts.push({ kind: 'directive', span: spanOf(c) });
  }
  pushLiteral(parts, ctx.text, at, range.end, quoted, skip);
  return parts;
}

/** Inside the quotes of a quoted template (to the end when the closing quote is missing). */
function quotedRange(n: Node): { start: number; end: number } {
  const open = n.children.find((c) => c?.type === 'quoted_template_start');
  const close = n.children.find((c) => c?.type === 'quoted_template_end');
  const start = open ? open.endIndex : n.startIndex;
  const end = close && !close.isMissing ? close.startIndex : n.endIndex;
  return { start, end: Math.max(start, end) };
}

function readTemplate(n: Node, ctx: Ctx, depth: number): Extract<HclExpr, { kind: 'template' }> {
  return {
    kind: 'template',
    parts: templateParts(n, ctx, depth, true, quotedRange(n)),
    span: spanOf(n),
  };
}

function readHeredoc(n: Node, ctx: Ctx, depth: number): HclExpr {
  const { text } = ctx;
  const start = n.namedChildren.find((x) => x?.type === 'heredoc_start');
  const ids = n.namedChildren.filter((x) => x?.type === 'heredoc_identifier') as Node[];
  const opening = ids[0];
  if (!opening) return other(n, 'heredoc');
  const nl = text.indexOf('\n', opening.endIndex);
  const contentStart = nl < 0 ? n.endIndex : nl + 1;
  const closing = ids.length > 1 ? ids[ids.length - 1] : undefined;
  let contentEnd = n.endIndex;
  if (closing) contentEnd = text.lastIndexOf('\n', closing.startIndex - 1) + 1;
  if (contentEnd < contentStart) contentEnd = contentStart;
  let skip: ((i: number) => boolean) | undefined;
  if (start?.text === '<<-') {
    // Flush heredoc: the smallest indentation of the lines that hold more than whitespace.
    let min = Infinity;
    for (let ls = contentStart; ls < contentEnd;) {
      let le = text.indexOf('\n', ls);
      if (le < 0 || le > contentEnd) le = contentEnd;
      let i = ls;
      while (i < le && (text[i] === ' ' || text[i] === '\t')) i++;
      if (i < le && text[i] !== '\r') min = Math.min(min, i - ls);
      ls = le + 1;
    }
    if (Number.isFinite(min) && min > 0) {
      skip = (i: number) => {
        const c = text[i];
        if (c !== ' ' && c !== '\t') return false;
        return i - (text.lastIndexOf('\n', i - 1) + 1) < min;
      };
    }
  }
  return {
    kind: 'template',
    parts: templateParts(n, ctx, depth, false, { start: contentStart, end: contentEnd }, skip),
    span: spanOf(n),
    heredoc: true,
  };
}
