/**
 * HCL (`*.tf`, `*.tfvars`, `*.tftpl` read as HCL): text to the located model of `ast.ts`, and the
 * Terraform readers on top of it. `parseHcl` is undefined until the parser is loaded
 * (`parser.ts`, `project/hclRuntime.ts`).
 */
import type { HclFile } from './ast';
import { hclParserReady, parseHclTree, releaseHclTree } from './parser';
import { readHclTree } from './read';
import { repairUnterminatedStrings } from './repair';

export { hclParserReady, initHclParser, hclParserFailure, type HclWasm } from './parser';
export type * from './ast';
export { attr, blocksOf, literalString } from './ast';

/** Parses HCL text; `key` (the document URI) enables incremental re-parsing. Never throws. */
export function parseHcl(text: string, key?: string): HclFile | undefined {
  if (!hclParserReady()) return undefined;
  const { text: repairedText, repaired } = repairUnterminatedStrings(text);
  const tree = parseHclTree(repairedText, key);
  if (!tree) return undefined;
  try {
    const file = readHclTree(tree.rootNode, text);
    for (const r of repaired)
      file.errors.unshift({ span: r, message: 'HCL syntax error: unterminated string (missing closing ")' });
    return file;
  } catch {
    return undefined;
  } finally {
    releaseHclTree(tree, key);
  }
}

/**
 * Evaluation (docs/terraform.md, "Evaluation"):
 *   const scope = moduleScope([{ file: uri, text, hcl: parseHcl(text) }, ...]); // one module folder
 *   const ev = new HclEvaluator(scope, { read }); // one per analysis of the folder: memo + budget
 *   const v = ev.evaluate(attr(block.body, 'configuration_values')!.value, uri);
 * `v` is an `HclValue` (`value.ts`): known values with `at` (file + span), unknowns with a reason.
 */
export { HclEvaluator, type EvalOptions, type ReadResult, type EvalCtx } from './eval';
export { moduleScope, hclFileRole, type ModuleFile, type ModuleScope, type VariableDef } from './scope';
export * from './value';
