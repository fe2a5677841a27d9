/**
 * AL2 `bootstrap.sh` user data on an AL2023 AMI.
 *
 * **Triggers:** user data that calls `/etc/eks/bootstrap.sh` for nodes whose AMI family is AL2023 (eksctl
 * `amiFamily: AmazonLinux2023`, EC2NodeClass `amiSelectorTerms: [{alias: al2023@...}]` or
 * `amiFamily: AL2023`), or next to an AL2023 NodeConfig part in the same MIME user data.
 *
 * **Why it matters:** AL2023 AMIs bootstrap with nodeadm; their `bootstrap.sh` only prints
 * "ERROR: bootstrap.sh has been removed from AL2023-based EKS AMIs." and exits 1. With `set -e` the rest of
 * the script does not run; either way the flags passed to it (max-pods, labels, kubelet args) are never
 * applied, and a node that relies on it never joins the cluster.
 *
 * **Fix:** move the settings into a NodeConfig (`apiVersion: node.eks.aws/v1alpha1`, MIME part
 * `application/node.eks.aws`): `spec.kubelet.config.maxPods`, `spec.kubelet.flags`; or use an AL2 AMI
 * (no longer published after November 2025).
 */
import type { Finding, Rule, RuleContext } from '../types';
import { nodeLabel } from '../scope';

const CODE = 'bootstrap-sh-on-al2023';

export const rule: Rule = {
  code: CODE,
  title: 'AL2 bootstrap.sh in user data for an AL2023 AMI',
  defaultSeverity: 'error',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const node of ctx.model.nodes) {
      const parts = node.userData?.parts ?? [];
      const al2023 = node.amiFamily?.value === 'AL2023';
      const withNodeConfig = parts.some((p) => p.nodeConfig !== undefined);
      if (!al2023 && !withNodeConfig) continue;
      const why = al2023
        ? `${node.name ? `${nodeLabel(node)} uses` : 'these nodes use'} an AL2023 AMI`
        : 'this user data also holds an AL2023 NodeConfig, so the AMI is AL2023';
      for (const part of parts) {
        for (const call of part.bootstrap) {
          out.push({
            code: CODE,
            severity: 'error',
            message: `bootstrap.sh is AL2-only and ${why}: it prints "ERROR: bootstrap.sh has been removed from AL2023-based EKS AMIs." and exits 1, so none of its flags apply. Use a NodeConfig (nodeadm) instead.`,
            span: call.span,
            related:
              node.amiFamily && al2023
                ? [{ span: node.amiFamily.span, message: 'AMI family AL2023' }]
                : undefined,
          });
        }
      }
    }
    return out;
  },
};
