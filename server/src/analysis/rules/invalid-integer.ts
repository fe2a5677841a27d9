/**
 * An integer env value that Go's `strconv.Atoi` rejects, or a negative one.
 *
 * **Triggers:** an integer setting (`WARM_ENI_TARGET`, `WARM_IP_TARGET`, `MINIMUM_IP_TARGET`,
 * `WARM_PREFIX_TARGET`, `MAX_ENI`, `IP_COOLDOWN_PERIOD`, `AWS_VPC_ENI_MTU`, `POD_MTU`, `HTTP_TIMEOUT`)
 * whose value is not a plain decimal integer (`"1.5"`, `" 5"`, `"10s"`, `"five"`) or is negative.
 * `valueFrom` entries are not checked. MTU values that are integers but out of range are reported by
 * `invalid-enum-value`.
 *
 * **Why it matters:** `strconv.Atoi` accepts no spaces, decimals or units. The warm-pool getters in
 * `ipamd.go` then silently use their default (`WARM_ENI_TARGET` 1, the others 0 = "not set"), so the
 * pool behaves nothing like intended. For `IP_COOLDOWN_PERIOD` and the MTUs the entrypoint
 * (`cmd/aws-vpc-cni/main.go`) refuses the value and aws-node exits: the node never becomes Ready.
 *
 * **Fix:** write a non-negative decimal integer in quotes, e.g. `"5"` (a quick fix trims stray
 * spaces).
 */
import { goAtoi } from '../../engine';
import { effectiveCni, fixes, fixOf, readValue, valueEdit } from '../cniConfig';
import { envVarInfo, readBy } from '../envCatalog';
import type { Finding, Rule, RuleContext } from '../types';

export const rule: Rule = {
  code: 'invalid-integer',
  title: 'Integer value that Go Atoi rejects, or a negative one',
  defaultSeverity: 'warning',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const source of ctx.model.cni) {
      const cfg = effectiveCni(source);
      for (const env of source.env) {
        const info = envVarInfo(env.name);
        if (!info || info.kind !== 'integer' || !readBy(info, env.container)) continue;
        if (env.valueFrom || env.value === undefined || !env.valueSpan) continue;
        const n = goAtoi(env.value);
        if (n !== undefined && n >= 0) continue;
        if (n !== undefined && env.name === 'MAX_ENI') {
          // ipamd.go getMaxENI: MAX_ENI below 1 means "no cap" (README: "0 (or lower)"); only report it as advice.
          continue;
        }
        const what = n === undefined ? "is not an integer as Go's strconv.Atoi reads it" : 'is negative';
        const overridden = cfg.env.get(env.name) !== env;
        let consequence: string;
        let severity: Finding['severity'] = 'warning';
        if (overridden) consequence = 'a later entry of the same name overrides it anyway';
        else if (info.exitsOnInvalid) {
          severity = 'error';
          consequence = 'the aws-node entrypoint rejects it and exits, so the node never becomes Ready';
        } else {
          const r = readValue(cfg, env.name);
          const fallback = r.effective ?? info.invalidFallback ?? info.default ?? '0';
          const meaning = fallback === '0' && env.name !== 'WARM_ENI_TARGET' ? ' (not set)' : '';
          consequence = `the CNI silently uses \`${fallback}\`${meaning} instead`;
        }
        const trimmed = env.value.trim();
        const t = goAtoi(trimmed);
        const fix = t !== undefined && t >= 0 && trimmed !== env.value ? trimmed : undefined;
        out.push({
          code: 'invalid-integer',
          severity,
          message: `\`${env.name}: "${env.value}"\` ${what}: ${consequence}.`,
          span: env.valueSpan,
          fixes: fix ? fixes(fixOf(`Use "${fix}"`, [valueEdit(ctx.text, env, fix)], true)) : undefined,
        });
      }
    }
    return out;
  },
};
