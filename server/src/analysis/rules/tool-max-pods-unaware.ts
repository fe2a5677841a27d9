/**
 * Karpenter or nodeadm computes max-pods without knowing the CNI configuration.
 *
 * **Triggers:** a node whose max-pods Karpenter (EC2NodeClass without `spec.kubelet.maxPods`) or AL2023
 * nodeadm (NodeConfig without `maxPods` or `maxPodsExpression`) computes, while the CNI settings in scope use
 * prefix delegation, custom networking, security groups for pods (the trunk ENI), `MAX_ENI` or unmanaged
 * ENIs. Both tools use `ENIs x (IPv4 addresses per ENI - 1) + 2` whatever the CNI does. Error when their
 * value is above what the CNI can address, warning when prefix delegation makes it far too low.
 *
 * **Why it matters:** too high, pods beyond the CNI's capacity stay in `ContainerCreating` ("failed to
 * assign an IP address to container"); too low, prefix delegation buys nothing and the cluster runs more
 * nodes than it needs.
 *
 * **Fix:** set the value explicitly (quick fix: EC2NodeClass `spec.kubelet.maxPods`, NodeConfig
 * `spec.kubelet.config.maxPods`), or use a per-type expression (nodeadm `maxPodsExpression`, Karpenter CEL
 * `maxPods` with the NodeClassCEL feature gate); for Karpenter and custom networking, `RESERVED_ENIS=1` on
 * the controller also works.
 */
import { karpenterMaxPods, type EniBudget } from '../../engine';
import type { Finding, Rule, RuleContext } from '../types';
import { capacityEnv, setMaxPodsEdit, TOOL_LABEL, toolOf } from '../capacity';
import { capacityFacts, toolComputed } from '../facts/capacity';
import { report } from '../report';
import { collapseByAnchor, defaultsNote, nodeClassOf, nodeLabel, relatedEnv } from '../scope';

const CODE = 'tool-max-pods-unaware';

export const rule: Rule = {
  code: CODE,
  title: 'Karpenter or nodeadm computes max-pods without knowing the CNI configuration',
  defaultSeverity: 'warning',
  run(ctx: RuleContext): Finding[] {
    const out: Array<{ finding: Finding; type: string }> = [];
    for (const { scope, rows } of capacityFacts(ctx)) {
      const node = scope.node;
      const tool = node ? toolOf(node) : undefined;
      if (!node || (tool !== 'karpenter' && tool !== 'al2023-nodeadm')) continue;
      // A NodePool's max-pods lives in its EC2NodeClass; report there when we can see it.
      if (node.kind === 'karpenter-nodepool' && nodeClassOf(ctx, node)) continue;
      // The user's own expression is theirs: max-pods-exceeds-ip-capacity checks it per type.
      const evals = rows.flatMap((row) => {
        if (!toolComputed(row.maxPods) || row.maxPods.value === null || !row.cap.result.budget) return [];
        const right = row.recommended;
        return right === null ? [] : [{ row, right }];
      });
      const fitsAll = Math.min(...evals.map((e) => e.right));
      for (const { row, right } of evals) {
        const { type, view, cap, capacity } = row;
        const b = cap.result.budget;
        const value = row.maxPods.value;
        if (row.verdict !== 'tool-unaware' || !b || value === null) continue;
        const tooHigh = value > capacity;
        const span = row.anchor;
        if (!span) continue;
        const edit = setMaxPodsEdit(ctx.text, node, undefined, fitsAll);
        const field = tool === 'karpenter' ? 'spec.kubelet.maxPods' : 'spec.kubelet.config.maxPods';
        const who = TOOL_LABEL[tool];
        out.push({
          type: type.name,
          finding: report(rule, {
            severity: tooHigh ? 'error' : 'warning',
            message: tooHigh
              ? `${who} will set max-pods ${value} on ${type.name} (${nodeLabel(node)}), unaware of the CNI settings, but ${type.name} can address only ${capacity} pods${cap.phrase} (${cap.formula})${defaultsNote(view)}. Set ${field} to ${right}${tool === 'karpenter' ? reservedEnisHint(ctx, type.name, b, capacity) : ''}.`
              : `${who} will set max-pods ${value} on ${type.name} (${nodeLabel(node)}), unaware of prefix delegation: it can address ${capacity} pods (${cap.formula})${defaultsNote(view)}; the recommended value is ${right}. Set ${field}.`,
            span,
            related: relatedEnv(ctx, view, capacityEnv(cap), 'the CNI setting the tool does not know about'),
            fixes: edit ? [{ title: `Set ${field} to ${fitsAll}`, preferred: true, edits: [edit] }] : [],
          }),
        });
      }
    }
    return collapseByAnchor(out);
  },
};

/**
 * ` (or RESERVED_ENIS=N on the Karpenter controller)` when Karpenter's ENI-limited formula with N reserved ENIs
 * gives exactly the CNI's capacity (secondary IPs, ENIs lost to custom networking, the trunk or unmanaged ENIs;
 * aws/karpenter-provider-aws:pkg/providers/instancetype/types.go ENILimitedPods). Applies to every NodePool.
 */
function reservedEnisHint(ctx: RuleContext, type: string, b: EniBudget, capacity: number): string {
  if (b.mode !== 'secondary-ip') return '';
  const reserved = b.eniLimit - b.podEnis;
  if (reserved < 1 || karpenterMaxPods(ctx.catalog, type, { reservedEnis: reserved }).value !== capacity)
    return '';
  return ` (or RESERVED_ENIS=${reserved} on the Karpenter controller, which applies to all its nodes)`;
}
