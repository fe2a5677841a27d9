/** Hovers: Markdown for the value under the cursor. */
import type { Span } from '../syntax';
import { envVarInfo } from './envCatalog';
import type { RuleContext } from './types';

export interface HoverResult {
  markdown: string;
  span: Span;
}

const inside = (span: Span, offset: number) => offset >= span.start && offset <= span.end;

function envHover(ctx: RuleContext, offset: number): HoverResult | undefined {
  for (const source of ctx.model.cni) {
    for (const env of [...source.env, ...source.initEnv]) {
      if (!inside(env.nameSpan, offset)) continue;
      const info = envVarInfo(env.name);
      if (!info)
        return { span: env.nameSpan, markdown: `**${env.name}** is not an env var the VPC CNI reads.` };
      const lines = [`**${env.name}** (${info.kind}, read by ${info.containers.join(', ')})`];
      if (info.description) lines.push('', info.description);
      if (env.value !== undefined) lines.push('', `Value here: \`${env.value}\``);
      return { span: env.nameSpan, markdown: lines.join('\n') };
    }
  }
  return undefined;
}

export function hover(ctx: RuleContext, offset: number): HoverResult | undefined {
  return envHover(ctx, offset);
}
