/**
 * max-pods above what the CNI can give addresses to.
 *
 * **Triggers:** a node's max-pods — set explicitly (AL2 `--kubelet-extra-args '--max-pods=N'`, NodeConfig
 * `spec.kubelet.config.maxPods` or `--max-pods` flag, Bottlerocket `settings.kubernetes.max-pods`,
 * EC2NodeClass `spec.kubelet.maxPods`, eksctl `maxPodsPerNode`) or computed by its AMI (AL2 and Bottlerocket
 * eni-max-pods table, managed node group calculator) — is above the pods the CNI settings in scope let that
 * instance type address: custom networking takes the primary ENI away, security groups for pods take a slot
 * for the trunk ENI (CNI v1.16.4+), `MAX_ENI` caps the ENIs. A user-written nodeadm `maxPodsExpression` is
 * evaluated for each instance type and checked the same way (no quick fix: one number cannot replace a
 * per-type expression). Values Karpenter and nodeadm compute on their own are
 * reported by `tool-max-pods-unaware`; a single static value over several instance types by
 * `mixed-instance-types-max-pods`.
 *
 * **Why it matters:** the scheduler places up to max-pods pods on the node; those beyond the address
 * capacity stay in `ContainerCreating` with "failed to assign an IP address to container".
 *
 * **Fix:** set max-pods to the capacity shown (quick fix replaces the value, or adds the setting in the
 * node's format), or change the CNI settings.
 */
import type { Finding, Rule, RuleContext } from '../types';
import { capacityEnv, setMaxPodsEdit, TOOL_LABEL } from '../capacity';
import { capacityFacts } from '../facts/capacity';
import { report } from '../report';
import { collapseByAnchor, defaultsNote, nodeLabel, relatedEnv } from '../scope';

const CODE = 'max-pods-exceeds-ip-capacity';

export const rule: Rule = {
  code: CODE,
  title: 'max-pods above the pod addresses the CNI can serve',
  defaultSeverity: 'error',
  run(ctx: RuleContext): Finding[] {
    const out: Array<{ finding: Finding; type: string }> = [];
    // Values Karpenter and nodeadm compute on their own are tool-max-pods-unaware's, one value for several
    // types mixed-instance-types-max-pods'; the user's own expression is checked here, per type.
    for (const { scope, rows, fitsAll } of capacityFacts(ctx)) {
      for (const { type, view, cap, capacity, maxPods: mp, anchor: span, verdict } of rows) {
        if (verdict !== 'exceeds' || !span || !scope.node) continue;
        const how = mp.fromExpression
          ? ` (the max-pods expression evaluated for ${type.name})`
          : mp.computed && mp.tool
            ? ` (computed by ${TOOL_LABEL[mp.tool]} for ${nodeLabel(scope.node)})`
            : '';
        // An expression is per type: replacing it with one number is not a fix we can offer.
        const edit = mp.fromExpression
          ? undefined
          : setMaxPodsEdit(ctx.text, scope.node, mp.setting, Math.min(capacity, fitsAll));
        out.push({
          type: type.name,
          finding: report(rule, {
            message: `max-pods ${mp.value}${how} exceeds what ${type.name} can address${cap.phrase}: ${capacity} (${cap.formula})${defaultsNote(view)}. Pods above ${capacity} stay in ContainerCreating ("failed to assign an IP address to container").`,
            span,
            related: relatedEnv(ctx, view, capacityEnv(cap), 'the CNI setting behind this capacity'),
            fixes: edit
              ? [{ title: `Set max-pods to ${Math.min(capacity, fitsAll)}`, preferred: true, edits: [edit] }]
              : [],
          }),
        });
      }
    }
    return collapseByAnchor(out);
  },
};
