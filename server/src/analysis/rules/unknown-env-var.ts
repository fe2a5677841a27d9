/**
 * An env var name the CNI never reads, or one set on the wrong container.
 *
 * **Triggers:** an entry in the `aws-node` or `aws-vpc-cni-init` container env (DaemonSet,
 * Helm values `env`/`init.env`, add-on configuration `env`/`init.env`) whose name is not one
 * the CNI reads there. Names are case-sensitive: `ENABLE_IPV6` is not `ENABLE_IPv6`. A known
 * name on the other container (`DISABLE_TCP_EARLY_DEMUX` on `aws-node`, `WARM_IP_TARGET` on the
 * init container) is reported too, and so is a variable only older CNIs read (`WATCH_NAMESPACE`, last read by
 * v1.5.0) when the image tag is newer. Names the AWS SDK inside aws-node reads (`AWS_REGION`, the IRSA and Pod
 * Identity variables, ...) are known: `schemas/aws-node-env.schema.json` lists them with their SDK source.
 *
 * **Why it matters:** the CNI looks env vars up by exact name (`os.Getenv`), and each process
 * reads only its own container's env, so a typo or a misplaced entry is silently ignored and the
 * setting keeps its default. A misspelled `WARM_IP_TARGET` leaves the warm pool at a whole ENI of
 * free IPs; a misspelled `ENABLE_PREFIX_DELEGATION` leaves prefix delegation off while max-pods
 * was raised for it.
 *
 * **Fix:** rename to the suggested name (quick fix), move the entry to the container that reads
 * it, or remove it.
 */
import type { Finding, Rule, RuleContext } from '../types';
import { envVarInfo, readBy, suggestEnvNames } from '../envCatalog';
import { scalarReplacement } from '../../syntax';
import { compareCniVersion } from '../../engine';

const containerLabel = (c: string): string =>
  c === 'aws-vpc-cni-init' ? 'the aws-vpc-cni-init init container' : 'the aws-node container';

export const rule: Rule = {
  code: 'unknown-env-var',
  title: 'Env var name that the VPC CNI never reads',
  defaultSeverity: 'warning',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const source of ctx.model.cni) {
      for (const env of [...source.env, ...source.initEnv]) {
        const info = envVarInfo(env.name);
        if (info && readBy(info, env.container)) {
          // Read only up to `until` (schemas/aws-node-env.schema.json, checked against the CNI's tags with
          // scripts/list-cni-env-reads.ts): a newer image ignores it. Without a known image tag, it may be read.
          const tag = source.cniVersion?.value;
          const cmp = info.until && tag ? compareCniVersion(tag, info.until) : undefined;
          if (cmp !== undefined && cmp > 0) {
            out.push({
              code: 'unknown-env-var',
              severity: 'warning',
              message: `\`${env.name}\` was last read by CNI v${info.until}; image ${tag} ignores it: the setting is silently ignored.`,
              span: env.nameSpan,
            });
          }
          continue;
        }
        const where = env.container === 'aws-vpc-cni-init' ? 'the aws-vpc-cni-init container' : 'aws-node';
        if (info) {
          const other = info.containers.map(containerLabel).join(' and ');
          out.push({
            code: 'unknown-env-var',
            severity: 'warning',
            message: `\`${env.name}\` is read by ${other}, not by ${where}: here it is silently ignored. Move it there.`,
            span: env.nameSpan,
          });
          continue;
        }
        const candidates = suggestEnvNames(env.name).filter((c) => {
          const i = envVarInfo(c);
          return i !== undefined && readBy(i, env.container);
        });
        const hint = candidates.length
          ? ` Did you mean ${candidates.map((c) => `\`${c}\``).join(' or ')}?`
          : '';
        out.push({
          code: 'unknown-env-var',
          severity: 'warning',
          message: `\`${env.name}\` is not read by ${where}: the setting is silently ignored.${hint}`,
          span: env.nameSpan,
          fixes: candidates.flatMap((c, i) => {
            // Renaming to a name the same container already sets would duplicate it (a map key twice).
            const siblings = env.container === 'aws-vpc-cni-init' ? source.initEnv : source.env;
            if (siblings.some((e) => e !== env && e.name === c)) return [];
            const edit = scalarReplacement(ctx.text, env.nameSpan, c, { embed: env.embed });
            return edit ? [{ title: `Rename to ${c}`, preferred: i === 0, edits: [edit] }] : [];
          }),
        });
      }
    }
    return out;
  },
};
