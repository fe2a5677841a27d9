/**
 * Scope of a document: which node definitions and instance types it is about, and which CNI settings apply
 * to them.
 *
 * - Nodes: the document's own node definitions; for a document without any (a CNI settings document, an
 *   ENIConfig...), every node of the workspace.
 * - Instance types of a node, first that gives any: explicit types; NodePool requirements expanded over the
 *   catalog as Karpenter evaluates them (every well-known label; `expandRequirements`; requirements we cannot
 *   evaluate make the selection uncertain: only the types that surely match are in scope) (an EC2NodeClass takes the types of the NodePools that reference it by `nodeClassRef.name`, in any
 *   file; eksctl `instanceSelector` is not expanded: it needs memory and generation figures the catalog lacks); the tool's default (eksctl's m5.large); the `# vpc-cni-lint: instance-types=` directive; `settings.defaultInstanceTypes`.
 * - CNI settings: the document's own sources, else the workspace's; none at all means the CNI defaults.
 * - Windows nodes are left out of node scopes: aws-node does not run on them (see `windowsOf`), so no aws-node
 *   rule may judge them.
 */
import {
  expandKarpenterRequirements,
  goParseBool,
  hasLabelData,
  LABEL_INSTANCE_TYPE,
  normalizeLabelKey,
  type Catalog,
  type PlainRequirement,
} from '../engine';
import type { CniSettingsSource, InstanceRequirement, Located, NodeDefinition, Span } from '../syntax';
import { capacityOf, type Capacity } from './capacity';
import { query } from './facts/query';
import type { Finding, Related, RuleContext } from './types';

/** Where an instance type in scope comes from. */
export type TypeOrigin = 'explicit' | 'requirements' | 'nodepool' | 'tool-default' | 'directive' | 'default';

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
  /** `types` are the types that surely match; more may, depending on requirements we cannot evaluate. */
  uncertain?: UncertainSelection;
  /**
   * The instance types are unknown (a template action or unresolved parameter in the types or
   * requirements): `types` is empty and no fallback applies, so no finding rests on a guessed type.
   */
  unknown?: boolean;
}

/** A Karpenter selection that depends on requirements we could not evaluate offline. */
export interface UncertainSelection {
  requirements: InstanceRequirement[];
  /** How many more types may match. */
  maybe: number;
  /** e.g. "`karpenter.k8s.aws/nitro-sandbox In [true]` could not be evaluated offline". */
  reason: string;
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

/**
 * Keys whose `In` (or `Gt`/`Lt`/`Gte`/`Lte`) narrows the set enough to count as a bounded selection. A NodePool
 * with none of them (only `arch`, `capacity-type`, `instance-generation Gt 2`...) may launch almost any type:
 * we do not guess.
 */
const NARROWING = new Set([
  LABEL_INSTANCE_TYPE,
  'karpenter.k8s.aws/instance-family',
  'karpenter.k8s.aws/instance-size',
  'karpenter.k8s.aws/instance-category',
  'karpenter.k8s.aws/instance-cpu',
  'karpenter.k8s.aws/instance-memory',
  'karpenter.k8s.aws/instance-gpu-name',
  'karpenter.k8s.aws/instance-gpu-count',
  'karpenter.k8s.aws/instance-accelerator-name',
]);
const BOUNDING = new Set(['In', 'Gt', 'Lt', 'Gte', 'Lte']);

/** `` `key Op [values]` `` as written, for messages. */
export function requirementText(r: InstanceRequirement): string {
  const values = r.values.length > 0 ? ` [${r.values.map((v) => v.value).join(', ')}]` : '';
  const mv = r.minValues ? ` minValues ${r.minValues.value}` : '';
  return `\`${r.key.value} ${r.operator}${values}${mv}\``;
}

/** Types a requirements list selects: the sure ones, and why more may match. */
export interface Expansion {
  types: ScopedType[];
  uncertain?: UncertainSelection;
}

/**
 * Expand requirements over the catalog as Karpenter does (engine `expandKarpenterRequirements`: every
 * well-known label, `In`/`NotIn`/`Exists`/`DoesNotExist`/`Gt`/`Lt`/`Gte`/`Lte`, `minValues`). Undefined when
 * no requirement narrows the selection.
 */
export function expandRequirements(
  catalog: Catalog,
  reqs: InstanceRequirement[],
  traits: { windows?: boolean } = {},
): Expansion | undefined {
  const narrowing = reqs.filter(
    (r) => NARROWING.has(normalizeLabelKey(r.key.value)) && BOUNDING.has(r.operator),
  );
  const first = narrowing[0];
  if (!first) return undefined;
  const plain: PlainRequirement[] = reqs.map((r) => {
    const p: PlainRequirement = {
      key: r.key.value,
      operator: r.operator,
      values: r.values.map((v) => v.value),
    };
    if (r.minValues) p.minValues = r.minValues.value;
    return p;
  });
  const sel = expandKarpenterRequirements(catalog, plain, traits);
  // Point at the value that names the type when there is one, else at the narrowing requirement.
  const typeReq = reqs.find(
    (r) => normalizeLabelKey(r.key.value) === LABEL_INSTANCE_TYPE && r.operator === 'In',
  );
  const famReq = reqs.find((r) => r.key.value === 'karpenter.k8s.aws/instance-family' && r.operator === 'In');
  const types: ScopedType[] = sel.sure.map((e) => {
    const exact = typeReq?.values.find((v) => v.value === e.name);
    const fam = famReq?.values.find((v) => v.value === familyOf(e.name));
    return { name: e.name, origin: 'requirements', span: exact?.span ?? fam?.span ?? first.span };
  });
  const parts: string[] = [];
  const involved: InstanceRequirement[] = [];
  const unev = sel.unevaluated.flatMap((i) => (reqs[i] ? [reqs[i]] : []));
  if (unev.length > 0) {
    const shown = unev.slice(0, 3).map(requirementText).join(', ');
    const more = unev.length > 3 ? ` and ${unev.length - 3} more` : '';
    const noData = sel.maybe.filter((e) => !hasLabelData(e.name)).map((e) => e.name);
    const why =
      noData.length > 0
        ? ` (no Karpenter label figures for ${noData.slice(0, 3).join(', ')}${noData.length > 3 ? ` and ${noData.length - 3} more` : ''})`
        : '';
    parts.push(`${shown}${more} could not be evaluated offline${why}`);
    involved.push(...unev);
  }
  for (const m of sel.minValuesUnmet) {
    const r = reqs[m.index];
    if (!r) continue;
    parts.push(
      `${requirementText(r)} needs ${m.needed} values of ${m.key} but the types that match have ${m.found}: Karpenter launches nothing unless its MIN_VALUES_POLICY is BestEffort`,
    );
    involved.push(r);
  }
  const invalid = sel.invalid.flatMap((i) => (reqs[i] ? [reqs[i]] : []));
  if (invalid.length > 0) {
    parts.push(`${invalid.map(requirementText).join(', ')} is not a valid requirement`);
    involved.push(...invalid);
  }
  if (parts.length === 0) return { types };
  return { types, uncertain: { requirements: involved, maybe: sel.maybe.length, reason: parts.join('; ') } };
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

/** Requirements expanded over a catalog, per catalog, requirements list and OS (models are immutable). */
const expandedOf = query(
  (catalog: Catalog, reqs: InstanceRequirement[], windows: boolean): Expansion | undefined =>
    expandRequirements(catalog, reqs, { windows }),
);

interface OwnTypes {
  types: ScopedType[];
  unbounded: boolean;
  uncertain?: UncertainSelection;
}

/** Instance types the node's own definition yields (explicit or requirements); a new array every call. */
function ownTypes(ctx: RuleContext, uri: string, node: NodeDefinition): OwnTypes {
  if (node.instanceTypes.length > 0)
    return { types: located(node.instanceTypes, 'explicit', uri), unbounded: false };
  if (node.requirements.length > 0) {
    // Expanding scans the whole catalog; a NodePool is expanded for itself and for its node class.
    const expanded = expandedOf(ctx.catalog, node.requirements, windowsOf(ctx, node) !== undefined);
    if (expanded) {
      const out: OwnTypes = { types: expanded.types.map((t) => ({ ...t, uri })), unbounded: false };
      if (expanded.uncertain) out.uncertain = expanded.uncertain;
      return out;
    }
    return { types: [], unbounded: true };
  }
  // The tool's own default (eksctl m5.large), anchored at the node.
  const def = node.toolDefaultInstanceType;
  if (def)
    return { types: [{ name: def.name, origin: 'tool-default', span: node.span, uri }], unbounded: false };
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
  // Unknown is not wrong: a node with an unknown input (its types, requirements, max-pods, AMI family or
  // pods-per-core) yields no types, nor the defaults, so no capacity conclusion rests on a guess.
  if (node.unknown?.length) return { uri, node, types: [], unknown: true };
  const own = ownTypes(ctx, uri, node);
  let { types, unbounded } = own;
  let uncertain = own.uncertain;
  if (types.length === 0 && (node.kind === 'karpenter-ec2nodeclass' || node.kind === 'auto-mode-nodeclass')) {
    const linuxClass = !windowsOf(ctx, node);
    for (const pool of nodePoolsOf(ctx, node)) {
      // A pool requiring Windows finds no type on a Linux class (os labels differ): it launches nothing here.
      if (linuxClass && windowsOf(ctx, pool.node)) continue;
      if (pool.node.unknown?.length) return { uri, node, types: [], unknown: true };
      const t = ownTypes(ctx, pool.uri, pool.node);
      types.push(...t.types.map((x) => ({ ...x, origin: 'nodepool' as const })));
      unbounded ||= t.unbounded;
      if (!uncertain && t.uncertain)
        uncertain = { ...t.uncertain, reason: `${nodeLabel(pool.node)}: ${t.uncertain.reason}` };
    }
  }
  // An uncertain selection states its types: the defaults must not stand in for the ones we cannot tell.
  if (types.length === 0 && !uncertain) types = fallbackTypes(ctx);
  const scope: NodeScope = { uri, node, types: dedupe(types) };
  if (unbounded) scope.unbounded = true;
  if (uncertain) scope.uncertain = uncertain;
  return scope;
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
// Uncertain selections

/** `` This holds for the 12 types that surely match; 30 more may match: `...` could not be evaluated offline.`` */
export function uncertainNote(scope: NodeScope): string {
  const u = scope.uncertain;
  if (!u) return '';
  const n = scope.types.length;
  return ` This holds for the ${n} type${n === 1 ? '' : 's'} that surely match; ${u.maybe} more may match: ${u.reason}.`;
}

/** Codes whose findings are about a written value, not about the types a node selects. */
const NOT_ABOUT_SELECTION = new Set(['unknown-instance-type']);

/**
 * Findings anchored on an uncertain NodePool (its name or a requirement) rest only on the types that surely
 * match (`typesOf` keeps the others out); this says so and names the requirements we could not evaluate.
 */
export function annotateUncertain(ctx: RuleContext, findings: Finding[]): Finding[] {
  const targets: Array<{ spans: Span[]; note: string }> = [];
  for (const node of ctx.model.nodes) {
    if (windowsOf(ctx, node)) continue;
    const scope = typesOf(ctx, ctx.uri, node);
    if (!scope.uncertain) continue;
    const spans = [node.span, ...node.requirements.map((r) => r.span)];
    if (node.name) spans.push(node.name.span);
    targets.push({ spans, note: uncertainNote(scope) });
  }
  if (targets.length === 0) return findings;
  return findings.map((f) => {
    if (NOT_ABOUT_SELECTION.has(f.code)) return f;
    const t = targets.find((x) => x.spans.some((s) => s.start <= f.span.start && f.span.end <= s.end));
    return t ? { ...f, message: f.message + t.note } : f;
  });
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
  // A source whose env a template opens (`unknownEntries`) may set anything: it is in scope, so the
  // defaults do not apply, but no conclusion is drawn from it.
  const own = ctx.model.cni.filter((s) => s.format !== 'configmap');
  if (own.length > 0) return own.filter((s) => !s.unknownEntries).map((source) => ({ uri: ctx.uri, source }));
  const ws = ctx.workspace.cni.filter((c) => c.source.format !== 'configmap');
  if (ws.length > 0)
    return ws.filter((c) => !c.source.unknownEntries).map((c) => ({ uri: c.uri, source: c.source }));
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
