/**
 * VPC CNI settings in a workspace whose nodes are EKS Auto Mode.
 *
 * **Triggers:** `aws-node` env (DaemonSet, Helm values, add-on configuration), an `ENIConfig` or a
 * `SecurityGroupPolicy`, while every node definition in the workspace is an EKS Auto Mode `NodeClass`
 * (`eks.amazonaws.com/v1`) or a NodePool that references one.
 *
 * **Why it matters:** in Auto Mode AWS manages pod networking: `aws-node` env, `WARM_*` targets, custom
 * networking through `ENIConfig` and security groups per pod do not apply to those nodes. Edits here change
 * nothing, which is easy to miss while debugging. (A cluster can mix Auto Mode with other nodes, hence
 * information only.)
 *
 * **Fix:** configure networking on the NodeClass (`spec.advancedNetworking.ipv4PrefixSize`,
 * `podSubnetSelectorTerms`, `podSecurityGroupSelectorTerms`), or remove the unused settings.
 */
import type { Finding, Related, Rule, RuleContext } from '../types';
import type { NodeDefinition, Span } from '../../syntax';
import { nodeClassOf, nodeLabel } from '../scope';

const CODE = 'auto-mode-cni-settings-ignored';

function isAutoMode(ctx: RuleContext, node: NodeDefinition): boolean {
  if (node.kind === 'auto-mode-nodeclass') return true;
  if (node.kind !== 'karpenter-nodepool') return false;
  const ref = node.nodeClassRef;
  if (ref?.group === 'eks.amazonaws.com' || ref?.kind === 'NodeClass') return true;
  return nodeClassOf(ctx, node)?.node.kind === 'auto-mode-nodeclass';
}

export const rule: Rule = {
  code: CODE,
  title: 'CNI settings where every node is EKS Auto Mode',
  defaultSeverity: 'information',
  run(ctx: RuleContext): Finding[] {
    const nodes = ctx.workspace.nodes;
    if (nodes.length === 0 || !nodes.every((n) => isAutoMode(ctx, n.node))) return [];
    const classes = nodes.filter((n) => n.node.kind === 'auto-mode-nodeclass');
    const related: Related[] = classes.slice(0, 5).map((n) => ({
      uri: n.uri === ctx.uri ? undefined : n.uri,
      span: n.node.name?.span ?? n.node.span,
      message: `${nodeLabel(n.node)} is EKS Auto Mode`,
    }));
    const names =
      classes
        .map((n) => nodeLabel(n.node))
        .slice(0, 3)
        .join(', ') || 'EKS Auto Mode NodeClasses';
    const tail = ` The nodes in scope are EKS Auto Mode (${names}), where AWS manages pod networking; configure it on the NodeClass (spec.advancedNetworking) instead.`;
    const out: Finding[] = [];
    const push = (span: Span, what: string): void => {
      out.push({
        code: CODE,
        severity: 'information',
        message: `${what} has no effect on these nodes.${tail}`,
        span,
        related,
      });
    };
    for (const s of ctx.model.cni)
      push(s.span, s.format === 'configmap' ? 'The amazon-vpc-cni ConfigMap' : 'aws-node configuration');
    for (const e of ctx.model.eniConfigs)
      push(e.name.span, `ENIConfig "${e.name.value}" (custom networking)`);
    for (const p of ctx.model.securityGroupPolicies)
      push(p.name?.span ?? p.span, 'SecurityGroupPolicy (security groups for pods)');
    return out;
  },
};
