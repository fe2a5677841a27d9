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
import { capacityEnv, setMaxPodsEdit } from '../capacity';
import { capacityFacts } from '../facts/capacity';
import { report } from '../report';
import { defaultsNote, nodeLabel, relatedEnv } from '../scope';

const CODE = 'mixed-instance-types-max-pods';

export const rule: Rule = {
  code: CODE,
  title: 'One max-pods for several instance types, above the smallest capacity',
  defaultSeverity: 'error',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const { scope, rows } of capacityFacts(ctx)) {
      const node = scope.node;
      if (!node || scope.types.length < 2 || rows.length < 2) continue;
      const over = rows.filter((r) => r.verdict === 'mixed-static');
      const setting = over[0]?.maxPods.setting;
      if (!setting || setting.value === undefined) continue;
      const caps = [...rows].sort(
        (a, b) => a.capacity - b.capacity || a.type.name.localeCompare(b.type.name),
      );
      const smallest = caps[0];
      if (!smallest) continue;
      // The list names the types that cannot (smallest first), and "and N more" counts the rest of those, not of
      // every type in the group (issue 15 item 10).
      const cannot = caps.filter((c) => over.includes(c));
      const listed = cannot
        .slice(0, 8)
        .map((c) => `${c.type.name} ${c.capacity}`)
        .join(', ');
      const more = cannot.length > 8 ? `, and ${cannot.length - 8} more` : '';
      const edit = setMaxPodsEdit(ctx.text, node, setting, smallest.capacity);
      out.push(
        report(rule, {
          message: `max-pods ${setting.value} applies to all ${caps.length} instance types of ${nodeLabel(node)}, but ${over.length} of them cannot address that many pods${smallest.cap.phrase}${defaultsNote(smallest.view)}: ${listed}${more}.`,
          span: setting.span,
          related: relatedEnv(
            ctx,
            smallest.view,
            capacityEnv(smallest.cap),
            'the CNI setting behind this capacity',
          ),
          fixes: edit
            ? [
                {
                  title: `Set max-pods to ${smallest.capacity} (smallest capacity)`,
                  preferred: true,
                  edits: [edit],
                },
              ]
            : [],
        }),
      );
    }
    return out;
  },
};
