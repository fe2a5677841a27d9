/**
 * Completion, as plain data: env names inside `env` lists and maps, values for booleans and
 * enums. Each provider in the list answers for one kind of position.
 */
import type { RuleContext } from './types';
import type { CompletionEntry, CompletionProvider } from './features';
import { envCompletion } from './completions/envCompletion';

export const completionProviders: CompletionProvider[] = [envCompletion];

export function complete(ctx: RuleContext, offset: number): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  for (const provider of completionProviders) out.push(...provider(ctx, offset));
  return out;
}
