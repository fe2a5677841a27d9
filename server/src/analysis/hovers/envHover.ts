/** Hover on an `aws-node` env var name: what it does, its type, and the value here. */
import { envVarInfo } from '../envCatalog';
import { inside, type HoverResult } from '../hover';
import type { RuleContext } from '../types';

export function envHover(ctx: RuleContext, offset: number): HoverResult | undefined {
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
