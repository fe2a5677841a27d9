/**
 * A live node's kubelet max-pods is above the pod addresses the live aws-node settings give its type.
 *
 * **Triggers:** in an export of a live cluster (`kubectl get nodes -o json|yaml`), a node whose
 * `status.capacity.pods` (the kubelet's max-pods in force; `allocatable.pods` when capacity is not
 * exported) is above what the CNI can address on its instance type under the exported `aws-node`
 * DaemonSet's settings (prefix delegation, custom networking, the trunk ENI of security groups for pods,
 * `MAX_ENI`, the image's CNI version). Needs both the nodes and the aws-node export; Windows, Fargate, EKS
 * Auto Mode and hybrid nodes are left out (the VPC CNI does not give their pods addresses).
 *
 * **Why it matters:** the scheduler places up to max-pods pods on the node; those beyond the address
 * capacity stay in `ContainerCreating` with "failed to assign an IP address to container".
 *
 * **Fix:** lower the node group's or node pool's max-pods to the capacity shown (the repository's files set
 * it; `max-pods-exceeds-ip-capacity` reports them there), or change the CNI settings.
 */
import type { Finding, Rule, RuleContext } from '../types';
import { capacityEnv } from '../capacity';
import { liveNodeFacts } from '../facts/live';
import { report } from '../report';
import { relatedEnv } from '../scope';

export const rule: Rule = {
  code: 'live-max-pods-exceeds-ip-capacity',
  title: 'Live node whose kubelet max-pods is above the addresses the live CNI settings give it',
  defaultSeverity: 'error',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const row of liveNodeFacts(ctx)) {
      if (row.verdict !== 'exceeds' || !row.cap || !row.view || row.capacity === undefined) continue;
      out.push(
        report(rule, {
          message: `Node ${row.node.name.value} (${row.type}) runs with max-pods ${row.maxPods} (${row.maxPodsField}), but under the live aws-node settings ${row.type} can address ${row.capacity} pods${row.cap.phrase} (${row.cap.formula}). Pods above ${row.capacity} stay in ContainerCreating ("failed to assign an IP address to container").`,
          span: row.anchor ?? { start: 0, end: 0 },
          related: relatedEnv(
            ctx,
            row.view,
            capacityEnv(row.cap),
            'the live CNI setting behind this capacity',
          ),
        }),
      );
    }
    return out;
  },
};
