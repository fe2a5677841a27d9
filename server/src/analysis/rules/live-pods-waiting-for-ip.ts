/**
 * Pods on a live node stuck before they start because the node has no pod address for them.
 *
 * **Triggers:** in exports of a live cluster, pods bound to a node and still `Pending` (a container waiting
 * in `ContainerCreating`, or no container status yet), not host-network (those take no pod IP), when the
 * exports show the cause is addresses: the kubelet's `FailedCreatePodSandBox` events on that node carry the
 * CNI plugin's "failed to assign an IP address to container" (`kubectl get events -A -o json`), or the pods
 * on the node that need an address from ipamd's warm pool (pod-IP pods less those with a branch ENI of
 * security groups for pods) outnumber what its type can address under the live aws-node settings. Pending
 * pods without such evidence (image pulls, volumes) are not reported.
 *
 * **Why it matters:** these pods do not run until an address frees up on that node; the scheduler keeps
 * placing pods there while max-pods allows it.
 *
 * **Fix:** see the node's other findings (max-pods above capacity, a full or fragmented subnet, warm-pool
 * settings); lower max-pods or free addresses, then delete the stuck pods so they are scheduled again.
 */
import type { Finding, Rule, RuleContext } from '../types';
import { IP_FAILURE_TEXT } from '../../syntax/exports';
import { liveNodeFacts, warmPoolPods } from '../facts/live';
import { report } from '../report';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export const rule: Rule = {
  code: 'live-pods-waiting-for-ip',
  title: 'Pods on a live node stuck in ContainerCreating for want of a pod IP',
  defaultSeverity: 'error',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const row of liveNodeFacts(ctx)) {
      const p = row.pods;
      if (!p) continue;
      const stuck = Object.values(p.stuck).reduce((a, b) => a + b, 0);
      if (stuck === 0) continue;
      const needing = warmPoolPods(p);
      const over = row.capacity !== undefined && row.cap !== undefined && needing > row.capacity;
      const messages = p.stuckSamples.filter((s) => s.message?.includes(IP_FAILURE_TEXT)).length;
      if (!over && p.ipFailureEvents === 0 && messages === 0) continue;
      const why: string[] = [];
      if (p.ipFailureEvents > 0)
        why.push(
          `the kubelet reports "${IP_FAILURE_TEXT}" in ${plural(p.ipFailureEvents, 'FailedCreatePodSandBox event')} on this node (${p.ipFailurePods.join(', ')})`,
        );
      else if (messages > 0) why.push(`their status says "${IP_FAILURE_TEXT}"`);
      if (over && row.cap)
        why.push(
          `${plural(needing, 'pod')} on it need an address from ipamd and ${row.type} can address ${row.capacity} under the live aws-node settings (${row.cap.formula})`,
        );
      const reasons = Object.entries(p.stuck)
        .map(([r, n]) => `${n} ${r}`)
        .join(', ');
      const samples = p.stuckSamples.map((s) => s.pod).join(', ');
      out.push(
        report(rule, {
          message: `${plural(stuck, 'pod')} on node ${row.node.name.value}${row.type ? ` (${row.type})` : ''} ${stuck === 1 ? 'is' : 'are'} stuck before starting (${reasons}; e.g. ${samples}) for want of a pod IP: ${why.join('; ')}.`,
          span: row.node.name.span ?? row.node.at.span ?? { start: 0, end: 0 },
        }),
      );
    }
    return out;
  },
};
