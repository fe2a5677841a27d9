/**
 * A deprecated env var that no longer does anything.
 *
 * **Triggers:** `AWS_VPC_K8S_CNI_CONFIGURE_RPFILTER` (a no-op since v1.12.1) and `ENABLE_NFTABLES`
 * (a no-op since v1.13.2), and any other variable marked `deprecated` in
 * `schemas/aws-node-env.schema.json`; not reported when the image tag is older than the deprecation.
 *
 * **Why it matters:** the setting suggests a behaviour the CNI no longer has (the init container
 * always configures rp_filter; the iptables mode is detected), which misleads whoever reads the
 * manifest later.
 *
 * **Fix:** remove the entry (quick fix).
 */
import { compareCniVersion } from '../../engine';
import { fixes, fixOf, removalEdit } from '../cniConfig';
import { envVarInfo } from '../envCatalog';
import type { Finding, Rule, RuleContext } from '../types';

export const rule: Rule = {
  code: 'deprecated-env-var',
  title: 'Deprecated env var that no longer does anything',
  defaultSeverity: 'information',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const source of ctx.model.cni) {
      for (const env of [...source.env, ...source.initEnv]) {
        const dep = envVarInfo(env.name)?.deprecated;
        if (!dep) continue;
        const tag = source.cniVersion?.value;
        if (tag && dep.since && (compareCniVersion(tag, dep.since) ?? 0) < 0) continue;
        out.push({
          code: 'deprecated-env-var',
          severity: 'information',
          message: `\`${env.name}\` is deprecated${dep.since ? ` since CNI v${dep.since}` : ''} and does nothing: ${dep.note}.`,
          span: env.nameSpan,
          tags: ['deprecated'],
          fixes: fixes(fixOf(`Remove ${env.name}`, [removalEdit(env)], true)),
        });
      }
    }
    return out;
  },
};
