/**
 * Explanations attached to every engine result: ordered steps, notes and upstream sources, plus renderers for
 * hovers (Markdown) and `--explain` (plain text). Pure. The renderers shorten what may quote a user's value
 * (titles, string values, formulas, notes) with `shown`, so an explanation of a 4 MB value is not 4 MB.
 *
 * @module
 */
import { shown } from './shorten';

/** Longest note, title, label or formula kept whole (a value is kept whole up to `MAX_SHOWN`). */
const MAX_NOTE = 600;

/** One step of a calculation. */
export interface ExplanationStep {
  /** What this step computes, e.g. "ENIs usable for pods". */
  readonly label: string;
  /** The arithmetic with numbers filled in, e.g. "3 x (10 - 1) + 2". */
  readonly formula?: string;
  readonly value: number | string | boolean | null;
}

/** How a result was reached. */
export interface Explanation {
  readonly steps: ExplanationStep[];
  /** Caveats, fallbacks, ignored settings, data gaps. */
  readonly notes: string[];
  /** Upstream sources (`owner/repo:path function`). */
  readonly sources: string[];
}

/** Mutable builder used inside the engine. */
export class ExplanationBuilder {
  readonly steps: ExplanationStep[] = [];
  readonly notes: string[] = [];
  readonly sources: string[] = [];

  step(label: string, value: ExplanationStep['value'], formula?: string): this {
    this.steps.push(formula === undefined ? { label, value } : { label, formula, value });
    return this;
  }

  note(text: string): this {
    if (!this.notes.includes(text)) this.notes.push(text);
    return this;
  }

  source(...src: string[]): this {
    for (const s of src) if (!this.sources.includes(s)) this.sources.push(s);
    return this;
  }

  build(): Explanation {
    return { steps: [...this.steps], notes: [...this.notes], sources: [...this.sources] };
  }
}

function fmt(v: ExplanationStep['value']): string {
  return v === null ? 'n/a' : shown(String(v));
}

const note = (n: string): string => shown(n, MAX_NOTE);

/** Render as Markdown (for hovers): a numbered list of steps, then notes, then sources. */
export function explanationToMarkdown(e: Explanation, title?: string): string {
  const out: string[] = [];
  if (title) out.push(`**${note(title)}**`, '');
  e.steps.forEach((s, i) => {
    const f = s.formula ? ` = \`${note(s.formula)}\`` : '';
    out.push(`${i + 1}. ${note(s.label)}${f} → **${fmt(s.value)}**`);
  });
  if (e.notes.length > 0) {
    out.push('');
    for (const n of e.notes) out.push(`- ${note(n)}`);
  }
  if (e.sources.length > 0) {
    out.push('', `_Source: ${e.sources.map((s) => `\`${s}\``).join(', ')}_`);
  }
  return out.join('\n');
}

/** Render as plain text (for `--explain`). */
export function explanationToText(e: Explanation, title?: string): string {
  const out: string[] = [];
  if (title) out.push(note(title));
  e.steps.forEach((s, i) => {
    const f = s.formula ? ` = ${note(s.formula)}` : '';
    out.push(`  ${i + 1}. ${note(s.label)}${f} -> ${fmt(s.value)}`);
  });
  for (const n of e.notes) out.push(`  note: ${note(n)}`);
  if (e.sources.length > 0) out.push(`  source: ${e.sources.join('; ')}`);
  return out.join('\n');
}
