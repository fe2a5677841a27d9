/**
 * Hovers: Markdown for the value under the cursor. Each provider in `hovers/` looks at one kind
 * of value; the first that answers wins.
 */
import type { Span } from '../syntax';
import type { RuleContext } from './types';
import { envHover } from './hovers/envHover';
import { capacityHover } from './hovers/capacityHover';

export interface HoverResult {
  markdown: string;
  span: Span;
}

export type HoverProvider = (ctx: RuleContext, offset: number) => HoverResult | undefined;

// capacityHover answers for warm targets and mode switches with envHover's text plus the simulated pool.
export const hoverProviders: HoverProvider[] = [capacityHover, envHover];

export function hover(ctx: RuleContext, offset: number): HoverResult | undefined {
  for (const provider of hoverProviders) {
    const h = provider(ctx, offset);
    if (h) return h;
  }
  return undefined;
}

export const inside = (span: Span, offset: number): boolean => offset >= span.start && offset <= span.end;
