/**
 * A live subnet has fewer free addresses than the warm pools of the nodes whose pods use it ask EC2 for.
 *
 * **Triggers:** in exports of a live cluster, a subnet of `aws ec2 describe-subnets` whose free addresses
 * (EC2's `AvailableIpAddressCount`, else counted from the `describe-network-interfaces` export) are fewer
 * than the sum, over the live nodes whose pods take addresses from it, of the warm pool each node's ipamd
 * keeps idle and asks EC2 for again when its pods use it up — as the engine settles the pool under the
 * exported aws-node settings with the node's pods (secondary IPs, or /28 prefixes with prefix delegation).
 * A node's pods use its primary ENI's subnet, or with custom networking its ENIConfig's subnet; nodes whose
 * pool cannot grow (every ENI attached and full) ask for nothing. Needs the nodes, aws-node and subnets
 * exports, and the network interfaces (to know a node's subnet) or the ENIConfigs.
 *
 * **Why it matters:** when the subnet runs out, ipamd gets `InsufficientFreeAddressesInSubnet` from EC2
 * and backs off; new pods on the nodes that could not refill stay in `ContainerCreating`.
 *
 * **Fix:** lower the warm targets (`WARM_IP_TARGET`/`MINIMUM_IP_TARGET` instead of `WARM_ENI_TARGET`,
 * `WARM_PREFIX_TARGET=1`), add a subnet or a secondary VPC CIDR with custom networking, or spread the nodes.
 */
import type { Finding, Rule, RuleContext } from '../types';
import { liveSubnetFacts } from '../facts/liveSubnets';
import { report } from '../report';
import { relatedEnv } from '../scope';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export const rule: Rule = {
  code: 'live-subnet-free-below-warm-pools',
  title: 'Live subnet with fewer free addresses than its nodes’ warm pools ask for',
  defaultSeverity: 'warning',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const row of liveSubnetFacts(ctx)) {
      if (row.free === undefined || row.nodes.length === 0 || row.refill <= row.free) continue;
      const byType = new Map<string, { n: number; each: number }>();
      for (const n of row.nodes) {
        if (n.refill === 0 || !n.row.type) continue;
        const k = `${n.row.type}/${n.refill}`;
        const g = byType.get(k) ?? { n: 0, each: n.refill };
        g.n++;
        byType.set(k, g);
      }
      const shown = [...byType.entries()]
        .slice(0, 3)
        .map(([k, g]) => `${g.n} x ${k.split('/')[0]} (${g.each} each)`)
        .join(', ');
      const more = byType.size > 3 ? ` and ${byType.size - 3} more` : '';
      const from =
        row.freeFrom === 'ec2'
          ? "EC2's AvailableIpAddressCount"
          : `counted from ${plural(row.usage?.interfaces ?? 0, 'interface')}`;
      const s = row.subnet;
      const where = [s.cidrBlock, s.availabilityZone].filter(Boolean).join(', ');
      const view = row.nodes[0]?.row.view;
      out.push(
        report(rule, {
          message: `Subnet ${s.subnetId.value}${where ? ` (${where})` : ''} has ${row.free} free addresses (${from}), fewer than the ${row.refill} addresses the warm pools of its ${plural(row.nodes.length, 'node')} ask EC2 for when their pods use them up (${shown}${more}, as ipamd settles each pool under the live aws-node settings). Nodes that cannot refill leave new pods in ContainerCreating (InsufficientFreeAddressesInSubnet).`,
          span: row.anchor ?? { start: 0, end: 0 },
          related: view
            ? relatedEnv(
                ctx,
                view,
                ['WARM_ENI_TARGET', 'WARM_IP_TARGET', 'MINIMUM_IP_TARGET', 'WARM_PREFIX_TARGET'],
                'the live warm-pool setting',
              )
            : [],
        }),
      );
    }
    return out;
  },
};
