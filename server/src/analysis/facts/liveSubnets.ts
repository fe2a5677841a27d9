/**
 * Live subnet facts: for each subnet of the analysed document's `aws ec2 describe-subnets` export, what its
 * interfaces take (`describe-network-interfaces` exports of the same live cluster, merged), the engine's
 * fragmentation result (free addresses, free aligned /28 blocks), and the live nodes whose pods take
 * addresses from it, with the warm pool each asks EC2 for.
 *
 * Which subnet a node's pods use (amazon-vpc-cni-k8s): with custom networking, the subnet of the ENIConfig
 * the node selects (pkg/eniconfig/eniconfig.go GetNodeSpecificENIConfigName: the
 * `vpc.amazonaws.com/externalEniConfig` label, else the annotation ENI_CONFIG_ANNOTATION_DEF names, else the
 * label ENI_CONFIG_LABEL_DEF names, both `k8s.amazonaws.com/eniConfig` by default, else `default`); without
 * it, the subnet of the node's primary ENI (ipamd creates secondary ENIs in the primary ENI's subnet unless
 * subnet discovery picks others, which is then unknown and the node is left out).
 */
import {
  nextPrefix,
  subnetFragmentation,
  suggestReservation,
  type FragmentationResult,
  type NextPrefixDecision,
  type ReservationSuggestion,
  type SteadyStateResult,
  type SubnetUsage,
} from '../../engine';
import type { Span } from '../../syntax';
import type { ExportNode, ExportSubnet, SubnetUsageRecord } from '../../syntax/exports';
import { cniEnvOf } from '../cniConfig';
import { steadyPool } from '../capacity';
import type { RuleContext } from '../types';
import { liveCatalog, liveClusterNodes, warmPoolPods, type LiveNodeRow } from './live';
import { query } from './query';

export interface LiveSubnetNode {
  row: LiveNodeRow;
  /** Prefix delegation in force for the node's type under the live settings. */
  prefixDelegation: boolean;
  /** The engine's steady state of the node with its pods. */
  steady: SteadyStateResult;
  /** Addresses the node's warm pool asks EC2 for when its pods use it up (0 when the pool cannot grow). */
  refill: number;
}

export interface LiveSubnetRow {
  subnet: ExportSubnet;
  /** What the exported interfaces of the subnet take; undefined when no ENI export covers it. */
  usage?: SubnetUsageRecord;
  /** The engine's count from the interfaces; undefined without interfaces or an IPv4 CIDR. */
  fragmentation?: FragmentationResult;
  /** Free addresses: EC2's AvailableIpAddressCount, else counted from the interfaces. */
  free?: number;
  freeFrom?: 'ec2' | 'interfaces';
  nodes: LiveSubnetNode[];
  /** Σ refill over the nodes. */
  refill: number;
  /** Nodes with prefix delegation in force, and whether they can each get their next /28. */
  prefixNodes: number;
  next?: NextPrefixDecision;
  /** A `prefix` CIDR reservation for one next prefix per prefix-delegation node. */
  reservation?: ReservationSuggestion;
  anchor?: Span;
}

const EXTERNAL_ENICONFIG_LABEL = 'vpc.amazonaws.com/externalEniConfig';
const DEFAULT_ENICONFIG_KEY = 'k8s.amazonaws.com/eniConfig';

/** The ENIConfig name a node selects, as ipamd derives it (see the module comment). */
export function eniConfigNameOf(node: ExportNode, env: Readonly<Record<string, string | undefined>>): string {
  const annotation = env.ENI_CONFIG_ANNOTATION_DEF || DEFAULT_ENICONFIG_KEY;
  const label = env.ENI_CONFIG_LABEL_DEF || DEFAULT_ENICONFIG_KEY;
  return (
    node.eniConfigLabels[EXTERNAL_ENICONFIG_LABEL] ??
    node.annotations?.[annotation] ??
    node.eniConfigLabels[label] ??
    'default'
  );
}

/** The ENIConfigs of the live cluster by name: exported ones (`kubectl get eniconfigs`). */
export const liveEniConfigs = query((ws: RuleContext['workspace']): Map<string, string | undefined> => {
  const out = new Map<string, string | undefined>();
  for (const e of ws.exports ?? [])
    for (const c of e.model.eniConfigs) out.set(c.name.value, c.subnet?.value);
  for (const c of ws.eniConfigs)
    if (c.eniConfig.name) out.set(c.eniConfig.name.value, c.eniConfig.subnet?.value);
  return out;
});

/** The subnet a live node's pods take addresses from; undefined when the exports do not tell. */
export function podSubnetOf(ctx: RuleContext, row: LiveNodeRow): string | undefined {
  const source = row.view?.source;
  if (!row.cap || !source) return undefined;
  if (row.cap.settings.customNetworking.value) {
    const name = eniConfigNameOf(row.node, cniEnvOf(source).values);
    return liveEniConfigs(ctx.workspace).get(name);
  }
  const id = row.node.instanceId;
  if (!id) return undefined;
  let primary: string | undefined;
  for (const e of ctx.workspace.exports ?? []) primary ??= e.model.instances.get(id)?.primarySubnet;
  if (!primary) return undefined;
  // Subnet discovery (CNI v1.18+) creates ENIs in the subnets of the node's zone tagged
  // kubernetes.io/role/cni (pkg/awsutils/awsutils.go createENI): with another tagged subnet, the pods'
  // subnet is not one we can name.
  if (row.cap.settings.subnetDiscovery.value) {
    const others = (ctx.workspace.exports ?? []).flatMap((e) =>
      e.model.subnets.filter(
        (s) =>
          s.subnetId.value !== primary &&
          s.cniRoleTag === '1' &&
          (row.node.zone === undefined || s.availabilityZone === row.node.zone),
      ),
    );
    if (others.length > 0) return undefined;
  }
  return primary;
}

/** Interfaces' usage of a subnet, merged over the cluster's ENI exports. */
const usageOf = query((ws: RuleContext['workspace'], subnet: string): SubnetUsageRecord | undefined => {
  const parts = (ws.exports ?? []).flatMap((e) => {
    const u = e.model.subnetUsage.get(subnet);
    return u ? [u] : [];
  });
  if (parts.length <= 1) return parts[0];
  return {
    ips: parts.flatMap((p) => p.ips),
    prefixes: parts.flatMap((p) => p.prefixes),
    interfaces: parts.reduce((a, p) => a + p.interfaces, 0),
    unreadable: parts.reduce((a, p) => a + p.unreadable, 0),
  };
});

/** Live nodes grouped by the subnet their pods use. */
const nodesBySubnet = query((ctx: RuleContext): Map<string, LiveSubnetNode[]> => {
  const out = new Map<string, LiveSubnetNode[]>();
  const catalog = liveCatalog(ctx.catalog, ctx.workspace);
  for (const row of liveClusterNodes(ctx)) {
    if (!row.type || !row.cap || !row.view) continue;
    const subnet = podSubnetOf(ctx, row);
    if (!subnet) continue;
    const pods = row.pods ? warmPoolPods(row.pods) : 0;
    const steady = steadyPool(catalog, row.type, row.view.source, pods, row.maxPods);
    if (!steady.known || !steady.starts || steady.mode === 'ipv6') continue;
    const refill = steady.growth.canGrow ? steady.free : 0;
    const list = out.get(subnet) ?? [];
    list.push({ row, prefixDelegation: steady.mode === 'prefix', steady, refill });
    out.set(subnet, list);
  }
  return out;
});

/** One row per subnet of the analysed document's export. */
export const liveSubnetFacts = query((ctx: RuleContext): LiveSubnetRow[] => {
  const subnets = ctx.model.export?.subnets ?? [];
  if (subnets.length === 0) return [];
  const byNode = nodesBySubnet(ctx);
  return subnets.map((subnet) => {
    const id = subnet.subnetId.value;
    const usage = usageOf(ctx.workspace, id);
    const nodes = byNode.get(id) ?? [];
    const engineUsage: SubnetUsage | undefined = usage
      ? { ips: usage.ips, prefixes: usage.prefixes }
      : undefined;
    const fragmentation =
      engineUsage && subnet.cidrBlock ? subnetFragmentation(subnet.cidrBlock, engineUsage) : undefined;
    const ok = fragmentation?.ok ? fragmentation : undefined;
    const free = subnet.availableIpAddressCount ?? ok?.free;
    const prefixNodes = nodes.filter((n) => n.prefixDelegation).length;
    const next = ok && prefixNodes > 0 ? nextPrefix(ok, prefixNodes) : undefined;
    const reservation =
      ok && engineUsage && prefixNodes > 0 ? suggestReservation(ok, engineUsage, prefixNodes) : undefined;
    const anchor = subnet.subnetId.span ?? subnet.at.span;
    return {
      subnet,
      ...(usage ? { usage } : {}),
      ...(ok ? { fragmentation: ok } : {}),
      ...(free !== undefined
        ? { free, freeFrom: subnet.availableIpAddressCount !== undefined ? 'ec2' : 'interfaces' }
        : {}),
      nodes,
      refill: nodes.reduce((a, n) => a + n.refill, 0),
      prefixNodes,
      ...(next ? { next } : {}),
      ...(reservation ? { reservation } : {}),
      ...(anchor ? { anchor } : {}),
    } satisfies LiveSubnetRow;
  });
});
