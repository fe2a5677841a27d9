/**
 * An env var name the CNI never reads.
 *
 * **Triggers:** an entry in the `aws-node` or `aws-vpc-cni-init` container env (DaemonSet,
 * Helm values `env`/`init.env`, add-on configuration `env`/`init.env`) whose name is not one
 * the CNI reads. Names are case-sensitive: `ENABLE_IPV6` is not `ENABLE_IPv6`.
 *
 * **Why it matters:** the CNI looks env vars up by exact name (`os.Getenv`), so a typo is
 * silently ignored and the setting keeps its default. A misspelled `WARM_IP_TARGET` leaves
 * the warm pool at a whole ENI of free IPs; a misspelled `ENABLE_PREFIX_DELEGATION` leaves
 * prefix delegation off while max-pods was raised for it.
 *
 * **Fix:** rename to the suggested name (quick fix), or remove the entry.
 */
import type { Finding, Rule, RuleContext } from '../types';
import { envVarInfo, knownEnvNames } from '../envCatalog';
import { suggest } from '../suggest';
import { scalarReplacement } from '../../syntax';

export const rule: Rule = {
  code: 'unknown-env-var',
  title: 'Env var name that the VPC CNI never reads',
  defaultSeverity: 'warning',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const names = knownEnvNames();
    for (const source of ctx.model.cni) {
      for (const env of [...source.env, ...source.initEnv]) {
        if (envVarInfo(env.name)) continue;
        const candidates = suggest(env.name, names);
        const where = env.container === 'aws-vpc-cni-init' ? 'the aws-vpc-cni-init container' : 'aws-node';
        const hint = candidates.length
          ? ` Did you mean ${candidates.map((c) => `\`${c}\``).join(' or ')}?`
          : '';
        out.push({
          code: 'unknown-env-var',
          severity: 'warning',
          message: `\`${env.name}\` is not read by ${where}: the setting is silently ignored.${hint}`,
          span: env.nameSpan,
          fixes: candidates.flatMap((c, i) => {
            const edit = scalarReplacement(ctx.text, env.nameSpan, c, { embed: env.embed });
            return edit ? [{ title: `Rename to ${c}`, preferred: i === 0, edits: [edit] }] : [];
          }),
        });
      }
    }
    return out;
  },
};
