/**
 * Text embedded in HCL strings and heredocs as views (`../view.ts`): YAML, JSON, TOML, shell and
 * MIME in a `user_data`, `yaml_body`, `configuration_values` or `values` string go through the
 * ordinary readers, with every character mapped back to the `.tf` file (escapes included) and edits
 * escaped for the string or heredoc they land in (`hcl-quoted`, `hcl-heredoc` in `model.ts`).
 *
 * Interpolations and directives (`${...}`, `%{...}`) are masked as `template.ts` masks them in a
 * `.tftpl`: an interpolation becomes placeholder characters, one per character of its source, so a
 * value touching it reads as unknown; a directive becomes spaces (invisible to YAML, TOML and shell).
 * The masked ranges come back as `actions` (file spans), for `TemplateModel.actions`.
 */
import type { Span } from '../model';
import { PLACEHOLDER } from '../template';
import { View } from '../view';
import type { HclExpr } from './ast';

export type HclTemplate = Extract<HclExpr, { kind: 'template' }>;

export interface TemplateView {
  view: View;
  /** Interpolations and directives, masked in the view (file spans, in order). */
  actions: Span[];
}

/**
 * The text of `t` (a quoted string or a heredoc of `file`'s text) as a view onto the file. `prefix`
 * is text the tool writes before it (the module's `bootstrap.sh` command before
 * `bootstrap_extra_args`): it reads as part of the view and maps to the empty span where the content
 * starts.
 */
export function templateView(file: View, t: HclTemplate, prefix = ''): TemplateView {
  let text = prefix;
  const first = t.parts.find((p) => p.kind !== 'lit' || p.starts.length > 0);
  const at = first
    ? first.kind === 'lit'
      ? (first.starts[0] ?? 0)
      : first.span.start
    : contentEnd(file.src, t);
  const starts: number[] = Array.from({ length: prefix.length }, () => at);
  const ends: number[] = [...starts];
  const actions: Span[] = [];
  for (const p of t.parts) {
    if (p.kind === 'lit') {
      text += p.text;
      for (let i = 0; i < p.starts.length; i++) {
        starts.push(p.starts[i] ?? 0);
        ends.push(p.ends[i] ?? 0);
      }
      continue;
    }
    actions.push({ ...p.span });
    const fill = p.kind === 'interp' ? PLACEHOLDER : ' ';
    for (let o = p.span.start; o < p.span.end; o++) {
      const c = file.src[o];
      // Keep line breaks of a multi-line action, so the lines after it stay where they are.
      text += c === '\n' ? '\n' : fill;
      starts.push(o);
      ends.push(o + 1);
    }
  }
  const end = contentEnd(file.src, t);
  starts.push(end);
  ends.push(end);
  const heredoc = t.heredoc === true;
  const view = file.mapped(
    text,
    Int32Array.from(starts),
    Int32Array.from(ends),
    heredoc ? 'hcl-heredoc' : 'hcl-quoted',
    {
      indent: heredoc ? strippedIndent(file.src, t, text, starts) : '',
      newlinesOk: true,
      carrier: { ...t.span },
    },
  );
  return { view, actions };
}

/** Where the content of `t` ends in the file: before the closing quote or the heredoc's end-marker line. */
function contentEnd(src: string, t: HclTemplate): number {
  if (!t.heredoc)
    return src[t.span.end - 1] === '"' && t.span.end - 1 > t.span.start ? t.span.end - 1 : t.span.end;
  // The end marker's line starts after the last line break before the marker.
  let e = t.span.end;
  while (e > t.span.start && /[A-Za-z0-9_-]/.test(src[e - 1] ?? '')) e--;
  return src.lastIndexOf('\n', e - 1) + 1;
}

/**
 * The indentation a flush heredoc (`<<-`) removed from its lines, which new lines must carry: the
 * file text before the first character of a content line that starts one in the file.
 */
function strippedIndent(src: string, t: HclTemplate, text: string, starts: number[]): string {
  const opener = src.slice(t.span.start, t.span.start + 3);
  if (opener !== '<<-') return '';
  for (let i = 0; i < text.length; i++) {
    if (i > 0 && text[i - 1] !== '\n') continue;
    if (text[i] === '\n') continue;
    const at = starts[i] ?? 0;
    const ls = src.lastIndexOf('\n', at - 1) + 1;
    const lead = src.slice(ls, at);
    if (/^[ \t]*$/.test(lead)) return lead;
  }
  return '';
}
