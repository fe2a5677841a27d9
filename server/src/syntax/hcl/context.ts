/**
 * What the evaluator's functions (`functions.ts`) see of the evaluator (`eval.ts`), and the options and
 * context types both share.
 */
import type { HclExpr, TemplatePart } from './ast';
import type { HclValue, ObjectValue, Origin } from './value';

export interface ReadResult {
  /** The key of the file read (used in `Origin`), e.g. its URI. */
  file: string;
  text: string;
}

export interface EvalOptions {
  /**
   * Reads the file that `file()`/`templatefile()`/`filebase64()` names, as written after evaluation
   * (`./cni.json`, `templates/values.yaml`; `path.module` evaluates to `.`), relative to the module
   * folder. Undefined when the file is outside the workspace, missing or too large.
   */
  read?: (path: string) => ReadResult | undefined;
  /** Step budget of this evaluator (default 100,000). */
  steps?: number;
  /** Longest string made (default 1,048,576 characters). */
  maxString?: number;
  /** Most items of a list or entries of an object (default 10,000). */
  maxItems?: number;
}

/** What an expression is evaluated in: its file, and the variables of a template file. */
export interface EvalCtx {
  file: string;
  /** In a template (`templatefile`): the object of template variables; `var`/`local` are not visible. */
  templateVars?: ObjectValue;
  depth: number;
  /** How many `templatefile` calls enclose this context. */
  templates?: number;
}

/** The evaluator as its functions use it. */
export interface Evaluating {
  readonly opts: EvalOptions;
  readonly maxString: number;
  readonly maxItems: number;
  /** Text of every file read so far, by key (holes keep their source text). */
  readonly texts: Map<string, string>;
  eval(expr: HclExpr, ctx: EvalCtx): HclValue;
  template(parts: TemplatePart[], at: Origin, ctx: EvalCtx): HclValue;
  /** Spends `n` steps; false when the budget is gone. */
  spend(n?: number): boolean;
}
