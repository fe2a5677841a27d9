/**
 * Live-cluster facts: what the exports of a live cluster (`ctx.workspace.exports`, the analysed document's
 * `model.export`) say about each node, evaluated by the engine under the live aws-node settings (the live
 * cluster's CNI settings source: the exported `aws-node` DaemonSet). One row per node of the analysed
 * document's export, with its capacity, the kubelet max-pods in force, the pods bound to it (merged over
 * every export of the cluster: pods and events usually come in their own files) and one verdict.
 *
 * Unknown is not wrong: without the live aws-node settings, for a type the catalog lacks, or a node whose
 * max-pods the export does not state, a row has no verdict that any rule reports.
 */
import type { Catalog, InstanceTypeInfo } from '../../engine';
import { tableMaxPods, withOverrides } from '../../engine';
import type { Span } from '../../syntax';
import { emptyNodePods, type ExportNode, type NodePods } from '../../syntax/exports';
import { capacityOf, recommendedOf, type Capacity } from '../capacity';
import { cniViews, type CniView } from '../scope';
import type { RuleContext } from '../types';
import { query } from './query';

/**
 * - `exceeds`: the kubelet's max-pods is above the pods the live settings let the type address;
 * - `below`: prefix delegation is in force and max-pods is still at the secondary-IP value (or under half the
 *   recommended value), as `max-pods-below-capacity` decides for files;
 * - `ok`: neither; `unknown`: no verdict can be given (no live settings, type or max-pods unknown).
 */
export type LiveVerdict = 'exceeds' | 'below' | 'ok' | 'unknown';

export interface LiveNodeRow {
  node: ExportNode;
  type?: string;
  info?: InstanceTypeInfo;
  /** The live settings source that gives the type the fewest addresses. */
  view?: CniView;
  cap?: Capacity;
  /** Pods the CNI can address on the node (engine). */
  capacity?: number;
  /** The kubelet's max-pods in force: `status.capacity.pods`, else `allocatable.pods`. */
  maxPods?: number;
  /** Which status field `maxPods` came from. */
  maxPodsField?: 'status.capacity.pods' | 'status.allocatable.pods';
  /** max-pods-calculator.sh's value for the type under the live settings. */
  recommended?: number;
  /** The eni-max-pods table value (secondary-IP mode). */
  secondary?: number;
  /** Pods bound to the node over every export of the cluster; undefined when no pods or events export. */
  pods?: NodePods;
  verdict: LiveVerdict;
  /** Where a finding about this node goes: the max-pods value, else its name, else the object. */
  anchor?: Span;
}

/** The live cluster's CNI settings sources (the exported aws-node). Empty: the settings in force are unknown. */
export function liveViews(ctx: RuleContext): CniView[] {
  if (!ctx.workspace.cluster?.live && !ctx.model.export) return [];
  return cniViews(ctx).filter((v) => v.source !== undefined);
}

/**
 * The catalog for the live cluster: `ctx.catalog` plus the figures of `aws ec2 describe-instance-types`
 * exports for the types it lacks (ipamd reads the same figures at run time for a type missing from its table:
 * pkg/awsutils/awsutils.go FetchInstanceTypeLimits). Types the catalog has keep its figures.
 */
export const liveCatalog = query((catalog: Catalog, ctx: RuleContext['workspace']): Catalog => {
  const entries: Record<string, unknown> = {};
  for (const e of ctx.exports ?? [])
    for (const t of e.model.instanceTypes)
      if (!catalog.lookup(t.instanceType)) entries[t.instanceType] = t.entry;
  return Object.keys(entries).length ? withOverrides(catalog, entries).catalog : catalog;
});

/** Pods of `node` merged over the exports of the cluster (undefined: no pods or events export read). */
export const livePods = query((ctx: RuleContext, node: string): NodePods | undefined => {
  const models = ctx.workspace.exports?.map((e) => e.model) ?? (ctx.model.export ? [ctx.model.export] : []);
  let out: NodePods | undefined;
  for (const m of models) {
    const p = m.podsByNode.get(node);
    if (!p && !m.podsRead) continue;
    out ??= emptyNodePods();
    if (!p) continue;
    out.pods += p.pods;
    out.podIpPods += p.podIpPods;
    out.branchEniPods += p.branchEniPods;
    for (const [k, v] of Object.entries(p.stuck)) out.stuck[k] = (out.stuck[k] ?? 0) + v;
    out.stuckSamples.push(...p.stuckSamples.slice(0, 3 - out.stuckSamples.length));
    out.ipFailureEvents += p.ipFailureEvents;
    for (const pod of p.ipFailurePods)
      if (out.ipFailurePods.length < 3 && !out.ipFailurePods.includes(pod)) out.ipFailurePods.push(pod);
  }
  return out;
});

/**
 * Nodes the VPC CNI does not give addresses to: Windows nodes (the VPC resource controller does), and nodes
 * of another compute type (Fargate, EKS Auto Mode, hybrid nodes: `eks.amazonaws.com/compute-type`).
 */
export function cniManaged(node: ExportNode): boolean {
  if (node.os === 'windows') return false;
  return node.eniConfigLabels['eks.amazonaws.com/compute-type'] === undefined;
}

function anchorOf(node: ExportNode, field: 'capacity' | 'allocatable' | undefined): Span | undefined {
  const v =
    field === 'capacity' ? node.capacityPods : field === 'allocatable' ? node.allocatablePods : undefined;
  return v?.span ?? node.name.span ?? node.at.span;
}

/** The row of one live node (memoized per context and node). */
export const liveNodeRow = query((ctx: RuleContext, node: ExportNode): LiveNodeRow => {
  const views = liveViews(ctx);
  const pods = livePods(ctx, node.name.value);
  const field = node.capacityPods ? 'capacity' : node.allocatablePods ? 'allocatable' : undefined;
  const maxPods = (node.capacityPods ?? node.allocatablePods)?.value;
  const anchor = anchorOf(node, field);
  const base: LiveNodeRow = {
    node,
    ...(pods ? { pods } : {}),
    ...(maxPods !== undefined ? { maxPods } : {}),
    ...(field
      ? { maxPodsField: field === 'capacity' ? 'status.capacity.pods' : 'status.allocatable.pods' }
      : {}),
    verdict: 'unknown',
    ...(anchor ? { anchor } : {}),
  };
  const type = node.instanceType?.value;
  const catalog = liveCatalog(ctx.catalog, ctx.workspace);
  const info = type ? catalog.lookup(type) : undefined;
  if (!type || !info || !cniManaged(node) || views.length === 0)
    return { ...base, ...(type ? { type } : {}) };
  // The view that leaves the type the fewest addresses (several live sources: aws-node and the add-on).
  let worst: { view: CniView; cap: Capacity } | undefined;
  for (const view of views) {
    const cap = capacityOf(catalog, type, view.source);
    if (cap.result.value === null) continue;
    if (!worst || (worst.cap.result.value ?? Infinity) > cap.result.value) worst = { view, cap };
  }
  const capacity = worst?.cap.result.value ?? undefined;
  if (!worst || capacity === undefined || capacity === null) return { ...base, type, info };
  const rec = recommendedOf(catalog, type, worst.cap).value;
  const secondary = tableMaxPods(info);
  let verdict: LiveVerdict = 'unknown';
  if (maxPods !== undefined) {
    verdict = 'ok';
    if (maxPods > capacity) verdict = 'exceeds';
    else if (
      worst.cap.result.budget?.mode === 'prefix' &&
      rec !== null &&
      maxPods < rec &&
      (maxPods <= secondary || maxPods * 2 < rec)
    )
      verdict = 'below';
  }
  return {
    ...base,
    type,
    info,
    view: worst.view,
    cap: worst.cap,
    capacity,
    ...(rec !== null ? { recommended: rec } : {}),
    secondary,
    verdict,
  };
});

/** One row per node of the analysed document's export. */
export const liveNodeFacts = query((ctx: RuleContext): LiveNodeRow[] =>
  (ctx.model.export?.nodes ?? []).map((n) => liveNodeRow(ctx, n)),
);

/** One row per node of every export of the live cluster (the analysed document's included). */
export const liveClusterNodes = query((ctx: RuleContext): LiveNodeRow[] => {
  const models = ctx.workspace.exports?.map((e) => e.model) ?? (ctx.model.export ? [ctx.model.export] : []);
  return models.flatMap((m) => m.nodes.map((n) => liveNodeRow(ctx, n)));
});

/**
 * Pods on a row's node that need an address from ipamd's warm pool: pod-IP pods less those that take a
 * branch ENI (security groups for pods: the branch ENI's own address, domain.md §e).
 */
export function warmPoolPods(p: NodePods): number {
  return Math.max(0, p.podIpPods - p.branchEniPods);
}
