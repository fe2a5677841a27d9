/**
 * The located HCL model: blocks, attributes and expressions with exact offsets (UTF-16, end
 * exclusive) into the file, read from tree-sitter's tree (`read.ts`). Plain data: the tree itself
 * lives in WebAssembly memory and is not kept.
 *
 * Strings (quoted templates and heredocs) are lists of parts: literal text, already unescaped, with
 * the file offset of each character (`starts`/`ends`), and interpolations or directives. A flush
 * heredoc (`<<-EOT`) has its common indentation removed from the literal text as Terraform does
 * (the smallest leading whitespace of the lines that hold anything but whitespace); an interpolation
 * at the start of a line counts as no indentation.
 */
import type { Span } from '../model';

export interface LiteralPart {
  kind: 'lit';
  text: string;
  /** File offset where character i starts / just after it ends. */
  starts: number[];
  ends: number[];
}

export type TemplatePart =
  | LiteralPart
  | { kind: 'interp'; expr: HclExpr; span: Span }
  /** `%{ if }` / `%{ for }`: not evaluated. */
  | { kind: 'directive'; span: Span };

export interface HclObjectItem {
  key: HclExpr;
  /** The key as a name: an identifier or a literal string key. */
  name?: string;
  value: HclExpr;
  span: Span;
}

/** One step after a variable: `.name`, `[expr]`, or a splat (never evaluated). */
export type Traversal =
  | { kind: 'attr'; name: string; span: Span }
  | { kind: 'index'; expr: HclExpr; span: Span }
  | { kind: 'splat'; span: Span };

export type HclExpr =
  | { kind: 'number'; value: number; span: Span }
  | { kind: 'bool'; value: boolean; span: Span }
  | { kind: 'null'; span: Span }
  | { kind: 'template'; parts: TemplatePart[]; span: Span; heredoc?: boolean }
  | { kind: 'tuple'; items: HclExpr[]; span: Span }
  | { kind: 'object'; items: HclObjectItem[]; span: Span }
  | { kind: 'ref'; root: string; path: Traversal[]; span: Span }
  | { kind: 'call'; name: string; args: HclExpr[]; expand: boolean; span: Span }
  | { kind: 'cond'; test: HclExpr; then: HclExpr; else: HclExpr; span: Span }
  /** An expression applied to traversals (`f(x).y`, `{...}["k"]`). */
  | { kind: 'traverse'; base: HclExpr; path: Traversal[]; span: Span }
  /** `for` expressions, operators, splats and what could not be read: never evaluated. */
  | { kind: 'other'; what: string; span: Span };

export interface HclAttribute {
  name: string;
  nameSpan: Span;
  value: HclExpr;
  span: Span;
}

export interface HclBlock {
  type: string;
  typeSpan: Span;
  labels: Array<{ value: string; span: Span }>;
  body: HclBody;
  span: Span;
  /** Offset just inside `{` and of `}` (equal to `span.end` when `}` is missing). */
  open: number;
  close: number;
  /** Set when the closing `}` is missing. */
  unclosed?: boolean;
}

export interface HclBody {
  attributes: HclAttribute[];
  blocks: HclBlock[];
}

export interface HclSyntaxError {
  span: Span;
  message: string;
}

export interface HclFile {
  body: HclBody;
  /** Parse errors with their positions; the reader reports only those in blocks that matter. */
  errors: HclSyntaxError[];
  /** `# ...` / `// ...` / `/* ... *\/` comments (for `# vpc-cni-lint:` directives and expectations). */
  comments: Span[];
}

/** The attribute of `body` named `name` (the last one, as a duplicate is an error in Terraform). */
export function attr(body: HclBody | undefined, name: string): HclAttribute | undefined {
  if (!body) return undefined;
  for (let i = body.attributes.length - 1; i >= 0; i--) {
    const a = body.attributes[i];
    if (a?.name === name) return a;
  }
  return undefined;
}

export function blocksOf(body: HclBody | undefined, type: string): HclBlock[] {
  return body ? body.blocks.filter((b) => b.type === type) : [];
}

/** The literal text of a template without interpolations or directives, else undefined. */
export function literalString(e: HclExpr | undefined): string | undefined {
  if (!e || e.kind !== 'template') return undefined;
  let out = '';
  for (const p of e.parts) {
    if (p.kind !== 'lit') return undefined;
    out += p.text;
  }
  return out;
}
