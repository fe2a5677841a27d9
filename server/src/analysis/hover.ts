/**
 * Hovers: Markdown for the value under the cursor. Each provider in `hovers/` looks at one kind
 * of value; the first that answers wins. Every hover is bounded (`boundHover`): a 4 MB value gives a
 * hover that quotes its start, end and length.
 */
import { boundHover } from './messages';
import type { RuleContext } from './types';
import type { HoverProvider, HoverResult } from './features';
import { envHover } from './hovers/envHover';
import { capacityHover } from './hovers/capacityHover';

// capacityHover answers for warm targets and mode switches with envHover's text plus the simulated pool.
export const hoverProviders: HoverProvider[] = [capacityHover, envHover];

export function hover(ctx: RuleContext, offset: number): HoverResult | undefined {
  for (const provider of hoverProviders) {
    const h = provider(ctx, offset);
    // Providers quote values with `shown`; this is the last line of defence (issue 17).
    if (h) return { ...h, markdown: boundHover(h.markdown) };
  }
  return undefined;
}
