/**
 * `WARM_ENI_TARGET=0` in secondary-IP mode: growth only at zero free IPs, and ENI churn.
 *
 * **Triggers:** `WARM_ENI_TARGET: "0"` while neither `WARM_IP_TARGET` nor `MINIMUM_IP_TARGET` is
 * non-zero and prefix delegation is not in force (IPv4, EC2 provisioning enabled).
 *
 * **Why it matters:** ipamd then treats the pool as low only when no address at all is free
 * (`ipamd.go isDatastorePoolTooLow`), so every new ENI is attached while a pod waits for it. And an
 * ENI left without pods is freed after a minute (`shouldRemoveExtraENIs`), which can empty the pool
 * and attach it again: a create/free loop of EC2 calls, worst with custom networking on idle nodes
 * (aws/amazon-vpc-cni-k8s#1451, #1775).
 *
 * **Fix:** to keep few addresses warm, use `WARM_IP_TARGET` with `MINIMUM_IP_TARGET` instead; or set
 * `WARM_ENI_TARGET` back to `"1"`.
 */
import { allKnown, effectiveCni, fixes, fixOf, valueEdit } from '../cniConfig';
import type { Finding, Rule, RuleContext } from '../types';

export const rule: Rule = {
  code: 'warm-eni-target-zero',
  title: 'WARM_ENI_TARGET=0: pool grows only at zero free IPs, ENI churn',
  defaultSeverity: 'warning',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const source of ctx.model.cni) {
      const cfg = effectiveCni(source);
      const s = cfg.settings;
      const entry = cfg.env.get('WARM_ENI_TARGET');
      if (!entry || !entry.valueSpan || entry.valueFrom) continue;
      if (!allKnown(cfg, 'WARM_IP_TARGET', 'MINIMUM_IP_TARGET', 'ENABLE_PREFIX_DELEGATION', 'ENABLE_IPv6'))
        continue;
      if (s.algorithm !== 'eni-target' || s.warmEniTarget.value !== 0 || s.warmEniTarget.origin !== 'env')
        continue;
      const custom = s.customNetworking.value
        ? ' With custom networking on, idle nodes are the worst case.'
        : '';
      out.push({
        code: 'warm-eni-target-zero',
        severity: 'warning',
        message: `\`WARM_ENI_TARGET: "${entry.value ?? ''}"\` without WARM_IP_TARGET/MINIMUM_IP_TARGET: ipamd grows the pool only when no address is free (pods wait for each ENI attach) and frees pod-less ENIs after a minute, which can loop attach/free EC2 calls.${custom} To keep few addresses warm use WARM_IP_TARGET with MINIMUM_IP_TARGET.`,
        span: entry.valueSpan,
        fixes: fixes(fixOf('Set WARM_ENI_TARGET to "1"', [valueEdit(ctx.text, entry, '1')])),
      });
    }
    return out;
  },
};
