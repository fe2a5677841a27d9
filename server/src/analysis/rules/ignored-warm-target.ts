/**
 * A warm-pool target that has no effect.
 *
 * **Triggers:** `WARM_ENI_TARGET` or `WARM_PREFIX_TARGET` while `WARM_IP_TARGET` or
 * `MINIMUM_IP_TARGET` is non-zero; `WARM_ENI_TARGET` in prefix-delegation mode; `WARM_PREFIX_TARGET`
 * without prefix delegation; any warm target in IPv6 mode or with EC2 provisioning disabled.
 *
 * **Not reported:** a target equal to the shipped value (`WARM_ENI_TARGET: "1"`, `WARM_PREFIX_TARGET: "1"`
 * in the official manifest `config/master/aws-k8s-cni.yaml` and the chart's `charts/aws-vpc-cni/values.yaml`):
 * both are shipped, so one of them is always idle, and an idle shipped value is not something you tuned.
 * Also not reported: an entry whose removal would stop `aws-node` (with prefix delegation on, the entrypoint
 * needs one warm target above "0"; IPv6 setups keep `WARM_PREFIX_TARGET` for this).
 *
 * **Why it matters:** ipamd runs exactly one warm-pool algorithm (`ipamd.go`: IP targets take
 * precedence over prefix and ENI targets; prefix mode uses `WARM_PREFIX_TARGET`, secondary-IP mode
 * `WARM_ENI_TARGET`; IPv6 has no warm pool). A deliberately tuned target that is ignored means the
 * pool is sized by a different setting than the one you changed.
 *
 * **Fix:** remove the entry (quick fix), or tune the setting that is in force.
 */
import { MANIFEST_DEFAULTS } from '../../engine';
import {
  allKnown,
  effectiveCni,
  fixes,
  fixOf,
  relatedAt,
  removalEdit,
  type EffectiveCni,
} from '../cniConfig';
import { cniFacts } from '../facts/cni';
import type { Finding, Rule, RuleContext } from '../types';
import type { EnvVar } from '../../syntax';

/** The entries that make `name` ignored, as the engine decided (`IgnoredSetting.decidedBy`). */
function overriders(cfg: EffectiveCni, name: string): Array<EnvVar | undefined> {
  return cniFacts(cfg.source).ignored.find((i) => i.ignored.name === name)?.decidedBy ?? [];
}

/** Removing `name` would make aws-node exit (the engine's `IgnoredSetting.neededAtStart`). */
function neededAtStart(cfg: EffectiveCni, name: string): boolean {
  return cfg.settings.ignored.some((i) => i.name === name && i.neededAtStart);
}

const tuned = (cfg: EffectiveCni): string =>
  cfg.settings.algorithm === 'none'
    ? ' Nothing is kept warm in this mode.'
    : ' The pool is sized by another setting than the one you tuned.';

export const rule: Rule = {
  code: 'ignored-warm-target',
  title: 'Warm-pool target that has no effect',
  defaultSeverity: 'warning',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const source of ctx.model.cni) {
      const cfg = effectiveCni(source);
      const deciding = [
        'WARM_IP_TARGET',
        'MINIMUM_IP_TARGET',
        'ENABLE_PREFIX_DELEGATION',
        'ENABLE_IPv6',
        'ENABLE_IPv4',
        'DISABLE_NETWORK_RESOURCE_PROVISIONING',
        'ENABLE_IMDS_ONLY_MODE',
      ];
      if (!allKnown(cfg, ...deciding)) continue;
      for (const ignored of cfg.settings.ignored) {
        const entry = cfg.env.get(ignored.name);
        if (!entry || entry.valueFrom) continue;
        // The shipped manifest and chart set WARM_ENI_TARGET=1 and WARM_PREFIX_TARGET=1 together, so one of them
        // is always idle (config/master/aws-k8s-cni.yaml, charts/aws-vpc-cni/values.yaml): an idle value equal to
        // the shipped one was not tuned by anyone and is not reported (issue 15 item 9).
        if (entry.value === MANIFEST_DEFAULTS[ignored.name]) continue;
        // cmd/aws-vpc-cni/main.go validateEnvVars: with prefix delegation on, one of WARM_PREFIX_TARGET,
        // WARM_IP_TARGET, MINIMUM_IP_TARGET must be above "0" or aws-node exits: an entry that keeps it starting
        // is not reported (e.g. WARM_PREFIX_TARGET in IPv6 mode).
        if (neededAtStart(cfg, ignored.name)) continue;
        const related = relatedAt(
          overriders(cfg, ignored.name),
          (e) => `${e.name} decides the warm pool here`,
        );
        out.push({
          code: 'ignored-warm-target',
          severity: 'warning',
          message: `\`${ignored.name}: "${entry.value ?? ''}"\` has no effect: ${ignored.reason}.${tuned(cfg)}`,
          span: entry.nameSpan,
          tags: ['unnecessary'],
          ...(related.length ? { related } : {}),
          fixes: fixes(fixOf(`Remove ${ignored.name}`, [removalEdit(entry)], true)),
        });
      }
    }
    return out;
  },
};
