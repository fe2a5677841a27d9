/**
 * Finding the template actions of a text (see `template.ts` for what is masked and why): Helm/Go
 * `{{ ... }}`, Terraform `${ ... }` and `%{ ... }`, Go fmt verbs.
 *
 * One forward pass from candidate to candidate. An action that closes is skipped whole, so the scans of
 * actions that close cover disjoint text. A scan that finds no end (an unclosed `{{`, `{{/*`, `${`, or a
 * string that never closes) may have read far, and the next candidate may be inside what it read: that
 * is where a crafted text (`${${${...`, `{{/* {{/* ...`) made masking quadratic. Such scans draw on a
 * budget of `FAILED_SCAN_BUDGET` characters per character of text (plus a constant); once it is spent,
 * every further candidate is masked to the end of its line without scanning: more is masked, never less,
 * so values near the hostile text become unknown rather than wrong, and the whole pass stays linear.
 *
 * Sources for the syntax: Go text/template (pkg.go.dev/text/template: `{{`/`}}`, `{{-`/`-}}`, comments
 * `{{/* *\/}}`, strings "..." and `...`, characters '.'), Terraform string templates
 * (developer.hashicorp.com/terraform/language/expressions/strings: `${ }`, `%{ }`, `$${` and `%%{`
 * escapes), Go fmt verbs (pkg.go.dev/fmt).
 */
import type { TemplateKind } from './model';

export interface Action {
  start: number;
  end: number;
  kind: TemplateKind;
  /** The action's code (between the delimiters), for telling control actions from output. */
  code: string;
}

export interface ScanOptions {
  /** `.tpl`/`.tftpl` files are Terraform templates. */
  terraformTemplate: boolean;
  /** `yaml` masks Go fmt verbs and Terraform interpolation; `user-data` only in Terraform templates. */
  format: 'yaml' | 'user-data';
}

/** Characters that scans finding no end may read, per character of text, before the fallback. */
export const FAILED_SCAN_BUDGET = 4;
const BUDGET_CONSTANT = 65_536;

/** The scan found no end. */
const FAIL = -1;
/** The scan reached the budget's limit before finding out. */
const OVER = -2;

/** Scans one action at a time; `reached` is where the last scan stopped, for charging failures. */
class Scanner {
  reached = 0;
  /** Budget left for scans that find no end. */
  left: number;
  constructor(readonly text: string) {
    this.left = FAILED_SCAN_BUDGET * text.length + BUDGET_CONSTANT;
  }

  /** Runs `scan` from `start`; a failure is charged to the budget; `OVER` once it is spent. */
  run(start: number, scan: (start: number, stop: number) => number): number {
    const stop = Math.min(this.text.length, start + this.left);
    const end = scan(start, stop);
    if (end === FAIL) this.left -= Math.max(1, this.reached - start);
    return end;
  }

  /** End (exclusive) of a Go template action at `start` (`{{`), skipping strings and comments. */
  goAction = (start: number, stop: number): number => {
    const text = this.text;
    let i = start + 2;
    if (text[i] === '-' && text[i + 1] === ' ') i++;
    while (i < stop) {
      const c = text[i];
      if (c === '/' && text[i + 1] === '*') {
        const close = text.indexOf('*/', i + 2);
        if (close < 0) return this.fail(text.length);
        if (close + 2 > stop) return OVER;
        i = close + 2;
        continue;
      }
      if (c === '"' || c === "'" || c === '`') {
        i = this.stringEnd(i, c, c !== '`', stop);
        if (i < 0) return i;
        continue;
      }
      if (c === '}' && text[i + 1] === '}') return i + 2;
      if (c === '{' && text[i + 1] === '{') return this.fail(i); // an unclosed action before this one
      i++;
    }
    return stop < text.length ? OVER : this.fail(text.length);
  };

  /** Index just after the string that opens at `i` with `quote`. */
  private stringEnd(i: number, quote: string, escapes: boolean, stop: number): number {
    const text = this.text;
    let k = i + 1;
    while (k < stop) {
      const c = text[k];
      if (escapes && c === '\\') k += 2;
      else if (c === quote) return k + 1;
      else if (c === '\n' && quote !== '`') return this.fail(k);
      else k++;
    }
    return stop < text.length ? OVER : this.fail(text.length);
  }

  /** End (exclusive) of a Terraform `${`/`%{` sequence at `start`, counting braces and skipping strings. */
  hcl = (start: number, stop: number): number => {
    const text = this.text;
    let depth = 0;
    let i = start + 1;
    while (i < stop) {
      const c = text[i];
      if (c === '"') {
        // Strings in HCL expressions may hold templates of their own; skip to the closing quote.
        let k = i + 1;
        let inner = 0;
        while (k < stop && (text[k] !== '"' || inner > 0)) {
          if (text[k] === '\\') k++;
          else if (text[k] === '$' && text[k + 1] === '{') {
            inner++;
            k++;
          } else if (text[k] === '}' && inner > 0) inner--;
          else if (text[k] === '\n') return this.fail(k);
          k++;
        }
        if (k >= stop) return stop < text.length ? OVER : this.fail(text.length);
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
    return stop < text.length ? OVER : this.fail(text.length);
  };

  private fail(at: number): number {
    this.reached = at;
    return FAIL;
  }
}

/** Go fmt verbs as Go test fixtures write them (`%s`, `%d`, `%q`, `%v`, `%-5d`, `%.2f`); `%%` is a literal. */
const GO_VERB = /%(?:%|[-+# 0]?\d{0,3}(?:\.\d{1,3})?[sdvqtxXfgbeoc])/y; // sticky: matched at lastIndex only

/** The template actions of `text`, sorted and disjoint. */
export function findActions(text: string, opts: ScanOptions): Action[] {
  const out: Action[] = [];
  // `.tpl` is both Helm's (`templates/_helpers.tpl`) and Terraform's (terraform-aws-eks `templates/*.tpl`):
  // Terraform's syntax is masked in both (Helm helpers hold no `${`), Helm's wherever `{{` occurs.
  const helm = text.includes('{{');
  const hcl =
    opts.terraformTemplate || (opts.format === 'yaml' && (text.includes('${') || text.includes('%{')));
  const goFmt = opts.format === 'yaml' && !opts.terraformTemplate && text.includes('%');
  if (!helm && !hcl && !goFmt) return out;
  const scanner = new Scanner(text);
  let spent = false;
  /** Once the budget is spent: the candidate's action runs to the end of its line. */
  const toLineEnd = (i: number, kind: TemplateKind, open: number): number => {
    const nl = text.indexOf('\n', i);
    let end = nl < 0 ? text.length : nl;
    if (end > i && text[end - 1] === '\r') end--;
    out.push({ start: i, end, kind, code: text.slice(i + open, end) });
    return end;
  };
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 0x7b && code !== 0x24 && code !== 0x25) continue; // candidates: `{`, `$`, `%`
    const c = text[i];
    const next = text[i + 1];
    if (helm && c === '{' && next === '{') {
      const end = spent ? OVER : scanner.run(i, scanner.goAction);
      if (end === FAIL) continue;
      if (end === OVER) {
        spent = true;
        i = toLineEnd(i, 'helm', 2) - 1;
        continue;
      }
      out.push({ start: i, end, kind: 'helm', code: text.slice(i + 2, end - 2) });
      i = end - 1;
    } else if (hcl && (c === '$' || c === '%') && next === '{') {
      if (text[i - 1] === c) continue; // `$${` and `%%{` are escapes for a literal `${` / `%{`
      const end = spent ? OVER : scanner.run(i, scanner.hcl);
      if (end === FAIL) continue;
      if (end === OVER) {
        spent = true;
        i = toLineEnd(i, 'terraform', 2) - 1;
        continue;
      }
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
