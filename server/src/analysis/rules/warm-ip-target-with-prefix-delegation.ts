/**
 * `WARM_IP_TARGET` in prefix-delegation mode.
 *
 * **Triggers:** `WARM_IP_TARGET` above 0 while prefix delegation is in force (IPv4). Information when
 * it is below 16 (fewer than one prefix: saving addresses is a valid aim); a warning from 16 up, where
 * `WARM_PREFIX_TARGET: "1"` keeps at least as many addresses warm with fewer EC2 calls.
 *
 * **Why it matters:** `WARM_IP_TARGET` overrides `WARM_PREFIX_TARGET` and makes ipamd recompute the
 * shortfall in prefixes on every pod change (`ipamd.go datastoreTargetState`), which means more
 * EC2 calls and more partially used prefixes; maintainers recommend `WARM_PREFIX_TARGET=1` alone for
 * prefix mode (aws/amazon-vpc-cni-k8s#2749).
 *
 * **Fix:** from 16 up, replace it with `WARM_PREFIX_TARGET: "1"` (quick fix, offered when
 * `MINIMUM_IP_TARGET` is not set, since that alone would then cap the pool).
 */
import { IPS_PER_PREFIX } from '../../engine';
import {
  allKnown,
  effectiveCni,
  fixes,
  fixOf,
  removalEdit,
  valueEdit,
  type EffectiveCni,
} from '../cniConfig';
import type { Fix, Finding, Rule, RuleContext } from '../types';
import { scalarReplacement, type EnvVar } from '../../syntax';

function toPrefixTarget(ctx: RuleContext, cfg: EffectiveCni, warm: EnvVar): Fix | undefined {
  if (cfg.settings.minimumIpTarget.value !== 0) return undefined;
  const existing = cfg.env.get('WARM_PREFIX_TARGET');
  const title = 'Replace WARM_IP_TARGET with WARM_PREFIX_TARGET "1"';
  if (existing) {
    return fixOf(
      title,
      [removalEdit(warm), existing.valueFrom ? undefined : valueEdit(ctx.text, existing, '1')],
      true,
    );
  }
  return fixOf(
    title,
    [
      scalarReplacement(ctx.text, warm.nameSpan, 'WARM_PREFIX_TARGET', { embed: warm.embed }),
      valueEdit(ctx.text, warm, '1'),
    ],
    true,
  );
}

export const rule: Rule = {
  code: 'warm-ip-target-with-prefix-delegation',
  title: 'WARM_IP_TARGET in prefix-delegation mode',
  defaultSeverity: 'information',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const source of ctx.model.cni) {
      const cfg = effectiveCni(source);
      const s = cfg.settings;
      const warm = cfg.env.get('WARM_IP_TARGET');
      if (!warm || warm.valueFrom || !warm.valueSpan) continue;
      if (!allKnown(cfg, 'ENABLE_PREFIX_DELEGATION', 'ENABLE_IPv6', 'DISABLE_NETWORK_RESOURCE_PROVISIONING'))
        continue;
      if (!s.prefixDelegationInForce || s.algorithm !== 'ip-target' || s.warmIpTarget.value <= 0) continue;
      const n = s.warmIpTarget.value;
      if (n < IPS_PER_PREFIX) {
        out.push({
          code: 'warm-ip-target-with-prefix-delegation',
          severity: 'information',
          message: `\`WARM_IP_TARGET: "${warm.value ?? ''}"\` in prefix mode overrides WARM_PREFIX_TARGET: ipamd keeps ${n} addresses free instead of whole /28 prefixes, which saves addresses but costs more EC2 calls as pods come and go.`,
          span: warm.nameSpan,
        });
      } else {
        out.push({
          code: 'warm-ip-target-with-prefix-delegation',
          severity: 'warning',
          message: `\`WARM_IP_TARGET: "${warm.value ?? ''}"\` in prefix mode keeps at least one /28 worth of addresses free, about what WARM_PREFIX_TARGET: "1" does, but it overrides WARM_PREFIX_TARGET and makes ipamd call EC2 more often as pods come and go.`,
          span: warm.nameSpan,
          fixes: fixes(toPrefixTarget(ctx, cfg, warm)),
        });
      }
    }
    return out;
  },
};
