/**
 * Editor features as plain data: the shapes of hovers, completion entries and inlay hints, and the
 * provider signatures. `hover.ts`, `completion.ts` and `inlayHints.ts` list the providers; the providers in
 * `hovers/`, `completions/` and `inlay/` import their types from here (never from the lists that import them).
 */
import type { Span } from '../syntax';
import type { RuleContext } from './types';

export interface HoverResult {
  markdown: string;
  span: Span;
}

export type HoverProvider = (ctx: RuleContext, offset: number) => HoverResult | undefined;

export type CompletionKind = 'property' | 'value' | 'enum' | 'keyword';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  /** Text to insert (default: label). */
  insertText?: string;
  /** Range replaced by the insertion (default: the word at the cursor). */
  replace?: Span;
  detail?: string;
  documentation?: string;
  deprecated?: boolean;
  sortText?: string;
}

export type CompletionProvider = (ctx: RuleContext, offset: number) => CompletionEntry[];

export interface InlayHintEntry {
  /** Offset the hint is shown at (after the value). */
  offset: number;
  label: string;
  tooltip?: string;
}

export type InlayHintProvider = (ctx: RuleContext, range: Span) => InlayHintEntry[];

/** Whether `offset` is within `span` (either end included: the cursor may sit just after a value). */
export const inside = (span: Span, offset: number): boolean => offset >= span.start && offset <= span.end;
