/**
 * Reads the HCL parser's two WebAssembly files from disk and initialises the parser
 * (`syntax/hcl/parser.ts`). In the bundles they sit beside the script (`server/out/`, copied by
 * `scripts/build.mjs`); when running from source (tests, tsx) they come from node_modules.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { initHclParser, type HclWasm } from '../syntax/hcl/parser';

const RUNTIME = 'web-tree-sitter.wasm';
const GRAMMAR = 'tree-sitter-hcl.wasm';

async function firstReadable(candidates: Array<() => string>): Promise<Uint8Array> {
  let last: unknown;
  for (const c of candidates) {
    try {
      return new Uint8Array(await fs.readFile(c()));
    } catch (err) {
      last = err;
    }
  }
  throw last instanceof Error ? last : new Error(String(last));
}

async function readWasm(): Promise<HclWasm> {
  const [runtime, grammar] = await Promise.all([
    firstReadable([() => path.join(__dirname, RUNTIME), () => require.resolve(`web-tree-sitter/${RUNTIME}`)]),
    firstReadable([
      () => path.join(__dirname, GRAMMAR),
      () => require.resolve(`@tree-sitter-grammars/tree-sitter-hcl/${GRAMMAR}`),
    ]),
  ]);
  return { runtime, grammar };
}

/** Loads the HCL parser once (later calls share the first load). Resolves false when it failed. */
export function loadHclParser(): Promise<boolean> {
  return initHclParser(readWasm);
}

/** File names the HCL reader handles. */
export function isHclFileName(file: string): boolean {
  return /\.(tf|tfvars|tftpl)$/i.test(file);
}
