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
import { setMaxPodsEdit, TOOL_LABEL } from '../capacity';
import { capacityFacts } from '../facts/capacity';
import { report } from '../report';
import { collapseByAnchor, defaultsNote, nodeLabel, relatedEnv } from '../scope';

export const rule: Rule = {
  code: 'max-pods-below-capacity',
  title: 'Prefix delegation on, max-pods left at the secondary-IP value',
  defaultSeverity: 'warning',
  run(ctx: RuleContext): Finding[] {
    const out: Array<{ finding: Finding; type: string }> = [];
    // Rows under the first view with prefix delegation in force: one view is enough to report against.
    for (const { scope, prefix } of capacityFacts(ctx)) {
      const node = scope.node;
      for (const {
        type,
        view,
        cap,
        maxPods: mp,
        recommended: rec,
        target,
        anchor: span,
        verdict,
      } of prefix) {
        const info = ctx.catalog.lookup(type.name);
        if (verdict !== 'below' || !span || !node || !info || mp.value === null || rec === null) continue;
        const how =
          mp.computed && mp.tool ? ` (computed by ${TOOL_LABEL[mp.tool]} for ${nodeLabel(node)})` : '';
        const atTable = mp.value === tableMaxPods(info) ? ', the secondary-IP value' : '';
        const capNote =
          rec < (cap.result.value ?? rec)
            ? ` (capped at ${calculatorCap(info).cap === 250 ? '250 above 30 vCPUs' : '110 for 30 vCPUs or fewer'}, as max-pods-calculator.sh does)`
            : '';
        const edit = setMaxPodsEdit(ctx.text, node, mp.setting, target);
        out.push({
          type: type.name,
          finding: report(rule, {
            message: `Prefix delegation is on, but max-pods for ${type.name} is ${mp.value}${how}${atTable}: with prefix delegation it can address ${cap.result.value} pods (${cap.formula})${defaultsNote(view)}; the recommended max-pods is ${rec}${capNote}.`,
            span,
            related: relatedEnv(ctx, view, ['ENABLE_PREFIX_DELEGATION'], 'prefix delegation is enabled here'),
            fixes: edit ? [{ title: `Set max-pods to ${target}`, preferred: true, edits: [edit] }] : [],
          }),
        });
      }
    }
    return collapseByAnchor(out);
  },
};
