/**
 * Inlay hints, as plain data: effective capacity after instance types and max-pods values
 * (e.g. `29 pods · 110 with prefix delegation`).
 */
import type { Span } from '../syntax';
import type { RuleContext } from './types';
import type { InlayHintEntry, InlayHintProvider } from './features';
import { capacityInlayHints } from './inlay/capacityHints';

export const inlayHintProviders: InlayHintProvider[] = [capacityInlayHints];

export function inlayHints(ctx: RuleContext, range: Span): InlayHintEntry[] {
  const out: InlayHintEntry[] = [];
  for (const provider of inlayHintProviders) out.push(...provider(ctx, range));
  return out.sort((a, b) => a.offset - b.offset);
}
