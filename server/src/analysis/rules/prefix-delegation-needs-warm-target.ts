/**
 * Prefix delegation with no warm target above `"0"`: aws-node exits.
 *
 * **Triggers:** `ENABLE_PREFIX_DELEGATION` true while each of `WARM_PREFIX_TARGET`, `WARM_IP_TARGET`
 * and `MINIMUM_IP_TARGET` is unset or `<= "0"` compared as a string (so `"-1"`, `""`, `"0"` count
 * as unset). In Helm values and add-on configuration the chart's `WARM_PREFIX_TARGET: "1"` applies
 * when the key is absent; a complete DaemonSet has only what it lists.
 *
 * **Why it matters:** the entrypoint (`cmd/aws-vpc-cni/main.go validateEnvVars`) refuses this
 * combination with "Setting WARM_PREFIX_TARGET = 0 is not supported while
 * WARM_IP_TARGET/MINIMUM_IP_TARGET is not set" and exits; the node never becomes Ready.
 *
 * **Fix:** add `WARM_PREFIX_TARGET: "1"` (quick fix), the value the shipped manifest uses.
 */
import { allKnown, fixes, fixOf, relatedAt, setEdit, valueSpanOf } from '../cniConfig';
import { cniFacts } from '../facts/cni';
import { report } from '../report';
import type { Finding, Rule, RuleContext } from '../types';

const TARGETS = ['WARM_PREFIX_TARGET', 'WARM_IP_TARGET', 'MINIMUM_IP_TARGET'];

export const rule: Rule = {
  code: 'prefix-delegation-needs-warm-target',
  title: 'Prefix delegation without any warm target: aws-node exits',
  defaultSeverity: 'error',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const source of ctx.model.cni) {
      const facts = cniFacts(source);
      const cfg = facts.cfg;
      if (!allKnown(cfg, 'ENABLE_PREFIX_DELEGATION', ...TARGETS)) continue;
      const pd = cfg.env.get('ENABLE_PREFIX_DELEGATION');
      if (!pd) continue;
      // cmd/aws-vpc-cni/main.go validateEnvVars, reproduced by the engine (string comparison with "0").
      if (!facts.fatal('prefix-delegation-no-warm-target')) continue;
      const present = TARGETS.map((n) => cfg.env.get(n)).filter((e) => e !== undefined);
      const missing = TARGETS.filter((n) => !cfg.env.has(n));
      const state = present.length
        ? [
            ...present.map((e) => `${e.name}="${e.value ?? ''}"`),
            ...(missing.length ? [`${missing.join(', ')} unset`] : []),
          ].join(', ')
        : 'none of WARM_PREFIX_TARGET, WARM_IP_TARGET, MINIMUM_IP_TARGET is set';
      out.push(
        report(rule, {
          message: `Prefix delegation is on but no warm target is above "0" (${state}): aws-node exits at start ("Setting WARM_PREFIX_TARGET = 0 is not supported...") and the node never becomes Ready.`,
          span: valueSpanOf(pd),
          ...(present.length ? { related: relatedAt(present, (e) => `${e.name} counts as not set`) } : {}),
          fixes: fixes(
            fixOf('Set WARM_PREFIX_TARGET to "1"', [setEdit(ctx.text, cfg, 'WARM_PREFIX_TARGET', '1')], true),
          ),
        }),
      );
    }
    return out;
  },
};
