/**
 * What the node allocation explorer shows, as plain data: the nodes and instance types a document is about
 * (its targets), and for one target the engine inputs that apply to it: the instance type, the aws-node env
 * of the CNI settings of the node's cluster (the view that leaves the type the fewest addresses, as the
 * capacity rules use), the CNI version and defaults, the max-pods its kubelet ends up with, and the subnet
 * where one is stated. A what-if overlays env values on those settings; its edits are built by the same
 * code as the quick fixes (`setEdit`, `syntax/edits.ts`). Pure: the LSP layer picks the document and the
 * cluster context, the picture module renders.
 */
import type { CniEnv, DefaultsMode, NodeSpec } from '../engine';
import type { CniSettingsSource, NodeDefinition, Span } from '../syntax';
import { nodeMaxPods, subnetCapacity, TOOL_LABEL } from './capacity';
import { cniEnvOf, defaultsModeOf, effectiveCni, setEdit } from './cniConfig';
import { envVarInfo } from './envCatalog';
import { inside } from './features';
import { cniViews, nodeLabel, typesOf, windowsOf, worstCapacity, type CniView } from './scope';
import type { Edit, RuleContext } from './types';

/** One node definition (or none: the type alone) and one of its instance types. */
export interface AllocationTargetInfo {
  /** Index of the node definition in the document's model; undefined: the document's type alone. */
  node?: number;
  instanceType: string;
  /** `NodePool "default"`, `these nodes`. */
  label: string;
  /** Where the node (or the type) is written. */
  span?: Span;
}

/** At most this many types per node in a pick list (a NodePool may select hundreds). */
export const MAX_TYPES_PER_NODE = 12;

/** Nodes that aws-node runs on (Windows and EKS Auto Mode nodes have no aws-node settings to show). */
function explorable(ctx: RuleContext, node: NodeDefinition): boolean {
  return node.kind !== 'auto-mode-nodeclass' && !windowsOf(ctx, node);
}

/** The targets of the document's own nodes: each node with each type in scope (bounded per node). */
export function allocationTargets(ctx: RuleContext): AllocationTargetInfo[] {
  const out: AllocationTargetInfo[] = [];
  ctx.model.nodes.forEach((node, i) => {
    if (!explorable(ctx, node)) return;
    for (const t of typesOf(ctx, ctx.uri, node).types.slice(0, MAX_TYPES_PER_NODE)) {
      if (!ctx.catalog.lookup(t.name)) continue;
      out.push({
        node: i,
        instanceType: t.name,
        label: nodeLabel(node),
        // A node class's types are written in its pools: its own anchor is its name.
        span:
          t.origin !== 'nodepool' && (t.uri ?? ctx.uri) === ctx.uri && t.span
            ? t.span
            : (node.name?.span ?? node.span),
      });
    }
  });
  if (out.length === 0)
    for (const t of ctx.model.directives.instanceTypes)
      if (ctx.catalog.lookup(t.value))
        out.push({ instanceType: t.value, label: 'instance-types directive', span: t.span });
  return out;
}

/**
 * The target at `offset`: the instance type written there (or selected by the requirement there), else the
 * first type of the node definition that contains it.
 */
export function allocationTargetAt(ctx: RuleContext, offset: number): AllocationTargetInfo | undefined {
  const targets = allocationTargets(ctx);
  const onType = targets.find((t) => t.span && inside(t.span, offset) && t.node !== undefined);
  if (onType) return onType;
  const directive = targets.find((t) => t.node === undefined && t.span && inside(t.span, offset));
  if (directive) return directive;
  const i = ctx.model.nodes.findIndex((n) => inside(n.span, offset));
  return i < 0 ? undefined : targets.find((t) => t.node === i);
}

/** A subnet the nodes start in, with the node count stated beside it. */
export interface SubnetFact {
  cidr: string;
  /** Usable addresses (size minus the 5 AWS reserves). */
  usable: number;
  size: number;
  nodes?: number;
  /** `the subnet directive`, `nodeGroups.workers in .vpc-cni-lint.yaml`. */
  from: string;
}

/** Everything the engine needs for one target, and where it comes from. */
export interface AllocationInputs {
  target: AllocationTargetInfo;
  node?: NodeDefinition;
  /** The CNI settings source in force (undefined: none in the cluster, the shipped manifest's defaults). */
  view: CniView;
  /** Other CNI settings sources in scope (the view shown is the one that leaves the fewest addresses). */
  otherViews: number;
  env: CniEnv;
  cniVersion?: string;
  defaults: DefaultsMode;
  /** The node's kubelet max-pods when known (else the engine assumes the eni-max-pods table value). */
  maxPods?: number;
  /** `Karpenter computes 29`, `max-pods 110 in the user data`. */
  maxPodsOrigin: string;
  subnet?: SubnetFact;
}

function subnetOf(ctx: RuleContext, node: NodeDefinition | undefined): SubnetFact | undefined {
  const groups = ctx.settings.project?.nodeGroupSubnets;
  const name = node?.name?.value;
  const fromConfig = name ? groups?.[name]?.[0] : undefined;
  const candidates: Array<{ cidr: string; nodes?: number; from: string }> = [];
  if (fromConfig)
    candidates.push({
      cidr: fromConfig.cidr,
      nodes: fromConfig.nodes,
      from: `nodeGroups.${name} of the project config`,
    });
  for (const s of ctx.model.directives.subnets)
    candidates.push({ cidr: s.cidr.value, nodes: s.nodes, from: 'the subnet directive' });
  for (const c of candidates) {
    const cap = subnetCapacity(c.cidr);
    if (cap) return { cidr: c.cidr, usable: cap.usable, size: cap.size, nodes: c.nodes, from: c.from };
  }
  return undefined;
}

/** The engine inputs of a target under the document's cluster context (`ctx`); undefined if it is gone. */
export function allocationInputs(
  ctx: RuleContext,
  target: { node?: number; instanceType: string },
): AllocationInputs | undefined {
  const node = target.node === undefined ? undefined : ctx.model.nodes[target.node];
  if (target.node !== undefined && (!node || !explorable(ctx, node))) return undefined;
  if (!ctx.catalog.lookup(target.instanceType)) return undefined;
  const views = cniViews(ctx);
  const worst = worstCapacity(ctx, views, target.instanceType);
  const view = worst?.view ?? views[0] ?? {};
  const info: AllocationTargetInfo = node
    ? { node: target.node, instanceType: target.instanceType, label: nodeLabel(node), span: node.span }
    : { instanceType: target.instanceType, label: 'instance type' };
  let maxPods: number | undefined;
  let maxPodsOrigin = 'the eni-max-pods table value (no max-pods known for this node)';
  if (node && worst) {
    const mp = nodeMaxPods(ctx.catalog, node, target.instanceType, worst.cap.settings);
    if (mp.value !== null) {
      maxPods = mp.value;
      const tool = mp.tool ? TOOL_LABEL[mp.tool] : 'the node';
      maxPodsOrigin = mp.setting
        ? `max-pods ${mp.value} set for ${nodeLabel(node)}`
        : `${tool} computes ${mp.value}`;
    }
  }
  const source = view.source;
  return {
    target: info,
    node,
    view,
    otherViews: Math.max(0, views.filter((v) => v.source).length - 1),
    env: source ? cniEnvOf(source).values : {},
    cniVersion: source?.cniVersion?.value,
    defaults: defaultsModeOf(source),
    maxPods,
    maxPodsOrigin,
    subnet: subnetOf(ctx, node),
  };
}

/** The node spec the engine simulates for the inputs, with `whatIf` env values laid over them. */
export function nodeSpecOf(inputs: AllocationInputs, whatIf: Record<string, string> = {}): NodeSpec {
  return {
    instanceType: inputs.target.instanceType,
    env: { ...inputs.env, ...whatIf },
    cniVersion: inputs.cniVersion,
    defaults: inputs.defaults,
    maxPods: inputs.maxPods,
  };
}

/** Longest what-if value accepted (env values of aws-node are short: numbers, booleans, names). */
const MAX_VALUE_LENGTH = 256;

/** The what-if entries aws-node reads, and a problem for each one it does not or cannot take. */
export function checkWhatIf(raw: unknown): { values: Record<string, string>; problems: string[] } {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { values, problems };
  if (typeof raw !== 'object' || Array.isArray(raw))
    return { values, problems: ['what-if settings must be an object of env names and values'] };
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const info = envVarInfo(name);
    if (!info || !info.containers.includes('aws-node')) {
      problems.push(`${name} is not an aws-node env variable`);
      continue;
    }
    if (typeof value !== 'string' || value.length > MAX_VALUE_LENGTH || /[\r\n]/.test(value)) {
      problems.push(`${name}: the value must be one line of text`);
      continue;
    }
    values[name] = value;
  }
  return { values, problems };
}

/** Edits that write the what-if values into `source` (whose document text is `text`), or why they cannot. */
export function whatIfEdits(
  source: CniSettingsSource | undefined,
  text: string,
  whatIf: Record<string, string>,
): { edits: Edit[] } | { reason: string } {
  if (!source) return { reason: 'no aws-node settings in this cluster: there is no file to write to' };
  const names = Object.keys(whatIf);
  if (names.length === 0) return { reason: 'no what-if settings to apply' };
  const cfg = effectiveCni(source);
  const edits: Edit[] = [];
  for (const name of names) {
    if ((cfg.env.get(name)?.value ?? undefined) === whatIf[name]) continue;
    const edit = setEdit(text, cfg, name, whatIf[name] ?? '');
    if (!edit) {
      const entry = cfg.env.get(name);
      return {
        reason: entry?.valueFrom
          ? `${name} is set from a reference (valueFrom) there: edit it where its value comes from`
          : `${name} cannot be written into these settings in place (an encoded value or no env list to add to)`,
      };
    }
    edits.push(edit);
  }
  if (edits.length === 0) return { reason: 'the file already has these values' };
  return { edits };
}
