/**
 * A live node runs with prefix delegation on but its kubelet max-pods left at the secondary-IP value.
 *
 * **Triggers:** in an export of a live cluster, the exported `aws-node` has prefix delegation in force for a
 * node's instance type (`ENABLE_PREFIX_DELEGATION=true` on a Nitro type), and the node's
 * `status.capacity.pods` is at or below the eni-max-pods table value (secondary-IP mode), or under half of
 * the recommended value, as `max-pods-below-capacity` decides for files.
 *
 * **Why it matters:** prefix delegation gives each ENI sixteen times the addresses, but the scheduler still
 * stops at max-pods: the nodes run as few pods as before and the cluster needs more of them. Nodes started
 * before prefix delegation was turned on keep their max-pods until they are replaced.
 *
 * **Fix:** set max-pods to the recommended value in the node group's or node pool's files (it follows
 * max-pods-calculator.sh: the prefix-delegation capacity, capped at 110 for instance types with 30 vCPUs or
 * fewer and 250 above), then replace the nodes.
 */
import type { Finding, Rule, RuleContext } from '../types';
import { liveNodeFacts } from '../facts/live';
import { report } from '../report';
import { relatedEnv } from '../scope';

export const rule: Rule = {
  code: 'live-max-pods-below-capacity',
  title: 'Live node with prefix delegation on and max-pods left at the secondary-IP value',
  defaultSeverity: 'warning',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const row of liveNodeFacts(ctx)) {
      if (row.verdict !== 'below' || !row.cap || !row.view || row.recommended === undefined) continue;
      const atTable = row.maxPods === row.secondary ? ', the secondary-IP value' : '';
      out.push(
        report(rule, {
          message: `Node ${row.node.name.value} (${row.type}) runs with max-pods ${row.maxPods} (${row.maxPodsField})${atTable}, but the live aws-node has prefix delegation on: ${row.type} can address ${row.capacity} pods (${row.cap.formula}) and the recommended max-pods is ${row.recommended}.`,
          span: row.anchor ?? { start: 0, end: 0 },
          related: relatedEnv(
            ctx,
            row.view,
            ['ENABLE_PREFIX_DELEGATION'],
            'prefix delegation is enabled here',
          ),
        }),
      );
    }
    return out;
  },
};
