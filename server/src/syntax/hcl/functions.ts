/**
 * The Terraform functions the evaluator knows (developer.hashicorp.com/terraform/language/functions,
 * one page each): `jsonencode`, `yamlencode`, `base64encode`, `file`, `filebase64`, `templatefile`,
 * `merge`, `concat`, `lookup`, `try`, `can`, `coalesce`, `cidrsubnet`, `tostring`, `tonumber`,
 * `tobool`, `tolist`, `toset`, `tomap`, `length`. Any other function's value is unknown.
 *
 * Unknown arguments: an encoder of a partly unknown value gives an unknown value that still carries
 * what was encoded (`encodes`); `merge` with an unknown object gives an open object whose entries
 * from objects before it are unknown (the unknown one may replace them); `concat` with an unknown
 * list gives an open list; `coalesce` and `try` stop at the first unknown argument they would have
 * to look past.
 */
import type { HclExpr } from './ast';
import { cidrSubnet, jsonText, notKnown, toPlain, yamlText } from './encode';
import type { EvalCtx, Evaluating } from './context';
import { parseTemplateText } from './templateFile';
import { BUDGET, TOO_LONG, scalarText, unknown, type HclValue, type ObjectEntry, type Origin } from './value';

type Fn = (ev: Evaluating, args: HclExpr[], at: Origin, ctx: EvalCtx) => HclValue;

const MAX_TEMPLATE_DEPTH = 4;

function encoder(fn: string, encode: (v: HclValue) => string): Fn {
  return (ev, args, at, ctx) => {
    const [a] = args;
    if (!a || args.length !== 1) return unknown(at, `${fn}() with ${args.length} arguments`, true);
    const v = ev.eval(a, ctx);
    const why = notKnown(v);
    if (why) return { kind: 'unknown', reason: why, at, encodes: { fn, value: v } };
    if (!ev.spend(64)) return unknown(at, BUDGET);
    const text = encode(v);
    if (text.length > ev.maxString) return unknown(at, TOO_LONG);
    if (!ev.spend(Math.ceil(text.length / 256))) return unknown(at, BUDGET);
    return { kind: 'string', value: text, at, encodes: { fn, value: v } };
  };
}

/** Reads the file named by the first argument through the caller's `read`. */
function readArg(
  ev: Evaluating,
  args: HclExpr[],
  at: Origin,
  ctx: EvalCtx,
  fn: string,
): { file: string; text: string } | HclValue {
  const a = args[0];
  if (!a) return unknown(at, `${fn}() without a path`, true);
  const p = ev.eval(a, ctx);
  if (p.kind === 'unknown') return unknown(at, p.reason);
  const path = scalarText(p);
  if (path === undefined) return unknown(at, `a path that is not known (${fn})`);
  const got = ev.opts.read?.(path);
  if (!got) return unknown(at, `a file we cannot read here (${path})`);
  if (got.text.length > ev.maxString) return unknown(at, `a file too large to evaluate (${path})`);
  if (!ev.spend(Math.ceil(got.text.length / 256))) return unknown(at, BUDGET);
  ev.texts.set(got.file, got.text);
  return got;
}

function fileString(file: string, text: string): HclValue {
  const n = text.length;
  const starts = new Int32Array(n + 1);
  const ends = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    starts[i] = i;
    ends[i] = i + 1;
  }
  starts[n] = n;
  ends[n] = n;
  return {
    kind: 'string',
    value: text,
    at: { file, span: { start: 0, end: n } },
    chars: { starts, ends },
    literal: true,
  };
}

const isRead = (x: { file: string; text: string } | HclValue): x is { file: string; text: string } =>
  !('kind' in x);

const FUNCTIONS: Record<string, Fn> = {
  jsonencode: encoder('jsonencode', (v) => jsonText(toPlain(v))),
  yamlencode: encoder('yamlencode', (v) => yamlText(toPlain(v))),
  base64encode: (ev, args, at, ctx) => {
    const [a] = args;
    if (!a) return unknown(at, 'base64encode() without an argument', true);
    const v = ev.eval(a, ctx);
    const s = scalarText(v);
    if (s === undefined)
      return {
        kind: 'unknown',
        reason: notKnown(v) ?? 'a value that is not a string',
        at,
        encodes: { fn: 'base64encode', value: v },
      };
    return {
      kind: 'string',
      value: Buffer.from(s, 'utf8').toString('base64'),
      at,
      encodes: { fn: 'base64encode', value: v },
    };
  },
  file: (ev, args, at, ctx) => {
    const r = readArg(ev, args, at, ctx, 'file');
    return isRead(r) ? { ...fileString(r.file, r.text), via: at } : r;
  },
  filebase64: (ev, args, at, ctx) => {
    const r = readArg(ev, args, at, ctx, 'filebase64');
    if (!isRead(r)) return r;
    const inner: HclValue = { ...fileString(r.file, r.text), via: at };
    return {
      kind: 'string',
      value: Buffer.from(r.text, 'utf8').toString('base64'),
      at,
      encodes: { fn: 'filebase64', value: inner },
    };
  },
  templatefile: (ev, args, at, ctx) => {
    if ((ctx.templates ?? 0) >= MAX_TEMPLATE_DEPTH) return unknown(at, 'templatefile() nested too deep');
    const r = readArg(ev, args, at, ctx, 'templatefile');
    if (!isRead(r)) return r;
    const varsExpr = args[1];
    const vars = varsExpr ? ev.eval(varsExpr, ctx) : undefined;
    if (vars && vars.kind !== 'object')
      return unknown(
        at,
        vars.kind === 'unknown' ? vars.reason : 'templatefile() variables that are not an object',
      );
    const parts = parseTemplateText(r.text);
    if (!parts) return unknown(at, `a template we could not read (${r.file})`);
    const inner: EvalCtx = {
      file: r.file,
      templateVars: vars ?? { kind: 'object', entries: [], at },
      depth: ctx.depth + 1,
      templates: (ctx.templates ?? 0) + 1,
    };
    const v = ev.template(parts, { file: r.file, span: { start: 0, end: r.text.length } }, inner);
    return { ...v, via: at };
  },
  merge: (ev, args, at, ctx) => {
    let entries: ObjectEntry[] = [];
    let open: string | undefined;
    for (const a of args) {
      const v = ev.eval(a, ctx);
      if (v.kind === 'null') continue;
      if (v.kind === 'object') {
        const keys = new Set(v.entries.map((e) => e.key));
        entries = entries.filter((e) => !keys.has(e.key)).concat(v.entries);
        if (v.open) open = v.open;
        continue;
      }
      if (v.kind !== 'unknown') return unknown(at, `merge() of a ${v.kind}`, true);
      if (v.error) return unknown(at, v.reason, true);
      // What came before may be replaced by the unknown object's keys.
      entries = entries.map((e) => ({ ...e, value: unknown(e.value.at, v.reason) }));
      open = v.reason;
    }
    if (entries.length > ev.maxItems) return unknown(at, 'an object too large to evaluate');
    return open ? { kind: 'object', entries, at, open } : { kind: 'object', entries, at };
  },
  concat: (ev, args, at, ctx) => {
    const items: HclValue[] = [];
    let open: string | undefined;
    for (const a of args) {
      const v = ev.eval(a, ctx);
      if (v.kind === 'list') {
        items.push(...v.items);
        if (v.open) open = v.open;
      } else if (v.kind === 'unknown') {
        if (v.error) return unknown(at, v.reason, true);
        open = v.reason;
      } else return unknown(at, `concat() of a ${v.kind}`, true);
      if (items.length > ev.maxItems) return unknown(at, 'a list too long to evaluate');
    }
    return open ? { kind: 'list', items, at, open } : { kind: 'list', items, at };
  },
  lookup: (ev, args, at, ctx) => {
    const [m, k, d] = args;
    if (!m || !k) return unknown(at, 'lookup() with too few arguments', true);
    const map = ev.eval(m, ctx);
    const key = scalarText(ev.eval(k, ctx));
    if (map.kind === 'unknown') return unknown(at, map.reason, map.error);
    if (key === undefined) return unknown(at, 'a lookup key that is not known');
    if (map.kind !== 'object') return unknown(at, `lookup() in a ${map.kind}`, true);
    const e = [...map.entries].reverse().find((x) => x.key === key);
    if (e) return e.value;
    if (map.open) return unknown(at, map.open);
    return d ? ev.eval(d, ctx) : unknown(at, `an object without the key "${key}"`, true);
  },
  try: (ev, args, at, ctx) => {
    for (const a of args) {
      const v = ev.eval(a, ctx);
      if (v.kind === 'unknown' && v.error) continue;
      return v;
    }
    return unknown(at, 'try() where every argument fails', true);
  },
  can: (ev, args, at, ctx) => {
    const [a] = args;
    if (!a) return unknown(at, 'can() without an argument', true);
    const v = ev.eval(a, ctx);
    if (v.kind === 'unknown') return v.error ? { kind: 'bool', value: false, at } : unknown(at, v.reason);
    return { kind: 'bool', value: true, at };
  },
  coalesce: (ev, args, at, ctx) => {
    for (const a of args) {
      const v = ev.eval(a, ctx);
      if (v.kind === 'unknown') return unknown(at, v.reason, v.error);
      if (v.kind === 'null' || (v.kind === 'string' && v.value === '' && !v.holes)) continue;
      return v;
    }
    return unknown(at, 'coalesce() where every argument is null or empty', true);
  },
  cidrsubnet: (ev, args, at, ctx) => {
    const [p, b, n] = args.map((a) => ev.eval(a, ctx));
    if (!p || !b || !n || args.length !== 3) return unknown(at, 'cidrsubnet() without three arguments', true);
    for (const v of [p, b, n]) if (v.kind === 'unknown') return unknown(at, v.reason, v.error);
    const prefix = scalarText(p);
    const bits = Number(scalarText(b));
    const num = Number(scalarText(n));
    if (prefix === undefined) return unknown(at, 'a CIDR prefix that is not known');
    const r = cidrSubnet(prefix, bits, num);
    return typeof r === 'string' ? { kind: 'string', value: r, at } : unknown(at, r.error, true);
  },
  tostring: (ev, args, at, ctx) =>
    convert(ev, args, at, ctx, (v) => {
      if (v.kind === 'string' || v.kind === 'null') return v;
      const s = v.kind === 'number' || v.kind === 'bool' ? scalarText(v) : undefined;
      return s === undefined ? undefined : { kind: 'string', value: s, at: v.at };
    }),
  tonumber: (ev, args, at, ctx) =>
    convert(ev, args, at, ctx, (v) => {
      if (v.kind === 'number' || v.kind === 'null') return v;
      const s = v.kind === 'string' && !v.holes ? v.value.trim() : undefined;
      const n = s !== undefined && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(s) ? Number(s) : NaN;
      return Number.isFinite(n) ? { kind: 'number', value: n, at: v.at } : undefined;
    }),
  tobool: (ev, args, at, ctx) =>
    convert(ev, args, at, ctx, (v) => {
      if (v.kind === 'bool' || v.kind === 'null') return v;
      const s = v.kind === 'string' && !v.holes ? v.value : undefined;
      return s === 'true' || s === 'false' ? { kind: 'bool', value: s === 'true', at: v.at } : undefined;
    }),
  tolist: (ev, args, at, ctx) =>
    convert(ev, args, at, ctx, (v) => (v.kind === 'list' || v.kind === 'null' ? v : undefined)),
  toset: (ev, args, at, ctx) =>
    convert(ev, args, at, ctx, (v) => (v.kind === 'list' || v.kind === 'null' ? v : undefined)),
  tomap: (ev, args, at, ctx) =>
    convert(ev, args, at, ctx, (v) => (v.kind === 'object' || v.kind === 'null' ? v : undefined)),
  length: (ev, args, at, ctx) => {
    const [a] = args;
    if (!a) return unknown(at, 'length() without an argument', true);
    const v = ev.eval(a, ctx);
    if (v.kind === 'unknown') return unknown(at, v.reason, v.error);
    if ((v.kind === 'list' || v.kind === 'object') && v.open) return unknown(at, v.open);
    if (v.kind === 'list') return { kind: 'number', value: v.items.length, at };
    if (v.kind === 'object') return { kind: 'number', value: new Set(v.entries.map((e) => e.key)).size, at };
    if (v.kind === 'string' && !v.holes) return { kind: 'number', value: [...v.value].length, at };
    return unknown(at, `length() of a ${v.kind}`, true);
  },
};

function convert(
  ev: Evaluating,
  args: HclExpr[],
  at: Origin,
  ctx: EvalCtx,
  f: (v: HclValue) => HclValue | undefined,
): HclValue {
  const [a] = args;
  if (!a || args.length !== 1) return unknown(at, 'a conversion with a wrong number of arguments', true);
  const v = ev.eval(a, ctx);
  if (v.kind === 'unknown') return v;
  return f(v) ?? unknown(at, `a ${v.kind} that cannot be converted`, true);
}

export function callFunction(
  ev: Evaluating,
  name: string,
  args: HclExpr[],
  at: Origin,
  ctx: EvalCtx,
): HclValue {
  const fn = Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (!fn) return unknown(at, `a function we do not evaluate (${name})`);
  return fn(ev, args, at, ctx);
}
