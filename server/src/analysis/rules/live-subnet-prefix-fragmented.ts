/**
 * With prefix delegation, a live subnet has too few free aligned /28 blocks for its nodes' next prefixes.
 *
 * **Triggers:** in exports of a live cluster, a subnet of `aws ec2 describe-subnets` whose addresses are
 * known from `aws ec2 describe-network-interfaces` (every private IP and delegated prefix of its interfaces),
 * used by live nodes that have prefix delegation in force under the exported aws-node settings. The engine
 * counts the free *aligned* /28 blocks (a delegated prefix is a whole aligned /28, AWS's 5 reserved addresses
 * excluded). **Error** when none is free although addresses are (the fragmentation case: EC2 answers
 * `InsufficientCidrBlocks` however large `AvailableIpAddressCount` looks); **warning** when fewer blocks are
 * free than there are such nodes, each asking for one more prefix.
 *
 * **Why it matters:** a node that cannot get its next prefix cannot grow its pool: new pods on it stay in
 * `ContainerCreating`, and ipamd logs "subnet doesn't seem to have enough IPs/Prefixes" (amazon-vpc-cni-k8s
 * issue #2749).
 *
 * **Fix:** the message gives a `prefix` subnet CIDR reservation sized for one next prefix per node
 * (`aws ec2 create-subnet-cidr-reservation --reservation-type prefix`): EC2 places no single address in it, so
 * it stays whole for prefixes. When no aligned range of that size is free now, it names the least used one
 * (its addresses must be released first). Or move the nodes' pods to a new, larger subnet (custom networking).
 */
import type { Finding, Rule, RuleContext } from '../types';
import { formatIpv4Cidr } from '../../engine';
import { liveSubnetFacts, type LiveSubnetRow } from '../facts/liveSubnets';
import { report } from '../report';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function reservationText(row: LiveSubnetRow): string {
  const r = row.reservation;
  if (!r) return '';
  const id = row.subnet.subnetId.value;
  const size = `a /${r.length} (${plural(r.blocks, '/28 prefix', '/28 prefixes')}, one next prefix per node)`;
  if (r.tooLarge)
    return ` A prefix reservation of ${size} cannot fit in this subnet: move the pods to a larger one.`;
  if (r.cidr) return ` Reserve ${size} that is free now: \`${r.command(id)}\`.`;
  if (r.leastUsed)
    return ` No aligned /${r.length} is free now; the least used, ${formatIpv4Cidr(r.leastUsed.cidr)}, holds ${plural(r.leastUsed.taken, 'address', 'addresses')} that must be released before it can be reserved (\`${r.command(id)}\` with that CIDR).`;
  return '';
}

export const rule: Rule = {
  code: 'live-subnet-prefix-fragmented',
  title: 'Live subnet without free aligned /28 blocks for the next prefixes (fragmentation)',
  defaultSeverity: 'error',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const row of liveSubnetFacts(ctx)) {
      const f = row.fragmentation;
      const next = row.next;
      if (!f || !next || next.canGetPrefix || f.free === 0) continue;
      const s = row.subnet;
      const where = [s.cidrBlock, s.availabilityZone].filter(Boolean).join(', ');
      const counted = `counted from ${plural(row.usage?.interfaces ?? 0, 'interface')}`;
      const nodes = plural(row.prefixNodes, 'node');
      const message = next.fragmented
        ? `No node can get its next /28 prefix from subnet ${s.subnetId.value}${where ? ` (${where})` : ''}: ${f.free} addresses are free but none of its ${f.blocks} aligned /28 blocks is (${counted}; ${f.scatteredFree} free addresses are scattered), so EC2 answers InsufficientCidrBlocks. ${nodes} with prefix delegation take pod addresses from it.${reservationText(row)}`
        : `Subnet ${s.subnetId.value}${where ? ` (${where})` : ''} has ${plural(f.freeBlocks, 'free aligned /28 block')} for ${nodes} with prefix delegation (${counted}; ${f.free} addresses free): only ${next.nodesServed} can get a next prefix at the same time.${reservationText(row)}`;
      out.push(
        report(rule, {
          message,
          span: row.anchor ?? { start: 0, end: 0 },
          ...(next.fragmented ? {} : { severity: 'warning' as const }),
        }),
      );
    }
    return out;
  },
};
