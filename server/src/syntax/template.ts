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
 */
import type { Span, TemplateKind, TemplateModel } from './model';

/** The placeholder character: private use, a valid plain-scalar character in YAML 1.2 (nb-char). */
export const PLACEHOLDER = '\uE000';

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

interface Action {
  start: number;
  end: number;
  kind: TemplateKind;
  /** The action's code (between the delimiters), for telling control actions from output. */
  code: string;
}

/** End (exclusive) of a Go template action starting at `start` (`{{`), skipping strings and comments. */
function goActionEnd(text: string, start: number): number {
  let i = start + 2;
  if (text[i] === '-' && text[i + 1] === ' ') i++;
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return -1;
      i = close + 2;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      i = stringEnd(text, i, c, c !== '`');
      if (i < 0) return -1;
      continue;
    }
    if (c === '}' && text[i + 1] === '}') return i + 2;
    if (c === '{' && text[i + 1] === '{') return -1; // an unclosed action before this one
    i++;
  }
  return -1;
}

/** Index just after the string that opens at `i` with `quote`. */
function stringEnd(text: string, i: number, quote: string, escapes: boolean): number {
  let k = i + 1;
  while (k < text.length) {
    const c = text[k];
    if (escapes && c === '\\') k += 2;
    else if (c === quote) return k + 1;
    else if (c === '\n' && quote !== '`') return -1;
    else k++;
  }
  return -1;
}

/** End (exclusive) of a Terraform `${`/`%{` sequence at `start`, counting braces and skipping strings. */
function hclEnd(text: string, start: number): number {
  let depth = 0;
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      // Strings in HCL expressions may hold templates of their own; skip to the closing quote.
      let k = i + 1;
      let inner = 0;
      while (k < text.length && (text[k] !== '"' || inner > 0)) {
        if (text[k] === '\\') k++;
        else if (text[k] === '$' && text[k + 1] === '{') {
          inner++;
          k++;
        } else if (text[k] === '}' && inner > 0) inner--;
        else if (text[k] === '\n') return -1;
        k++;
      }
      i = k + 1;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return -1;
}

/** Go fmt verbs as Go test fixtures write them (`%s`, `%d`, `%q`, `%v`, `%-5d`, `%.2f`); `%%` is a literal. */
const GO_VERB = /%(?:%|[-+# 0]?\d{0,3}(?:\.\d{1,3})?[sdvqtxXfgbeoc])/y; // sticky: matched at lastIndex only

function findActions(text: string, opts: MaskOptions): Action[] {
  const out: Action[] = [];
  const name = (opts.fileName ?? '').toLowerCase();
  // `.tpl` is both Helm's (`templates/_helpers.tpl`) and Terraform's (terraform-aws-eks `templates/*.tpl`):
  // Terraform's syntax is masked in both (Helm helpers hold no `${`), Helm's wherever `{{` occurs.
  const terraformTemplate = /\.(tpl|tftpl)$/.test(name);
  const helm = text.includes('{{');
  const hcl = terraformTemplate || (opts.format === 'yaml' && (text.includes('${') || text.includes('%{')));
  const goFmt = opts.format === 'yaml' && !terraformTemplate && text.includes('%');
  if (!helm && !hcl && !goFmt) return out;
  // Jump from candidate to candidate (`{`, `$`, `%`) rather than looking at every character.
  const candidates = /[{$%]/g;
  for (let i = 0; i < text.length; i++) {
    candidates.lastIndex = i;
    const hit = candidates.exec(text);
    if (!hit) break;
    i = hit.index;
    const c = text[i];
    const next = text[i + 1];
    if (helm && c === '{' && next === '{') {
      const end = goActionEnd(text, i);
      if (end < 0) continue;
      out.push({ start: i, end, kind: 'helm', code: text.slice(i + 2, end - 2) });
      i = end - 1;
    } else if (hcl && (c === '$' || c === '%') && next === '{') {
      if (text[i - 1] === c) continue; // `$${` and `%%{` are escapes for a literal `${` / `%{`
      const end = hclEnd(text, i);
      if (end < 0) continue;
      out.push({ start: i, end, kind: 'terraform', code: text.slice(i + 2, end - 1) });
      i = end - 1;
    } else if (goFmt && c === '%') {
      GO_VERB.lastIndex = i;
      const m = GO_VERB.exec(text);
      if (!m || m.index !== i) continue;
      if (m[0] !== '%%') out.push({ start: i, end: i + m[0].length, kind: 'go-printf', code: m[0] });
      i += m[0].length - 1;
    }
  }
  return out;
}

/** Go template and Terraform keywords of actions that produce no text. */
const CONTROL =
  /^\s*(?:-\s*)?(?:\/\*|(?:if|else|end|range|with|define|block|break|continue|for|endfor|endif)\b|\$[\w.]*\s*:?=)/;

function isControl(a: Action): boolean {
  return a.kind !== 'go-printf' && CONTROL.test(a.code.replace(/^~/, ''));
}

function lineStart(text: string, i: number): number {
  return text.lastIndexOf('\n', i - 1) + 1;
}

function lineEnd(text: string, i: number): number {
  const n = text.indexOf('\n', i);
  return n < 0 ? text.length : n;
}

/** The nearest line above `from` (a line start) with YAML content, as [indent, content]. */
function neighbour(chars: string[], text: string, from: number, dir: -1 | 1): [number, string] | undefined {
  let s = from;
  for (let k = 0; k < 200; k++) {
    if (dir < 0) {
      if (s === 0) return undefined;
      s = lineStart(text, s - 1);
    } else {
      const e = lineEnd(text, s);
      if (e >= text.length) return undefined;
      s = e + 1;
    }
    const line = chars.slice(s, lineEnd(text, s)).join('').replace(/\r$/, '');
    const content = line.trimStart();
    if (!content || content.startsWith('#') || content.startsWith(PLACEHOLDER)) continue;
    return [line.length - content.length, content];
  }
  return undefined;
}

/** The key of the nearest line above `from` that is less indented than `indent` ('' at the top level). */
function parentKeyOf(chars: string[], text: string, from: number, indent: number): string {
  let s = from;
  for (let k = 0; k < 500 && s > 0; k++) {
    s = lineStart(text, s - 1);
    const line = chars.slice(s, lineEnd(text, s)).join('');
    const content = line.trimStart();
    if (!content || content.startsWith('#') || content.startsWith(PLACEHOLDER)) continue;
    const lineIndent = line.length - content.length;
    if (lineIndent >= indent) continue;
    const key = /^(?:-\s+)?["']?([\w./-]+)["']?\s*:/.exec(content);
    return key?.[1] ?? '';
  }
  return '';
}

/** Masks every template action in `text` (see the module comment). */
export function maskTemplate(input: string, opts: MaskOptions): MaskedText {
  const actions = findActions(input, opts);
  if (actions.length === 0) return { text: input };
  const chars = input.split('');
  const masks: Span[] = [];
  const injections: TemplateModel['injections'] = [];
  const fill = (s: number, e: number, ch: string) => {
    for (let k = s; k < e; k++) if (chars[k] !== '\n' && chars[k] !== '\r') chars[k] = ch;
  };
  // Group the actions by line: a line holding nothing but actions (and blanks) is a whole-line action.
  let i = 0;
  while (i < actions.length) {
    const first = actions[i] as Action;
    const ls = lineStart(input, first.start);
    let j = i;
    let pos = first.start;
    let onlyActions = input.slice(ls, first.start).trim() === '';
    while (j < actions.length && (actions[j] as Action).start >= pos) {
      const a = actions[j] as Action;
      if (input.slice(pos, a.start).trim() !== '') break;
      pos = a.end;
      j++;
      if (input.slice(pos, lineEnd(input, pos)).trim() === '') break;
    }
    const group = actions.slice(i, j);
    const le = lineEnd(input, pos);
    onlyActions &&= group.length > 0 && input.slice(pos, le).trim() === '';
    if (!onlyActions || group.length === 0) {
      const a = first;
      fill(a.start, a.end, PLACEHOLDER);
      masks.push({ start: a.start, end: a.end });
      i++;
      continue;
    }
    let gs = first.start;
    const ge = (group[group.length - 1] as Action).end;
    masks.push({ start: gs, end: ge });
    i = j;
    if (
      group.every(isControl) ||
      ge - gs < 5 ||
      opts.format !== 'yaml' ||
      input.slice(gs, ge).includes('\n')
    ) {
      // Control flow (or a whole-line action in user data): a blank line.
      const control = group.every(isControl);
      const blank = control || (opts.format === 'yaml' && input.slice(gs, ge).includes('\n'));
      fill(gs, ge, blank ? ' ' : PLACEHOLDER);
      if (!control)
        injections.push({ start: gs, end: ge, parentKey: parentKeyOf(chars, input, ls, gs - ls) });
      continue;
    }
    // A whole-line action producing text: shape it like its neighbours. `indent N`/`nindent N` at a
    // shallower column renders at column N: move the placeholder there (its start becomes spaces).
    let indent = gs - ls;
    const wanted = /\bn?indent\s+(\d{1,2})\b/.exec(group.map((a) => a.code).join(' '));
    const target = wanted ? Number(wanted[1]) : indent;
    if (target > indent && ge - gs - (target - indent) >= 5) {
      fill(gs, gs + target - indent, ' ');
      gs += target - indent;
      indent = target;
    }
    const above = neighbour(chars, input, ls, -1);
    const below = neighbour(chars, input, ls, 1);
    fill(gs, ge, PLACEHOLDER);
    injections.push({ start: gs, end: ge, parentKey: parentKeyOf(chars, input, ls, indent) });
    const sibling = [below, above].find((n) => n && n[0] === indent);
    const valueOfAbove = above && above[0] < indent && /:\s*(#.*)?$/.test(above[1]);
    if (sibling?.[1].startsWith('- ')) {
      chars[gs] = '-';
      chars[gs + 1] = ' ';
    } else if (sibling || (above && above[0] < indent && /^-\s/.test(above[1]) && !valueOfAbove)) {
      chars[ge - 3] = ':';
      chars[ge - 2] = ' ';
    }
    // Otherwise the action is the value of the key above it (or the document): an unknown scalar.
  }
  const kinds = [...new Set(actions.map((a) => a.kind))];
  return { text: chars.join(''), template: { kinds, actions: masks, injections } };
}
