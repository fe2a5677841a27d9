/**
 * One static max-pods for several instance types, above the smallest one's capacity.
 *
 * **Triggers:** a node group, launch template or EC2NodeClass (with the types of the NodePools that use it)
 * that spans several instance types and sets one static max-pods that is above the pod capacity of at least
 * one of them under the CNI settings in scope.
 *
 * **Why it matters:** every node gets the same max-pods, so on the smaller types the scheduler places pods
 * the CNI cannot give an address to: they stay in `ContainerCreating` ("failed to assign an IP address to
 * container").
 *
 * **Fix:** set max-pods to the smallest capacity (quick fix), split the node group by size, or use an
 * expression evaluated per type (nodeadm `maxPodsExpression`, Karpenter CEL `maxPods`).
 */
import type { Finding, Rule, RuleContext } from '../types';
import { capacityEnv, decidingSetting, setMaxPodsEdit } from '../capacity';
import { cniViews, defaultsNote, nodeLabel, nodeScopes, relatedEnv, worstCapacity } from '../scope';

const CODE = 'mixed-instance-types-max-pods';

export const rule: Rule = {
  code: CODE,
  title: 'One max-pods for several instance types, above the smallest capacity',
  defaultSeverity: 'error',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const views = cniViews(ctx);
    for (const scope of nodeScopes(ctx, { ownOnly: true })) {
      const node = scope.node;
      if (!node || node.kind === 'auto-mode-nodeclass' || scope.types.length < 2) continue;
      const setting = decidingSetting(node);
      if (!setting || setting.value === undefined || setting.origin === 'nodeadm-expression') continue;
      const caps = scope.types.flatMap((t) => {
        const w = worstCapacity(ctx, views, t.name);
        return w && w.cap.result.value !== null ? [{ type: t.name, value: w.cap.result.value, w }] : [];
      });
      if (caps.length < 2) continue;
      caps.sort((a, b) => a.value - b.value || a.type.localeCompare(b.type));
      const smallest = caps[0];
      if (!smallest || setting.value <= smallest.value) continue;
      const over = caps.filter((c) => c.value < (setting.value ?? 0));
      const listed = caps
        .slice(0, 8)
        .map((c) => `${c.type} ${c.value}`)
        .join(', ');
      const more = caps.length > 8 ? `, and ${caps.length - 8} more` : '';
      const edit = setMaxPodsEdit(ctx.text, node, setting, smallest.value);
      out.push({
        code: CODE,
        severity: 'error',
        message: `max-pods ${setting.value} applies to all ${caps.length} instance types of ${nodeLabel(node)}, but ${over.length} of them cannot address that many pods${smallest.w.cap.phrase}${defaultsNote(smallest.w.view)}: ${listed}${more}.`,
        span: setting.span,
        related: relatedEnv(
          ctx,
          smallest.w.view,
          capacityEnv(smallest.w.cap),
          'the CNI setting behind this capacity',
        ),
        fixes: edit
          ? [
              {
                title: `Set max-pods to ${smallest.value} (smallest capacity)`,
                preferred: true,
                edits: [edit],
              },
            ]
          : [],
      });
    }
    return out;
  },
};
