/**
 * `MINIMUM_IP_TARGET` without a `WARM_IP_TARGET`: the pool stops growing at the floor.
 *
 * **Triggers:** `MINIMUM_IP_TARGET` above 0 while `WARM_IP_TARGET` is unset or 0 (IPv4, EC2
 * provisioning enabled).
 *
 * **Why it matters:** a non-zero `MINIMUM_IP_TARGET` switches ipamd to the IP-target algorithm. With
 * no `WARM_IP_TARGET` the shortfall is `max(0 - free, MINIMUM_IP_TARGET - total)`, which is zero once
 * the floor is allocated (`ipamd.go datastoreTargetState`), so the pool never grows past it however
 * many pods are pending. In prefix mode the floor is rounded up to whole /28 prefixes. Pods beyond it
 * fail with "failed to assign an IP address to container" (aws/amazon-vpc-cni-k8s#3685; the README
 * says to set `WARM_IP_TARGET` too).
 *
 * **Fix:** set `WARM_IP_TARGET` to a small positive number (e.g. `"2"`), or remove
 * `MINIMUM_IP_TARGET` (prefix mode: use `WARM_PREFIX_TARGET`).
 */
import { IPS_PER_PREFIX } from '../../engine';
import { allKnown, effectiveCni, relatedAt } from '../cniConfig';
import type { Finding, Rule, RuleContext } from '../types';

export const rule: Rule = {
  code: 'minimum-ip-target-caps-pool',
  title: 'MINIMUM_IP_TARGET without WARM_IP_TARGET caps the pool at the floor',
  defaultSeverity: 'warning',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const source of ctx.model.cni) {
      const cfg = effectiveCni(source);
      const s = cfg.settings;
      if (!allKnown(cfg, 'WARM_IP_TARGET', 'MINIMUM_IP_TARGET', 'ENABLE_PREFIX_DELEGATION', 'ENABLE_IPv6'))
        continue;
      const min = cfg.env.get('MINIMUM_IP_TARGET');
      if (!min || s.algorithm !== 'ip-target') continue;
      if (!(s.minimumIpTarget.value > 0 && s.warmIpTarget.value === 0)) continue;
      const m = s.minimumIpTarget.value;
      const prefixes = Math.ceil(m / IPS_PER_PREFIX);
      const floor = s.prefixDelegationInForce
        ? `${prefixes * IPS_PER_PREFIX} addresses (${prefixes} /28 prefix${prefixes === 1 ? '' : 'es'})`
        : `${m} addresses`;
      const warm = cfg.env.get('WARM_IP_TARGET');
      out.push({
        code: 'minimum-ip-target-caps-pool',
        severity: 'warning',
        message: `\`MINIMUM_IP_TARGET: "${min.value ?? ''}"\` without a non-zero WARM_IP_TARGET: ipamd allocates ${floor} per node and never more, so pods beyond that stay in ContainerCreating ("failed to assign an IP address to container"). Set WARM_IP_TARGET too (e.g. "2").`,
        span: min.nameSpan,
        ...(warm ? { related: relatedAt([warm], () => 'WARM_IP_TARGET is 0 here') } : {}),
      });
    }
    return out;
  },
};
