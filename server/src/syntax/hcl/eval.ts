/**
 * A small pure evaluator of Terraform expressions over what is known: literals, lists, objects,
 * strings and heredocs with interpolation, `local.*`, `var.*` (`scope.ts`), `path.module`,
 * conditionals with a known condition, and the functions of `functions.ts`. Everything else is an
 * `unknown` value with a reason (`value.ts`); no finding may rest on one.
 *
 * Usage: `const ev = new HclEvaluator(moduleScope(files), { read }); ev.evaluate(expr, fileKey)`.
 * The syntax layer does no I/O: `file()`/`templatefile()` go through `read`, which the caller gives
 * and which must answer only for files inside the workspace (undefined otherwise: the value is
 * unknown).
 *
 * Bounded work: one evaluator does at most `steps` steps (expression nodes, list items, object
 * entries, characters / 256 of strings made), strings of at most `maxString` characters and
 * collections of at most `maxItems` items, `templatefile` nested at most 4 deep; locals and
 * variables are evaluated once (cycles are unknown). Past a bound the value is unknown, with the
 * reason. Never throws.
 */
import type { Span } from '../model';
import type { HclExpr, TemplatePart, Traversal } from './ast';
import { callFunction } from './functions';
import type { EvalCtx, EvalOptions, Evaluating } from './context';
import type { ModuleScope } from './scope';
import {
  BUDGET,
  DEEP,
  TOO_LONG,
  unknown,
  numberText,
  type CharMap,
  type Hole,
  type HclValue,
  type ObjectEntry,
  type ObjectValue,
  type Origin,
} from './value';

const MAX_DEPTH = 256;
/** Reasons that come from our bounds, not from the input: they make a whole string unknown. */
const BOUNDS = new Set([BUDGET, TOO_LONG, DEEP]);

export type { EvalCtx, EvalOptions, ReadResult } from './context';

export class HclEvaluator implements Evaluating {
  private stepsLeft: number;
  readonly maxString: number;
  readonly maxItems: number;
  private readonly memo = new Map<string, HclValue>();
  private readonly busy = new Set<string>();
  readonly texts: Map<string, string>;

  constructor(
    readonly scope: ModuleScope,
    readonly opts: EvalOptions = {},
  ) {
    this.stepsLeft = opts.steps ?? 100_000;
    this.maxString = opts.maxString ?? 1 << 20;
    this.maxItems = opts.maxItems ?? 10_000;
    this.texts = new Map(scope.texts);
  }

  /** The value of `expr`, written in the file `file` of the module folder. Never throws. */
  evaluate(expr: HclExpr, file: string): HclValue {
    try {
      const v = this.eval(expr, { file, depth: 0 });
      // Over the budget part-way: nothing of the value is trusted.
      return this.stepsLeft < 0 ? unknown({ file, span: expr.span }, BUDGET) : v;
    } catch {
      return unknown({ file, span: expr.span }, 'an expression we could not evaluate');
    }
  }

  /** The value of `var.name` (undefined when the module declares no such variable). */
  variable(name: string): HclValue | undefined {
    if (!this.scope.variables.has(name)) return undefined;
    try {
      return this.varValue(name, { file: '', span: { start: 0, end: 0 } });
    } catch {
      return undefined;
    }
  }

  /** Spends `n` steps; false when the budget is gone. */
  spend(n = 1): boolean {
    this.stepsLeft -= n;
    return this.stepsLeft >= 0;
  }

  /** Used by functions and templates: evaluates `expr` in `ctx`. */
  eval(expr: HclExpr, ctx: EvalCtx): HclValue {
    const at: Origin = { file: ctx.file, span: expr.span };
    if (!this.spend()) return unknown(at, BUDGET);
    if (ctx.depth > MAX_DEPTH) return unknown(at, DEEP);
    const inner: EvalCtx = { ...ctx, depth: ctx.depth + 1 };
    switch (expr.kind) {
      case 'number':
        return { kind: 'number', value: expr.value, at };
      case 'bool':
        return { kind: 'bool', value: expr.value, at };
      case 'null':
        return { kind: 'null', at };
      case 'template':
        return this.template(expr.parts, at, inner);
      case 'tuple': {
        if (expr.items.length > this.maxItems) return unknown(at, 'a list too long to evaluate');
        return { kind: 'list', items: expr.items.map((i) => this.eval(i, inner)), at };
      }
      case 'object':
        return this.object(expr, at, inner);
      case 'ref':
        return this.ref(expr.root, expr.path, at, inner);
      case 'traverse':
        return this.traverse(this.eval(expr.base, inner), expr.path, at, inner);
      case 'call':
        if (expr.expand) return unknown(at, `a function call with expanded arguments (${expr.name}(...))`);
        return callFunction(this, expr.name, expr.args, at, inner);
      case 'cond': {
        const t = this.eval(expr.test, inner);
        const b = t.kind === 'bool' ? t.value : t.kind === 'string' && !t.holes ? boolOf(t.value) : undefined;
        if (b === undefined)
          return unknown(at, t.kind === 'unknown' ? t.reason : 'a condition that is not a known bool');
        return this.eval(b ? expr.then : expr.else, inner);
      }
      case 'other':
        return unknown(at, `a Terraform expression we do not evaluate (${expr.what.replace(/_/g, ' ')})`);
    }
  }

  private object(expr: Extract<HclExpr, { kind: 'object' }>, at: Origin, ctx: EvalCtx): HclValue {
    if (expr.items.length > this.maxItems) return unknown(at, 'an object too large to evaluate');
    const entries: ObjectEntry[] = [];
    let open: string | undefined;
    for (const item of expr.items) {
      let key = item.name;
      if (key === undefined) {
        const k = this.eval(item.key, ctx);
        if (k.kind === 'string' && !k.holes) key = k.value;
        else if (k.kind === 'number' || k.kind === 'bool') key = numberOrBoolText(k);
        else {
          open ??= k.kind === 'unknown' ? k.reason : 'an object key that is not a known string';
          continue;
        }
      }
      entries.push({
        key,
        keyAt: { file: ctx.file, span: item.key.span },
        value: this.eval(item.value, ctx),
        at: { file: ctx.file, span: item.span },
      });
    }
    return open ? { kind: 'object', entries, at, open } : { kind: 'object', entries, at };
  }

  // -------------------------------------------------------------------------------------------
  // References

  private ref(root: string, path: Traversal[], at: Origin, ctx: EvalCtx): HclValue {
    const first = path[0];
    const name = first?.kind === 'attr' ? first.name : undefined;
    const dotted = name ? `${root}.${name}` : root;
    if (ctx.templateVars) {
      const e = ctx.templateVars.entries.find((x) => x.key === root);
      if (!e) {
        if (ctx.templateVars.open) return unknown(at, ctx.templateVars.open);
        return unknown(at, `a template variable that templatefile() is not given (${root})`, true);
      }
      return this.traverse(this.crossing(e.value, at), path, at, ctx);
    }
    switch (root) {
      case 'local':
        if (!name) return unknown(at, 'a reference to the local object', true);
        return this.traverse(this.crossing(this.local(name, at, ctx), at), path.slice(1), at, ctx);
      case 'var':
        if (!name) return unknown(at, 'a reference to the var object', true);
        return this.traverse(this.crossing(this.varValue(name, at), at), path.slice(1), at, ctx);
      case 'path':
        if (name === 'module')
          return this.traverse({ kind: 'string', value: '.', at }, path.slice(1), at, ctx);
        return unknown(at, `a path Terraform knows at run time (${dotted})`);
      case 'module':
        return unknown(at, `an output of another module (${dotted})`);
      case 'data':
        return unknown(at, `a data source read at plan time (${dotted})`);
      case 'each':
      case 'count':
        return unknown(at, `a value that depends on ${root} (${dotted})`);
      case 'terraform':
        return unknown(at, `a value Terraform knows at run time (${dotted})`);
      default:
        return unknown(at, `a resource attribute known after apply (${dotted})`);
    }
  }

  /** Marks a value read from another file with the reference that brought it here. */
  private crossing(v: HclValue, at: Origin): HclValue {
    if (v.at.file === at.file || v.via) return v;
    return { ...v, via: at };
  }

  private local(name: string, at: Origin, ctx: EvalCtx): HclValue {
    const def = this.scope.locals.get(name);
    if (!def) return unknown(at, `a local value that is not defined (local.${name})`, true);
    return this.once(`local.${name}`, at, () =>
      this.eval(def.expr, { file: def.file, depth: ctx.depth + 1 }),
    );
  }

  private varValue(name: string, at: Origin): HclValue {
    const v = this.scope.variables.get(name);
    if (!v) return unknown(at, `a variable that is not declared (var.${name})`, true);
    if (v.varFiles?.length)
      return unknown(at, `a variable that ${v.varFiles.join(', ')} may set (-var-file) (var.${name})`);
    const def = v.value ?? v.default;
    if (!def) return unknown(at, `a variable without a default (var.${name})`);
    return this.once(`var.${name}`, at, () => this.eval(def.expr, { file: def.file, depth: 1 }));
  }

  private once(key: string, at: Origin, compute: () => HclValue): HclValue {
    const done = this.memo.get(key);
    if (done) return done;
    if (this.busy.has(key)) return unknown(at, `a value that refers to itself (${key})`, true);
    this.busy.add(key);
    try {
      const v = compute();
      this.memo.set(key, v);
      return v;
    } finally {
      this.busy.delete(key);
    }
  }

  /** Applies `.name`, `[i]` and splats to a value. */
  traverse(v: HclValue, path: readonly Traversal[], at: Origin, ctx: EvalCtx): HclValue {
    let cur = v;
    for (const step of path) {
      if (cur.kind === 'unknown') return cur.at === at ? cur : unknown(at, cur.reason, cur.error);
      if (step.kind === 'splat') return unknown(at, 'a splat expression');
      let key: string | number | undefined;
      if (step.kind === 'attr') key = step.name;
      else {
        const k = this.eval(step.expr, ctx);
        if (k.kind === 'number') key = k.value;
        else if (k.kind === 'string' && !k.holes) key = k.value;
        else return unknown(at, k.kind === 'unknown' ? k.reason : 'an index that is not known');
      }
      if (cur.kind === 'object') {
        const name = String(key);
        const e = findEntry(cur, name);
        if (e) cur = e.value;
        else if (cur.open) return unknown(at, cur.open);
        else return unknown(at, `an object without the key "${name}"`, true);
      } else if (cur.kind === 'list') {
        const i = typeof key === 'number' ? key : Number(key);
        const item = Number.isInteger(i) && i >= 0 ? cur.items[i] : undefined;
        if (item) cur = item;
        else if (cur.open) return unknown(at, cur.open);
        else return unknown(at, `a list without the index ${String(key)}`, true);
      } else return unknown(at, `an attribute of a ${cur.kind}`, true);
    }
    return cur;
  }

  // -------------------------------------------------------------------------------------------
  // Strings

  /** A template's value: a string (partly known when it holds unknown interpolations or directives). */
  template(parts: TemplatePart[], at: Origin, ctx: EvalCtx): HclValue {
    const only = parts.length === 1 ? parts[0] : undefined;
    // "${x}" alone is x itself, unconverted.
    if (only?.kind === 'interp') return this.eval(only.expr, ctx);
    const b = new StringBuilder(this, at.file);
    let literal = true;
    for (const p of parts) {
      if (p.kind === 'lit') {
        if (!b.addMapped(p.text, p.starts, p.ends)) return unknown(at, TOO_LONG);
        continue;
      }
      literal = false;
      if (p.kind === 'directive') {
        b.addHole(p.span, 'a template directive (%{ })');
        continue;
      }
      const v = this.eval(p.expr, ctx);
      if (v.kind === 'string') {
        if (!b.addString(v, p.span)) return unknown(at, TOO_LONG);
      } else if (v.kind === 'number' || v.kind === 'bool') {
        b.addAt(numberOrBoolText(v), p.span);
      } else if (v.kind === 'unknown') {
        if (v.error || BOUNDS.has(v.reason)) return unknown(at, v.reason, v.error);
        b.addHole(p.span, v.reason);
      } else return unknown(at, `a ${v.kind} in a string`, true);
    }
    if (!this.spend(Math.ceil(b.length / 256))) return unknown(at, BUDGET);
    return b.build(at, literal);
  }
}

function findEntry(o: ObjectValue, key: string): ObjectEntry | undefined {
  for (let i = o.entries.length - 1; i >= 0; i--) if (o.entries[i]?.key === key) return o.entries[i];
  return undefined;
}

function boolOf(s: string): boolean | undefined {
  return s === 'true' ? true : s === 'false' ? false : undefined;
}

function numberOrBoolText(v: Extract<HclValue, { kind: 'number' | 'bool' }>): string {
  return v.kind === 'number' ? numberText(v.value) : v.value ? 'true' : 'false';
}

/** Builds a string value with its character map (into one file) and its holes. */
export class StringBuilder {
  private text = '';
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly holes: Hole[] = [];

  constructor(
    private readonly ev: HclEvaluator,
    private readonly file: string,
  ) {}

  get length(): number {
    return this.text.length;
  }

  private fits(n: number): boolean {
    return this.text.length + n <= this.ev.maxString;
  }

  addMapped(text: string, starts: readonly number[], ends: readonly number[]): boolean {
    if (!this.fits(text.length)) return false;
    this.text += text;
    for (let i = 0; i < text.length; i++) {
      this.starts.push(starts[i] ?? 0);
      this.ends.push(ends[i] ?? 0);
    }
    return true;
  }

  /** Text that maps as a whole to `span` (a number, a string from elsewhere). */
  addAt(text: string, span: Span): boolean {
    if (!this.fits(text.length)) return false;
    this.text += text;
    for (let i = 0; i < text.length; i++) {
      this.starts.push(span.start);
      this.ends.push(span.end);
    }
    return true;
  }

  /** A string value interpolated at `span`: its own map when it was written in this file. */
  addString(v: Extract<HclValue, { kind: 'string' }>, span: Span): boolean {
    const offset = this.text.length;
    const ok =
      v.chars && v.at.file === this.file
        ? this.addMapped(v.value, Array.from(v.chars.starts), Array.from(v.chars.ends))
        : this.addAt(v.value, span);
    if (ok)
      for (const h of v.holes ?? []) this.holes.push({ ...h, start: h.start + offset, end: h.end + offset });
    return ok;
  }

  /** An unknown part: its source text is kept (same length), each character mapped to itself. */
  addHole(span: Span, reason: string): void {
    const src = this.ev.texts.get(this.file);
    const text = src !== undefined ? src.slice(span.start, span.end) : '';
    const start = this.text.length;
    if (!this.fits(text.length)) {
      this.holes.push({ start, end: start, reason });
      return;
    }
    this.text += text;
    for (let i = 0; i < text.length; i++) {
      this.starts.push(span.start + i);
      this.ends.push(span.start + i + 1);
    }
    this.holes.push({ start, end: this.text.length, reason });
  }

  build(at: Origin, literal: boolean): HclValue {
    const n = this.text.length;
    const chars: CharMap = { starts: new Int32Array(n + 1), ends: new Int32Array(n + 1) };
    chars.starts.set(this.starts);
    chars.ends.set(this.ends);
    const end = n ? (this.ends[n - 1] ?? at.span.end) : at.span.end;
    chars.starts[n] = end;
    chars.ends[n] = end;
    const v: HclValue = { kind: 'string', value: this.text, at, chars };
    if (literal) v.literal = true;
    if (this.holes.length) v.holes = this.holes;
    return v;
  }
}
