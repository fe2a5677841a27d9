/**
 * The HCL parser: tree-sitter (`web-tree-sitter`, the runtime compiled to WebAssembly) with the
 * HCL grammar of `@tree-sitter-grammars/tree-sitter-hcl` (its `tree-sitter-hcl.wasm`). Pure
 * WebAssembly, no native addon, nothing downloaded: the two `.wasm` files ship beside the bundles
 * (`scripts/build.mjs` copies them to `server/out/`). Why this parser and not the Lezer grammar
 * of `codemirror-lang-hcl`: docs/terraform.md (numbers measured on both).
 *
 * Loading is asynchronous and happens on the first HCL document (`hclRuntime.ts` in project/ reads
 * the files and calls `initHclParser`), so users without Terraform pay nothing at start-up. Until
 * it is loaded `parseHclTree` answers undefined and HCL documents read as empty; the server and
 * the CLI load it before they parse an HCL file.
 *
 * Offsets of tree-sitter nodes are UTF-16 code units here (web-tree-sitter parses JS strings as
 * UTF-16), the same units as every `Span`.
 *
 * Re-parsing is incremental: the last tree of a few documents (keyed by URI) is kept, the edit
 * between the old and the new text is found from their common prefix and suffix, and tree-sitter
 * reuses the unchanged subtrees. Trees live in WebAssembly memory and are deleted when evicted.
 */
import type { Language as TsLanguage, Parser as TsParser, Tree } from 'web-tree-sitter';

export type HclTree = Tree;

interface Loaded {
  parser: TsParser;
}

let loaded: Loaded | undefined;
let loading: Promise<boolean> | undefined;
let failure: string | undefined;

/** The bytes of the two WebAssembly modules. */
export interface HclWasm {
  runtime: Uint8Array;
  grammar: Uint8Array;
}

/** Initialises the parser once; later calls return the first call's outcome. Never rejects. */
export function initHclParser(wasm: () => Promise<HclWasm>): Promise<boolean> {
  loading ??= (async () => {
    try {
      const bytes = await wasm();
      // Required lazily: web-tree-sitter's module body is not evaluated until the first HCL document.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const ts = require('web-tree-sitter') as typeof import('web-tree-sitter');
      await ts.Parser.init({ wasmBinary: bytes.runtime });
      const language: TsLanguage = await ts.Language.load(bytes.grammar);
      const parser = new ts.Parser();
      parser.setLanguage(language);
      loaded = { parser };
      return true;
    } catch (err) {
      failure = (err as Error)?.message ?? String(err);
      return false;
    }
  })();
  return loading;
}

export function hclParserReady(): boolean {
  return loaded !== undefined;
}

/** Why the parser could not be loaded, if it failed. */
export function hclParserFailure(): string | undefined {
  return failure;
}

const KEEP = 8;
/** Last tree per document, most recently used last. */
const recent = new Map<string, { text: string; tree: Tree }>();

/** The edit that turns `a` into `b`: common prefix and suffix (UTF-16 offsets and points). */
function diff(a: string, b: string) {
  let start = 0;
  const max = Math.min(a.length, b.length);
  while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let ea = a.length;
  let eb = b.length;
  while (ea > start && eb > start && a.charCodeAt(ea - 1) === b.charCodeAt(eb - 1)) {
    ea--;
    eb--;
  }
  return {
    startIndex: start,
    oldEndIndex: ea,
    newEndIndex: eb,
    startPosition: pointAt(a, start),
    oldEndPosition: pointAt(a, ea),
    newEndPosition: pointAt(b, eb),
  };
}

function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  // Columns are in bytes of the UTF-16 encoding in web-tree-sitter's points.
  return { row, column: (offset - lineStart) * 2 };
}

/**
 * Parses `text`; with `key` (a document URI) the previous tree of that document is reused.
 * The returned tree stays valid until the next call with the same key (or eviction); callers
 * read it at once. Undefined when the parser is not loaded or parsing failed.
 */
export function parseHclTree(text: string, key?: string): Tree | undefined {
  if (!loaded) return undefined;
  try {
    const old = key ? recent.get(key) : undefined;
    let tree: Tree | null;
    if (old && old.text !== text) {
      old.tree.edit(diff(old.text, text) as Parameters<Tree['edit']>[0]);
      tree = loaded.parser.parse(text, old.tree);
    } else if (old) {
      tree = old.tree;
    } else {
      tree = loaded.parser.parse(text);
    }
    if (!tree) return undefined;
    if (key) {
      if (old && old.tree !== tree) old.tree.delete();
      recent.delete(key);
      recent.set(key, { text, tree });
      while (recent.size > KEEP) {
        const [first, entry] = recent.entries().next().value as [string, { tree: Tree }];
        recent.delete(first);
        entry.tree.delete();
      }
    }
    return tree;
  } catch {
    return undefined;
  }
}

/** Deletes a tree returned without a key. */
export function releaseHclTree(tree: Tree, key?: string): void {
  if (!key) tree.delete();
}
