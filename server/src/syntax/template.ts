/**
 * Templates: text with actions that are filled in before anything reads it (Helm/Go `{{ ... }}`, Go
 * `fmt` verbs such as `%s` in test fixtures, Terraform `templatefile` `${ ... }` and `%{ ... }`).
 *
 * We read such text with every action masked by a placeholder of the same length, so every offset stays
 * that of the file, and every value that touches a placeholder is *unknown* (see `unknown.ts`): no rule
 * may conclude anything from it. The placeholder depends on where the action stands, so that the
 * masked text has the shape the rendered text would have:
 * - an action inside a line (`maxPods: {{ .Values.maxPods }}`, `"{{ include "x" . }}"`, a key
 *   `{{ $k }}: v`) becomes placeholder characters (U+E000, a private-use character YAML reads as a
 *   plain-scalar character), so the scalar around it is there but its value is unknown;
 * - a line holding only control actions (`{{- if .Values.x }}`, `{{- end }}`, `{{- range ... }}`,
 *   `{{/* comment *\/}}`, `%{ if x ~}`, `%{ endfor ~}`) becomes spaces: a blank line, invisible to YAML
 *   in any context (block scalars included), shell and TOML. Both branches of an `if` are read;
 *   duplicate keys that this causes are explained by the masking (`explainedByMasking`);
 * - a line holding only an action that produces text (`{{- toYaml .Values.req | nindent 8 }}`,
 *   `{{- include "labels" . | nindent 4 }}`, `${indent(4, yamlencode(x))}`) stands for content of
 *   unknown shape: after `key:` it is that key's (unknown) value, among map entries it becomes an
 *   unknown entry `PPP: P`, among sequence items an unknown item `- PPP`. These are *injections*: a map
 *   with one may hold any key.
 *
 * Sources for the syntax: Go text/template (pkg.go.dev/text/template: actions are delimited by `{{` and
 * `}}`, `{{-`/`-}}` trim spaces, comments `{{/* *\/}}`, strings "..." and `...`, characters '.'),
 * Terraform string templates (developer.hashicorp.com/terraform/language/expressions/strings:
 * interpolation `${ }`, directives `%{ }` with `~` strip markers, `$${` and `%%{` escapes), Go fmt verbs
 * (pkg.go.dev/fmt).
 *
 * Linear in the text (issue 17): actions are found in one forward pass with a budget for scans that
 * find no end (`templateScan.ts`); the grouping of a line's actions, and the neighbour and parent-key
 * lookups of whole-line actions, use the line table and per-line facts computed once per line
 * (`LineFacts`, `Above`, `Below`) instead of walking back over the text for each action.
 */
import { LineTable } from './lines';
import type { Span, TemplateModel } from './model';
import { findActions, type Action } from './templateScan';

/** The placeholder character: private use, a valid plain-scalar character in YAML 1.2 (nb-char). */
export const PLACEHOLDER = '\uE000';
const PH = 0xe000;
const SPACE = 0x20;

export interface MaskedText {
  /** The text with every action masked, same length as the input. */
  text: string;
  /** Undefined when the text holds no action. */
  template?: TemplateModel;
}

export interface MaskOptions {
  /** File name (for `.tpl`/`.tftpl`). */
  fileName?: string;
  /** `yaml` masks Go fmt verbs and Terraform interpolation; `user-data` only in Terraform templates. */
  format: 'yaml' | 'user-data';
}

/** Go template and Terraform keywords of actions that produce no text. */
const CONTROL =
  /^\s*(?:-\s*)?(?:\/\*|(?:if|else|end|range|with|define|block|break|continue|for|endfor|endif)\b|\$[\w.]*\s*:?=)/;

function isControl(a: Action): boolean {
  return a.kind !== 'go-printf' && CONTROL.test(a.code.replace(/^~/, ''));
}

/** Whether a UTF-16 unit is white space as `String.prototype.trim` and `\s` see it. */
function isSpace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    c === 0x20 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** The text being masked, as UTF-16 units; line breaks are never overwritten. */
class MaskBuffer {
  private readonly codes: Uint16Array;
  constructor(text: string) {
    this.codes = new Uint16Array(text.length);
    for (let k = 0; k < text.length; k++) this.codes[k] = text.charCodeAt(k);
  }
  fill(s: number, e: number, ch: number): void {
    for (let k = s; k < e; k++) this.set(k, ch);
  }
  set(k: number, ch: number): void {
    const c = this.codes[k];
    if (c !== undefined && c !== 10 && c !== 13) this.codes[k] = ch;
  }
  slice(s: number, e: number): string {
    let out = '';
    for (let k = s; k < e; k += 8192) {
      // `apply` takes the typed array as the argument list (array-like), in chunks below engines' limits.
      const chunk = this.codes.subarray(k, Math.min(e, k + 8192)) as unknown as number[];
      out += String.fromCharCode.apply(null, chunk);
    }
    return out;
  }
  toString(): string {
    return this.slice(0, this.codes.length);
  }
}

/** First and last non-blank character of each line of the input, computed once per line. */
class LineFacts {
  private readonly firsts: Int32Array;
  private readonly lasts: Int32Array;
  constructor(
    private readonly text: string,
    private readonly lines: LineTable,
  ) {
    this.firsts = new Int32Array(lines.count).fill(-2);
    this.lasts = new Int32Array(lines.count).fill(-2);
  }
  /** Offset of the line's first non-blank character (the line's end when it is blank). */
  first(line: number): number {
    let f = this.firsts[line] ?? -2;
    if (f === -2) {
      const e = this.lines.end(line);
      for (f = this.lines.start(line); f < e && isSpace(this.text.charCodeAt(f)); f++);
      this.firsts[line] = f;
    }
    return f;
  }
  /** Whether the text from `pos` to the end of its line is blank. */
  restBlank(pos: number): boolean {
    const line = this.lines.lineAt(pos);
    let l = this.lasts[line] ?? -2;
    if (l === -2) {
      const s = this.lines.start(line);
      for (l = this.lines.end(line) - 1; l >= s && isSpace(this.text.charCodeAt(l)); l--);
      this.lasts[line] = l;
    }
    return l < pos;
  }
  /** Whether `text[s..e)` is blank (stops at the first non-blank character). */
  blank(s: number, e: number): boolean {
    for (let k = s; k < e; k++) if (!isSpace(this.text.charCodeAt(k))) return false;
    return true;
  }
}

/** What shaping a whole-line action needs to know of a line with YAML content. */
interface LineInfo {
  line: number;
  indent: number;
  /** Content starts with `- `. */
  dashSpace: boolean;
  /** Content starts with `-` and a blank (`/^-\s/`). */
  dashBlank: boolean;
  /** Content ends with a key's colon, maybe then a comment (`/:\s*(#.*)?$/`): a value follows. */
  colonEnd: boolean;
  /** The line's key (`key:`, `- key:`, quoted), '' if none. */
  key: string;
}

const KEY = /^(?:-\s+)?["']?([\w./-]+)["']?\s*:/;

/**
 * Whether `content` matches `/:\s*(#.*)?$/`, in one pass from the end (the regex backtracks
 * quadratically on `:#:#:#...` before a line separator).
 */
function colonEnd(content: string): boolean {
  let e = content.length;
  while (e > 0 && isSpace(content.charCodeAt(e - 1))) e--;
  if (e > 0 && content[e - 1] === ':') return true;
  // `.` matches no line terminator: only a `#` after the last one may start the comment.
  for (let h = content.length - 1; h >= 0; h--) {
    const c = content.charCodeAt(h);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) break;
    if (c !== 0x23) continue;
    let p = h;
    while (p > 0 && isSpace(content.charCodeAt(p - 1))) p--;
    if (p > 0 && content[p - 1] === ':') return true;
  }
  return false;
}

/** The line's facts, or undefined for a line without YAML content (blank, comment, masked at its start). */
function describe(line: number, raw: string): LineInfo | undefined {
  const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  const content = text.trimStart();
  if (!content || content.startsWith('#') || content.startsWith(PLACEHOLDER)) return undefined;
  return {
    line,
    indent: text.length - content.length,
    dashSpace: content.startsWith('- '),
    dashBlank: content[0] === '-' && content.length > 1 && isSpace(content.charCodeAt(1)),
    colonEnd: colonEnd(content),
    key: KEY.exec(content)?.[1] ?? '',
  };
}

/** How far up the nearest content line and the parent key are looked for (lines). */
const NEIGHBOUR_LINES = 200;
const PARENT_LINES = 500;

/**
 * The lines above the action being shaped, read once each from the masked text (lines above an action
 * are final when it is shaped: actions are shaped in order): the nearest content line, and a stack of
 * content lines with increasing indentation for the nearest less indented one (the parent key).
 */
class Above {
  private next = 0;
  private last: LineInfo | undefined;
  private readonly stack: LineInfo[] = [];
  constructor(
    private readonly lines: LineTable,
    private readonly buf: MaskBuffer,
  ) {}
  private advanceTo(line: number): void {
    for (; this.next < line; this.next++) {
      const l = this.next;
      const info = describe(l, this.buf.slice(this.lines.start(l), this.lines.end(l)));
      if (!info) continue;
      this.last = info;
      while ((this.stack[this.stack.length - 1]?.indent ?? -1) >= info.indent) this.stack.pop();
      this.stack.push(info);
    }
  }
  /** The nearest line above `line` with YAML content. */
  neighbour(line: number): LineInfo | undefined {
    this.advanceTo(line);
    return this.last && line - this.last.line <= NEIGHBOUR_LINES ? this.last : undefined;
  }
  /** The key of the nearest line above `line` that is less indented than `indent` ('' if none). */
  parentKey(line: number, indent: number): string {
    this.advanceTo(line);
    let lo = 0;
    let hi = this.stack.length; // the first entry with indent >= `indent`
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.stack[mid] as LineInfo).indent < indent) lo = mid + 1;
      else hi = mid;
    }
    const q = this.stack[lo - 1];
    return q && line - q.line <= PARENT_LINES ? q.key : '';
  }
}

/** The nearest content line below an action, from the input (lines below are not masked yet). */
class Below {
  private at = -1;
  private info: LineInfo | undefined;
  constructor(
    private readonly lines: LineTable,
    private readonly text: string,
  ) {}
  find(line: number): LineInfo | undefined {
    // The last answer is the nearest content line below an earlier (smaller) line: if it is below
    // `line`, it is the nearest below `line` too, so every line is read at most once.
    if (this.at <= line) {
      this.info = undefined;
      for (this.at = line + 1; this.at < this.lines.count; this.at++) {
        const l = this.at;
        this.info = describe(l, this.text.slice(this.lines.start(l), this.lines.end(l)));
        if (this.info) break;
      }
    }
    return this.info && this.info.line - line <= NEIGHBOUR_LINES ? this.info : undefined;
  }
}

/** Masks every template action in `input` (see the module comment). */
export function maskTemplate(input: string, opts: MaskOptions): MaskedText {
  const terraformTemplate = /\.(tpl|tftpl)$/.test((opts.fileName ?? '').toLowerCase());
  const actions = findActions(input, { format: opts.format, terraformTemplate });
  if (actions.length === 0) return { text: input };
  const lines = new LineTable(input);
  const facts = new LineFacts(input, lines);
  const buf = new MaskBuffer(input);
  const above = new Above(lines, buf);
  const below = new Below(lines, input);
  const masks: Span[] = [];
  const injections: TemplateModel['injections'] = [];
  const inline = (a: Action): void => {
    buf.fill(a.start, a.end, PH);
    masks.push({ start: a.start, end: a.end });
  };
  // Group the actions by line: a line holding nothing but actions (and blanks) is a whole-line action.
  let i = 0;
  while (i < actions.length) {
    const first = actions[i] as Action;
    const line = lines.lineAt(first.start);
    const ls = lines.start(line);
    if (facts.first(line) < first.start) {
      inline(first);
      i++;
      continue;
    }
    // The run of actions separated by blanks that starts the line. Runs of different lines are
    // disjoint, and an action after one that is not whole-line is not first on its line: linear.
    let j = i;
    let pos = first.start;
    while (j < actions.length) {
      const a = actions[j] as Action;
      if (a.start < pos || !facts.blank(pos, a.start)) break;
      pos = a.end;
      j++;
      if (facts.restBlank(pos)) break;
    }
    if (!facts.restBlank(pos)) {
      inline(first);
      i++;
      continue;
    }
    const group = actions.slice(i, j);
    let gs = first.start;
    const ge = (group[group.length - 1] as Action).end;
    masks.push({ start: gs, end: ge });
    i = j;
    const control = group.every(isControl);
    const multiLine = lines.lineAt(ge) > line;
    if (control || ge - gs < 5 || opts.format !== 'yaml' || multiLine) {
      // Control flow (or a whole-line action in user data): a blank line.
      const blank = control || (opts.format === 'yaml' && multiLine);
      buf.fill(gs, ge, blank ? SPACE : PH);
      if (!control) injections.push({ start: gs, end: ge, parentKey: above.parentKey(line, gs - ls) });
      continue;
    }
    // A whole-line action producing text: shape it like its neighbours. `indent N`/`nindent N` at a
    // shallower column renders at column N: move the placeholder there (its start becomes spaces).
    let indent = gs - ls;
    const wanted = /\bn?indent\s+(\d{1,2})\b/.exec(group.map((a) => a.code).join(' '));
    const target = wanted ? Number(wanted[1]) : indent;
    if (target > indent && ge - gs - (target - indent) >= 5) {
      buf.fill(gs, gs + target - indent, SPACE);
      gs += target - indent;
      indent = target;
    }
    const up = above.neighbour(line);
    const down = below.find(line);
    buf.fill(gs, ge, PH);
    injections.push({ start: gs, end: ge, parentKey: above.parentKey(line, indent) });
    const sibling = [down, up].find((n) => n && n.indent === indent);
    const valueOfAbove = up && up.indent < indent && up.colonEnd;
    if (sibling?.dashSpace) {
      buf.set(gs, 0x2d); // '-'
      buf.set(gs + 1, SPACE);
    } else if (sibling || (up && up.indent < indent && up.dashBlank && !valueOfAbove)) {
      buf.set(ge - 3, 0x3a); // ':'
      buf.set(ge - 2, SPACE);
    }
    // Otherwise the action is the value of the key above it (or the document): an unknown scalar.
  }
  const kinds = [...new Set(actions.map((a) => a.kind))];
  return { text: buf.toString(), template: { kinds, actions: masks, injections } };
}
