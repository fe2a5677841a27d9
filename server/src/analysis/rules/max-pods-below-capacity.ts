/**
 * Prefix delegation is on, but max-pods stays at the secondary-IP value.
 *
 * **Triggers:** prefix delegation in force for a node's instance type (`ENABLE_PREFIX_DELEGATION=true` on a
 * Nitro type), while the node's max-pods — explicit, or the eni-max-pods table value the AL2 or Bottlerocket
 * AMI computes — is at or below the secondary-IP table value, or under half of the recommended value.
 * Values Karpenter and nodeadm compute are reported by `tool-max-pods-unaware`.
 *
 * **Why it matters:** prefix delegation gives each ENI sixteen times the addresses, but the scheduler still
 * stops at max-pods: the nodes run as few pods as before and the cluster needs more of them.
 *
 * **Fix:** set max-pods to the recommended value (quick fix). It follows max-pods-calculator.sh: the
 * prefix-delegation capacity, capped at 110 for instance types with 30 vCPUs or fewer and 250 above (the
 * kubelet and kube-reserved are tuned for those densities).
 */
import { calculatorCap, tableMaxPods } from '../../engine';
import type { Finding, Rule, RuleContext } from '../types';
import { capacityOf, nodeMaxPods, recommendedOf, setMaxPodsEdit, TOOL_LABEL } from '../capacity';
import {
  anchorFor,
  cniViews,
  collapseByAnchor,
  defaultsNote,
  nodeLabel,
  nodeScopes,
  relatedEnv,
} from '../scope';

const CODE = 'max-pods-below-capacity';

export const rule: Rule = {
  code: CODE,
  title: 'Prefix delegation on, max-pods left at the secondary-IP value',
  defaultSeverity: 'warning',
  run(ctx: RuleContext): Finding[] {
    const out: Array<{ finding: Finding; type: string }> = [];
    const views = cniViews(ctx);
    for (const scope of nodeScopes(ctx, { ownOnly: true })) {
      const node = scope.node;
      if (!node || node.kind === 'auto-mode-nodeclass') continue;
      for (const view of views) {
        // Recommended value per type under this view (prefix delegation in force only).
        const evals = scope.types.flatMap((type) => {
          const info = ctx.catalog.lookup(type.name);
          const cap = capacityOf(ctx.catalog, type.name, view.source);
          if (!info || cap.result.budget?.mode !== 'prefix') return [];
          const rec = recommendedOf(ctx.catalog, type.name, cap).value;
          return rec === null ? [] : [{ type, info, cap, rec }];
        });
        if (evals.length === 0) continue;
        const fitsAll = Math.min(...evals.map((e) => e.rec));
        for (const { type, info, cap, rec } of evals) {
          const mp = nodeMaxPods(ctx.catalog, node, type.name, cap.settings);
          if (mp.value === null) continue;
          if (mp.computed && mp.tool !== 'al2-bootstrap' && mp.tool !== 'bottlerocket') continue;
          const target = mp.computed ? rec : fitsAll;
          const secondary = tableMaxPods(info);
          if (mp.value >= target || !(mp.value <= secondary || mp.value * 2 < target)) continue;
          const span = mp.setting?.span ?? anchorFor(ctx, scope, type);
          if (!span) continue;
          const how =
            mp.computed && mp.tool ? ` (computed by ${TOOL_LABEL[mp.tool]} for ${nodeLabel(node)})` : '';
          const atTable = mp.value === secondary ? ', the secondary-IP value' : '';
          const capNote =
            rec < (cap.result.value ?? rec)
              ? ` (capped at ${calculatorCap(info).cap === 250 ? '250 above 30 vCPUs' : '110 for 30 vCPUs or fewer'}, as max-pods-calculator.sh does)`
              : '';
          const edit = setMaxPodsEdit(ctx.text, node, mp.setting, target);
          out.push({
            type: type.name,
            finding: {
              code: CODE,
              severity: 'warning',
              message: `Prefix delegation is on, but max-pods for ${type.name} is ${mp.value}${how}${atTable}: with prefix delegation it can address ${cap.result.value} pods (${cap.formula})${defaultsNote(view)}; the recommended max-pods is ${rec}${capNote}.`,
              span,
              related: relatedEnv(
                ctx,
                view,
                ['ENABLE_PREFIX_DELEGATION'],
                'prefix delegation is enabled here',
              ),
              fixes: edit ? [{ title: `Set max-pods to ${target}`, preferred: true, edits: [edit] }] : [],
            },
          });
        }
        break; // one view is enough: report against the first that has prefix delegation in force
      }
    }
    return collapseByAnchor(out);
  },
};
