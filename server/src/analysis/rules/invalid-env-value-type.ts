/**
 * A DaemonSet env value written as a YAML number or boolean.
 *
 * **Triggers:** `value: 1`, `value: true`, `value: 1.5` (unquoted) in the env list of the
 * `aws-node` or `aws-vpc-cni-init` container of a DaemonSet.
 *
 * **Why it matters:** Kubernetes env values are strings; the API server rejects the whole DaemonSet
 * (`cannot unmarshal number into Go struct field EnvVar...value of type string`), so `kubectl apply`
 * fails and nothing changes on the cluster.
 *
 * **Fix:** quote the value (quick fix): `value: "1"`.
 */
import type { Finding, Rule, RuleContext } from '../types';

export const rule: Rule = {
  code: 'invalid-env-value-type',
  title: 'DaemonSet env value that is not a string',
  defaultSeverity: 'error',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const source of ctx.model.cni) {
      if (source.format !== 'daemonset') continue;
      for (const env of [...source.env, ...source.initEnv]) {
        if (env.valueFrom || !env.valueSpan) continue;
        if (env.scalarKind !== 'number' && env.scalarKind !== 'boolean') continue;
        if ((env.embed ?? 'plain') !== 'plain') continue;
        const written = ctx.text.slice(env.valueSpan.start, env.valueSpan.end);
        out.push({
          code: 'invalid-env-value-type',
          severity: 'error',
          message: `\`${env.name}\` has the YAML ${env.scalarKind} ${written}; Kubernetes env values must be strings, so the API server rejects this DaemonSet. Quote it: "${written}".`,
          span: env.valueSpan,
          fixes: [
            {
              title: `Quote the value ("${written}")`,
              preferred: true,
              edits: [{ span: env.valueSpan, newText: JSON.stringify(written) }],
            },
          ],
        });
      }
    }
    return out;
  },
};
