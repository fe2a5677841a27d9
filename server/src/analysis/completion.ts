/**
 * Completion, as plain data: env names inside `env` lists and maps, values for booleans and
 * enums. Each provider in the list answers for one kind of position.
 */
import type { Span } from '../syntax';
import type { RuleContext } from './types';
import { envCompletion } from './completions/envCompletion';

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

export const completionProviders: CompletionProvider[] = [envCompletion];

export function complete(ctx: RuleContext, offset: number): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  for (const provider of completionProviders) out.push(...provider(ctx, offset));
  return out;
}
