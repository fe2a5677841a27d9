/**
 * A warm-pool target larger than the smallest node can hold.
 *
 * **Triggers:** `WARM_IP_TARGET` or `MINIMUM_IP_TARGET` (in force) above the pod addresses the smallest
 * instance type in scope can hold under these CNI settings (ENIs for pods x addresses per ENI).
 *
 * **Why it matters:** on that type the target can never be met: ipamd keeps every ENI it may attach filled
 * with addresses from the subnet and keeps asking EC2 for more, on every node, whatever the pod count.
 * A target meant for the large nodes of a mixed cluster turns the small ones into address hoarders.
 *
 * **Fix:** lower the target to what the smallest node holds (or below), or scope the setting per node group
 * (separate aws-node configurations are not possible; use smaller targets).
 */
import type { CniSettings } from '../../engine';
import type { Finding, Rule, RuleContext } from '../types';
import { capacityOf } from '../capacity';
import { nodeScopes, type ScopedType } from '../scope';

const CODE = 'warm-target-exceeds-capacity';

export const rule: Rule = {
  code: CODE,
  title: 'WARM_IP_TARGET or MINIMUM_IP_TARGET above what the smallest node holds',
  defaultSeverity: 'warning',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    if (ctx.model.cni.length === 0) return out;
    const types: ScopedType[] = [];
    for (const scope of nodeScopes(ctx)) {
      if (scope.node?.kind === 'auto-mode-nodeclass') continue;
      for (const t of scope.types) types.push({ ...t, uri: t.uri ?? scope.uri });
    }
    if (types.length === 0) return out;
    for (const source of ctx.model.cni) {
      if (source.format === 'configmap') continue;
      // Smallest pod-address capacity among the types in scope under this source.
      let smallest: { t: ScopedType; podIps: number; formula: string; phrase: string } | undefined;
      let settings: CniSettings | undefined;
      for (const t of types) {
        const cap = capacityOf(ctx.catalog, t.name, source);
        settings ??= cap.settings;
        const b = cap.result.budget;
        if (cap.result.podIps === null || !b) continue;
        if (!smallest || cap.result.podIps < smallest.podIps) {
          const unit = b.mode === 'prefix' ? 'IPs (/28 prefixes)' : 'IPs';
          smallest = {
            t,
            podIps: cap.result.podIps,
            formula: `${b.podEnis} ENIs x ${b.ipsPerEni} ${unit}`,
            phrase: cap.phrase,
          };
        }
      }
      if (!smallest || !settings || settings.algorithm !== 'ip-target') continue;
      for (const s of [settings.warmIpTarget, settings.minimumIpTarget]) {
        if (s.value <= smallest.podIps || s.origin !== 'env') continue;
        const env = source.env.filter((e) => e.name === s.name).pop();
        if (!env) continue;
        const t = smallest.t;
        out.push({
          code: CODE,
          severity: 'warning',
          message: `${s.name}=${s.value} is above what ${t.name} can hold${smallest.phrase}: ${smallest.podIps} pod addresses (${smallest.formula}). The target is never met there: ipamd keeps every ENI it may attach full and keeps asking EC2 for more.`,
          span: env.valueSpan ?? env.nameSpan,
          related: t.span
            ? [
                {
                  uri: (t.uri ?? ctx.uri) === ctx.uri ? undefined : t.uri,
                  span: t.span,
                  message: `${t.name} is in scope here`,
                },
              ]
            : undefined,
        });
      }
    }
    return out;
  },
};
