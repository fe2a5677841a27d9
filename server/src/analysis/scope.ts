/**
 * Scope of a document: which node definitions and instance types it is about, and which CNI settings apply
 * to them.
 *
 * - Nodes: the document's own node definitions; for a document without any (a CNI settings document, an
 *   ENIConfig...), every node of the workspace.
 * - Instance types of a node, first that gives any: explicit types; NodePool requirements expanded over the
 *   catalog (an EC2NodeClass takes the types of the NodePools that reference it by `nodeClassRef.name`, in any
 *   file; eksctl `instanceSelector` is not expanded: it needs memory and generation figures the catalog lacks); the `# vpc-cni-lint: instance-types=` directive; `settings.defaultInstanceTypes`.
 * - CNI settings: the document's own sources, else the workspace's; none at all means the CNI defaults.
 * - Windows nodes are left out of node scopes: aws-node does not run on them (see `windowsOf`), so no aws-node
 *   rule may judge them.
 */
import { goParseBool, type Catalog, type InstanceTypeInfo } from '../engine';
import type { CniSettingsSource, InstanceRequirement, Located, NodeDefinition, Span } from '../syntax';
import { capacityOf, type Capacity } from './capacity';
import { query } from './facts/query';
import type { Finding, Related, RuleContext } from './types';

/** Where an instance type in scope comes from. */
export type TypeOrigin = 'explicit' | 'requirements' | 'nodepool' | 'directive' | 'default';

export interface ScopedType {
  name: string;
  origin: TypeOrigin;
  /** Where the type (or the requirement that selects it) is written. */
  span?: Span;
  /** Document holding `span` (the analysed document when it equals `ctx.uri`). */
  uri?: string;
}

export interface NodeScope {
  uri: string;
  node?: NodeDefinition;
  types: ScopedType[];
  /** The requirements matched no restriction we can expand (e.g. only `kubernetes.io/arch`). */
  unbounded?: boolean;
}

/** A CNI settings source in scope; `source` undefined = the CNI defaults (no source anywhere). */
export interface CniView {
  uri?: string;
  source?: CniSettingsSource;
}

/** Label of a node for messages: `NodePool "default"`, `EC2NodeClass "al2023"`, `this node group`. */
export function nodeLabel(node: NodeDefinition | undefined): string {
  if (!node) return 'the nodes in scope';
  const kind: Record<string, string> = {
    'eksctl-managed-nodegroup': 'managed node group',
    'eks-managed-nodegroup': 'managed node group',
    'eksctl-nodegroup': 'node group',
    'karpenter-ec2nodeclass': 'EC2NodeClass',
    'karpenter-nodepool': 'NodePool',
    'auto-mode-nodeclass': 'NodeClass',
    'launch-template': 'launch template',
    'user-data': 'user data',
  };
  if (node.kind === 'user-data' && !node.name) return 'these nodes';
  const k = kind[node.kind] ?? 'node group';
  return node.name ? `${k} "${node.name.value}"` : k;
}

// ---------------------------------------------------------------------------------------------
// Requirements

const familyOf = (name: string): string => name.slice(0, name.indexOf('.'));
const sizeOf = (name: string): string => name.slice(name.indexOf('.') + 1);
const categoryOf = (name: string): string => /^[a-z]+/.exec(name)?.[0] ?? '';
const generationOf = (name: string): number | undefined => {
  const m = /^[a-z]+(\d+)/.exec(name);
  return m ? Number(m[1]) : undefined;
};

type Getter = (e: InstanceTypeInfo) => string | number | null | undefined;

/** Karpenter well-known labels we can evaluate offline (aws/karpenter-provider-aws:pkg/apis/v1/labels.go). */
const KEYS: Record<string, Getter> = {
  'node.kubernetes.io/instance-type': (e) => e.name,
  'karpenter.k8s.aws/instance-family': (e) => familyOf(e.name),
  'karpenter.k8s.aws/instance-size': (e) => sizeOf(e.name),
  'karpenter.k8s.aws/instance-category': (e) => categoryOf(e.name),
  'karpenter.k8s.aws/instance-generation': (e) => generationOf(e.name),
  'karpenter.k8s.aws/instance-cpu': (e) => e.vcpus,
  'kubernetes.io/arch': (e) => e.arch,
};

/** Keys whose `In` (or `Gt`/`Lt` on numbers) narrows the set enough to count as a bounded selection. */
const NARROWING = new Set([
  'node.kubernetes.io/instance-type',
  'karpenter.k8s.aws/instance-family',
  'karpenter.k8s.aws/instance-size',
  'karpenter.k8s.aws/instance-category',
  'karpenter.k8s.aws/instance-cpu',
]);

function matches(e: InstanceTypeInfo, r: InstanceRequirement): boolean {
  const get = KEYS[r.key.value];
  if (!get) return true;
  const v = get(e);
  const values = r.values.map((x) => x.value);
  switch (r.operator) {
    case 'In':
      return v !== null && v !== undefined && values.includes(String(v));
    case 'NotIn':
      return v === null || v === undefined || !values.includes(String(v));
    case 'Exists':
      return v !== null && v !== undefined;
    case 'DoesNotExist':
      return v === null || v === undefined;
    case 'Gt':
    case 'Lt': {
      const bound = Number(values[0]);
      if (typeof v !== 'number' || !Number.isFinite(bound)) return false;
      return r.operator === 'Gt' ? v > bound : v < bound;
    }
    default:
      return true;
  }
}

/**
 * Expand requirements over the catalog. Undefined when no requirement narrows the selection (Karpenter could
 * pick almost any type: we do not guess).
 */
export function expandRequirements(catalog: Catalog, reqs: InstanceRequirement[]): ScopedType[] | undefined {
  const narrowing = reqs.filter(
    (r) => NARROWING.has(r.key.value) && (r.operator === 'In' || r.operator === 'Gt' || r.operator === 'Lt'),
  );
  if (narrowing.length === 0) return undefined;
  const out: ScopedType[] = [];
  for (const e of catalog.list()) {
    if (!reqs.every((r) => matches(e, r))) continue;
    // Point at the value that names the type when there is one, else at the narrowing requirement.
    const typeReq = reqs.find(
      (r) => r.key.value === 'node.kubernetes.io/instance-type' && r.operator === 'In',
    );
    const exact = typeReq?.values.find((v) => v.value === e.name);
    const famReq = reqs.find(
      (r) => r.key.value === 'karpenter.k8s.aws/instance-family' && r.operator === 'In',
    );
    const fam = famReq?.values.find((v) => v.value === familyOf(e.name));
    out.push({ name: e.name, origin: 'requirements', span: exact?.span ?? fam?.span ?? narrowing[0]?.span });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Nodes and types

function located(types: Array<Located<string>>, origin: TypeOrigin, uri: string): ScopedType[] {
  return types.map((t) => ({ name: t.value, origin, span: t.span, uri }));
}

type WorkspaceNode = { uri: string; node: NodeDefinition };

/** Node classes by name and NodePools by the class they reference, built once per workspace context. */
interface NodeIndex {
  classes: Map<string, WorkspaceNode>;
  pools: Map<string, WorkspaceNode[]>;
}

/** Looking a NodePool's class up by name for every pool would be quadratic in node definitions. */
function nodeIndex(ctx: RuleContext): NodeIndex {
  return nodeIndexOf(ctx.workspace);
}

const nodeIndexOf = query((workspace: RuleContext['workspace']): NodeIndex => {
  const index: NodeIndex = { classes: new Map(), pools: new Map() };
  for (const n of workspace.nodes) {
    const kind = n.node.kind;
    if (kind === 'karpenter-ec2nodeclass' || kind === 'auto-mode-nodeclass') {
      const name = n.node.name?.value;
      if (name !== undefined && !index.classes.has(name)) index.classes.set(name, n);
    } else if (kind === 'karpenter-nodepool') {
      const ref = n.node.nodeClassRef?.name.value;
      if (ref !== undefined) index.pools.set(ref, [...(index.pools.get(ref) ?? []), n]);
    }
  }
  return index;
});

/** NodePools (anywhere in the workspace) whose `nodeClassRef.name` names this node class. */
export function nodePoolsOf(ctx: RuleContext, nodeClass: NodeDefinition): WorkspaceNode[] {
  const name = nodeClass.name?.value;
  return name === undefined ? [] : (nodeIndex(ctx).pools.get(name) ?? []);
}

/** The node class a NodePool references (anywhere in the workspace). */
export function nodeClassOf(ctx: RuleContext, pool: NodeDefinition): WorkspaceNode | undefined {
  const ref = pool.nodeClassRef;
  return ref ? nodeIndex(ctx).classes.get(ref.name.value) : undefined;
}

/** Requirements expanded over a catalog, per catalog and requirements list (models are immutable). */
const expandedOf = query((catalog: Catalog, reqs: InstanceRequirement[]): ScopedType[] | undefined =>
  expandRequirements(catalog, reqs),
);

/** Instance types the node's own definition yields (explicit or requirements); a new array every call. */
function ownTypes(
  ctx: RuleContext,
  uri: string,
  node: NodeDefinition,
): { types: ScopedType[]; unbounded: boolean } {
  if (node.instanceTypes.length > 0)
    return { types: located(node.instanceTypes, 'explicit', uri), unbounded: false };
  if (node.requirements.length > 0) {
    // Expanding scans the whole catalog; a NodePool is expanded for itself and for its node class.
    const expanded = expandedOf(ctx.catalog, node.requirements);
    if (expanded) return { types: expanded.map((t) => ({ ...t, uri })), unbounded: false };
    return { types: [], unbounded: true };
  }
  return { types: [], unbounded: false };
}

function fallbackTypes(ctx: RuleContext): ScopedType[] {
  const dir = located(ctx.model.directives.instanceTypes, 'directive', ctx.uri);
  if (dir.length > 0) return dir;
  return ctx.settings.defaultInstanceTypes.map((name) => ({ name, origin: 'default' as const }));
}

function dedupe(types: ScopedType[]): ScopedType[] {
  const seen = new Set<string>();
  return types.filter((t) => (seen.has(t.name) ? false : (seen.add(t.name), true)));
}

/**
 * Scopes are queries per rule context (one analysis of one document): every rule, hover and inlay hint asks
 * for the same nodes. A context is rebuilt whenever the document, the workspace or the settings change, and
 * nothing it holds is mutated, so results live as long as the context. Callers must not modify the scopes.
 */

/** Instance types of one node definition, with the fallbacks described in the module comment. */
export function typesOf(ctx: RuleContext, uri: string, node: NodeDefinition): NodeScope {
  return typesQuery(ctx, uri, node);
}

const typesQuery = query((ctx: RuleContext, uri: string, node: NodeDefinition): NodeScope =>
  computeTypes(ctx, uri, node),
);

function computeTypes(ctx: RuleContext, uri: string, node: NodeDefinition): NodeScope {
  let { types, unbounded } = ownTypes(ctx, uri, node);
  if (types.length === 0 && (node.kind === 'karpenter-ec2nodeclass' || node.kind === 'auto-mode-nodeclass')) {
    const linuxClass = !windowsOf(ctx, node);
    for (const pool of nodePoolsOf(ctx, node)) {
      // A pool requiring Windows finds no type on a Linux class (os labels differ): it launches nothing here.
      if (linuxClass && windowsOf(ctx, pool.node)) continue;
      const t = ownTypes(ctx, pool.uri, pool.node);
      types.push(...t.types.map((x) => ({ ...x, origin: 'nodepool' as const })));
      unbounded ||= t.unbounded;
    }
  }
  if (types.length === 0) types = fallbackTypes(ctx);
  return { uri, node, types: dedupe(types), unbounded: unbounded || undefined };
}

/**
 * Node scopes of the analysed document: its own nodes, or (when it has none) every node of the workspace;
 * with no node anywhere, one scope without a node holding the directive / default types.
 * Memoized per rule context (see `typesOf`); callers must not modify the array.
 */
export function nodeScopes(ctx: RuleContext, opts: { ownOnly?: boolean } = {}): NodeScope[] {
  return scopesQuery(ctx, opts.ownOnly === true);
}

const scopesQuery = query((ctx: RuleContext, ownOnly: boolean): NodeScope[] => computeScopes(ctx, ownOnly));

function computeScopes(ctx: RuleContext, ownOnly: boolean): NodeScope[] {
  // Windows nodes run no aws-node: they are known, and out of every aws-node scope.
  if (ctx.model.nodes.length > 0)
    return ctx.model.nodes.filter((n) => !windowsOf(ctx, n)).map((n) => typesOf(ctx, ctx.uri, n));
  if (ownOnly) return [];
  const ws = ctx.workspace.nodes.filter((n) => n.uri !== ctx.uri);
  if (ws.length > 0) return ws.filter((n) => !windowsOf(ctx, n.node)).map((n) => typesOf(ctx, n.uri, n.node));
  const types = fallbackTypes(ctx);
  return types.length > 0 ? [{ uri: ctx.uri, types }] : [];
}

// ---------------------------------------------------------------------------------------------
// Windows nodes

/** Why a node definition is a Windows node, and where that is written. */
export interface WindowsNode {
  /** e.g. `the Windows AMI family`, `kubernetes.io/os In [windows]`. */
  why: string;
  span?: Span;
  /** Document holding `span` (undefined: the node's own document). */
  uri?: string;
}

const OS_KEYS = new Set(['kubernetes.io/os', 'beta.kubernetes.io/os']);

/**
 * Windows nodes: aws-node does not run there (its DaemonSet's node affinity requires `kubernetes.io/os In
 * [linux]`, aws/amazon-vpc-cni-k8s:config/master/aws-k8s-cni.yaml); the VPC resource controller assigns pod
 * addresses instead (engine `windowsPodAddresses`). Recognised in every format:
 * - a Windows AMI family: Karpenter `amiFamily: Windows2019/2022/2025` or alias `windows2022@latest`, eksctl
 *   `amiFamily: WindowsServer2022FullContainer` (eksctl-io/eksctl:pkg/apis/eksctl.io/v1alpha5/validation.go
 *   IsWindowsImage), managed node group `ami_type`/`AmiType` `WINDOWS_CORE_2022_x86_64` and the like;
 * - `<powershell>` user data (EC2Launch; Start-EKSBootstrap.ps1);
 * - a NodePool requiring `kubernetes.io/os In [windows]` or using a Windows EC2NodeClass (Karpenter labels the
 *   node `kubernetes.io/os=windows` for a Windows family, aws/karpenter-provider-aws:pkg/providers/instancetype/types.go getOS).
 */
export function windowsOf(ctx: RuleContext, node: NodeDefinition): WindowsNode | undefined {
  return windowsQuery(ctx, node);
}

const windowsQuery = query((ctx: RuleContext, node: NodeDefinition): WindowsNode | undefined => {
  const w = ownWindows(node);
  if (w || node.kind !== 'karpenter-nodepool') return w;
  const cls = nodeClassOf(ctx, node);
  const cw = cls ? ownWindows(cls.node) : undefined;
  return cls && cw ? { ...cw, uri: cls.uri, why: `${cw.why} of ${nodeLabel(cls.node)}` } : undefined;
});

function ownWindows(node: NodeDefinition): WindowsNode | undefined {
  if (node.amiFamily?.value === 'Windows')
    return { why: 'the Windows AMI family', span: node.amiFamily.span };
  const ps = node.userData?.parts.find((p) => p.kind === 'powershell');
  if (ps) return { why: 'its PowerShell (Windows) user data', span: ps.span };
  for (const r of node.requirements) {
    const vals = r.values.map((v) => v.value);
    if (
      OS_KEYS.has(r.key.value) &&
      r.operator === 'In' &&
      vals.length > 0 &&
      vals.every((v) => v === 'windows')
    )
      return { why: `${r.key.value} In [windows]`, span: r.span };
  }
  return undefined;
}

/** The analysed document's Windows node whose instance types (or requirements) contain `span`. */
export function windowsNodeAt(
  ctx: RuleContext,
  span: Span,
): { node: NodeDefinition; windows: WindowsNode } | undefined {
  const within = (s: Span): boolean => s.start <= span.start && span.end <= s.end;
  for (const node of ctx.model.nodes) {
    const windows = windowsOf(ctx, node);
    if (!windows) continue;
    if (node.instanceTypes.some((t) => within(t.span)) || node.requirements.some((r) => within(r.span)))
      return { node, windows };
  }
  return undefined;
}

/**
 * `enable-windows-prefix-delegation` of the amazon-vpc-cni ConfigMap in the document or the workspace, read
 * with Go's `strconv.ParseBool` (aws/amazon-vpc-resource-controller-k8s:pkg/config/loader.go); false when unset.
 */
export function windowsPrefixDelegation(ctx: RuleContext): boolean {
  const sources = [...ctx.model.cni, ...ctx.workspace.cni.map((c) => c.source)];
  for (const s of sources) {
    if (s.format !== 'configmap') continue;
    const kv = s.configMapData?.find((d) => d.key.value === 'enable-windows-prefix-delegation');
    if (kv && goParseBool(kv.value?.value) === true) return true;
  }
  return false;
}

/** CNI settings sources in scope for the analysed document (ConfigMaps carry no aws-node env). */
export function cniViews(ctx: RuleContext): CniView[] {
  const own = ctx.model.cni.filter((s) => s.format !== 'configmap');
  if (own.length > 0) return own.map((source) => ({ uri: ctx.uri, source }));
  const ws = ctx.workspace.cni.filter((c) => c.source.format !== 'configmap');
  if (ws.length > 0) return ws.map((c) => ({ uri: c.uri, source: c.source }));
  return [{}];
}

/** " (with default CNI settings)" when no settings source is in scope, else "". */
export function defaultsNote(view: CniView): string {
  return view.source ? '' : ' (with default CNI settings)';
}

/** Where in another file (or this one) an env var of the view is set, for `related`. */
export function relatedEnv(ctx: RuleContext, view: CniView, names: string[], message: string): Related[] {
  if (!view.source) return [];
  const env = view.source.env.filter((e) => names.includes(e.name));
  const hit = env[env.length - 1];
  const span = hit ? (hit.valueSpan ?? hit.nameSpan) : view.source.span;
  return [
    {
      uri: view.uri === ctx.uri ? undefined : view.uri,
      span,
      message: hit ? message : 'the CNI settings in scope',
    },
  ];
}

/** Span to anchor a finding about `type` of `scope` in the analysed document. */
export function anchorFor(ctx: RuleContext, scope: NodeScope, type?: ScopedType): Span | undefined {
  if (type?.span && (type.uri ?? ctx.uri) === ctx.uri) return type.span;
  if (scope.uri !== ctx.uri) return undefined;
  return scope.node?.name?.span ?? scope.node?.span;
}

// ---------------------------------------------------------------------------------------------
// Evaluation helpers

/** Capacity of `type` under each CNI view in scope, and the worst (lowest pod capacity) of them. */
export function worstCapacity(
  ctx: RuleContext,
  views: CniView[],
  type: string,
): { view: CniView; cap: Capacity } | undefined {
  let worst: { view: CniView; cap: Capacity } | undefined;
  for (const view of views) {
    const cap = capacityOf(ctx.catalog, type, view.source);
    if (cap.result.value === null) continue;
    if (!worst || (worst.cap.result.value ?? Infinity) > cap.result.value) worst = { view, cap };
  }
  return worst;
}

/** Span of the last entry of env `names` in the analysed document's own CNI sources. */
export function ownEnvSpan(ctx: RuleContext, names: string[]): Span | undefined {
  for (const source of ctx.model.cni) {
    const hits = source.env.filter((e) => names.includes(e.name));
    const hit = hits[hits.length - 1];
    if (hit) return hit.valueSpan ?? hit.nameSpan;
  }
  return undefined;
}

/**
 * One finding per code and anchor: a NodePool requirement such as `instance-family In [m4]` selects many
 * types at the same span. The first finding (worst first when sorted by the caller) is kept and names how
 * many other types share the problem.
 */
export function collapseByAnchor(items: Array<{ finding: Finding; type: string }>): Finding[] {
  const groups = new Map<string, Array<{ finding: Finding; type: string }>>();
  for (const it of items) {
    const k = `${it.finding.code}@${it.finding.span.start}-${it.finding.span.end}`;
    const g = groups.get(k);
    if (g) g.push(it);
    else groups.set(k, [it]);
  }
  const out: Finding[] = [];
  for (const g of groups.values()) {
    const rank = (f: Finding): number => ['error', 'warning', 'information', 'hint'].indexOf(f.severity);
    g.sort((a, b) => rank(a.finding) - rank(b.finding));
    const first = g[0];
    if (!first) continue;
    const others = [...new Set(g.slice(1).map((x) => x.type))].filter((t) => t !== first.type);
    if (others.length === 0) {
      out.push(first.finding);
      continue;
    }
    const shown = others.slice(0, 5).join(', ');
    const more = others.length > 5 ? ` and ${others.length - 5} more` : '';
    out.push({ ...first.finding, message: `${first.finding.message} The same applies to ${shown}${more}.` });
  }
  return out;
}
