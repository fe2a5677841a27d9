/**
 * The cluster model: a workspace holds clusters; each CNI settings source and each node definition belongs
 * to one cluster, or to several candidates when what the files say is ambiguous. CNI settings apply only to
 * the nodes of their cluster.
 *
 * Membership of an item, first that gives an answer:
 * 1. an explicit statement: `# vpc-cni-lint: cluster=NAME` in the file, or the project config's `clusters`
 *    mapping of the config in force for the file (its first entry whose patterns match; `options.configCluster`);
 * 2. the cluster the item names (eksctl `metadata.name`; Terraform `cluster_name`, resolved through
 *    `aws_eks_cluster.<x>.name` in the same file; CloudFormation `ClusterName`, resolved through parameter
 *    defaults; a `karpenter.sh/discovery` tag or a `KarpenterNodeRole-NAME` role; `bootstrap.sh NAME`; nodeadm
 *    `spec.cluster.name`; Bottlerocket `settings.kubernetes.cluster-name`; aws-node's own `CLUSTER_NAME` env
 *    var);
 * 3. the clusters its file names (one file that defines both: an eksctl ClusterConfig, a Terraform root
 *    module, a CloudFormation template, a Cluster API control plane);
 * 4. a NodePool takes the cluster of the EC2NodeClass it references;
 * 5. the folder structure: the clusters named under the nearest enclosing folder that has any (a folder per
 *    environment, a Terraform root module, a chart beside the cluster definition), up to the repository root;
 * 6. else the repository's unnamed cluster (a repository that names no cluster is one cluster, as before).
 *
 * Exports of a live cluster (`DocumentModel.export`) are a cluster of their own, a *live* cluster: the
 * export files of one folder (or the files the project config maps to one cluster name) are one cluster,
 * and everything they hold (the live aws-node DaemonSet, ENIConfigs, NodePools) belongs to it alone, so
 * repository settings never apply to live nodes and the other way round. A live cluster and a repository
 * cluster are each other's `counterpart` when they have the same name, else when the root holds one of each
 * (drift rules compare them).
 *
 * Clusters never cross a repository root (`rootOf`: a `.git` folder, a workspace folder, a `check` path in
 * another repository): names are scoped to their root.
 */
import type {
  CniSettingsSource,
  DocumentModel,
  EniConfigModel,
  Located,
  NodeDefinition,
  SecurityGroupPolicyModel,
  Span,
} from '../syntax';
import type { ClusterInfo, Membership, WorkspaceContext, WorkspaceDocument } from './types';

export type { ClusterInfo, Membership, MembershipReason } from './types';

/** A document's cluster as the project config (`.vpc-cni-lint.yaml` `clusters`) states it. */
export interface ConfigCluster {
  name: string;
  /** The config file that says so, for messages. */
  configFile: string;
}

export interface ClusterOptions {
  /** Repository root of a document (a path or URI prefix). Undefined: one repository. */
  rootOf?: (uri: string) => string;
  /** The cluster the project config in force maps a document to (config/resolve.ts `clusterOfFile`). */
  configCluster?: (uri: string) => ConfigCluster | undefined;
}

/** Items of one document that share one membership. */
export interface DocumentGroup {
  membership: Membership;
  cni: CniSettingsSource[];
  nodes: NodeDefinition[];
}

export interface ClusterModel {
  clusters: Map<string, ClusterInfo>;
  /** The document's items grouped by membership; one group (possibly empty of items) at least. */
  groupsOf(uri: string): DocumentGroup[];
  /** Membership of one item of a document. */
  membershipOf(uri: string, item: CniSettingsSource | NodeDefinition): Membership | undefined;
}

const SEP = '\u0000';
const keyOf = (root: string, name: string | undefined): string => `${root}${SEP}${name ?? ''}`;
/** Live clusters' keys never equal a repository cluster's (names cannot hold SEP). */
const liveKeyOf = (root: string, id: string): string => `${root}${SEP}${SEP}live${SEP}${id}`;

/** `a/b/c.yaml` -> `a/b`; works on paths and URIs alike (both use `/`, and `\` on Windows paths). */
function dirOf(uri: string): string {
  const i = Math.max(uri.lastIndexOf('/'), uri.lastIndexOf('\\'));
  return i < 0 ? '' : uri.slice(0, i);
}

/** Length of the common leading folders of two paths, in characters (a whole file counts as more). */
function commonPrefix(a: string, b: string): number {
  if (a === b) return Infinity;
  let i = 0;
  let lastSep = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) {
    if (a[i] === '/' || a[i] === '\\') lastSep = i;
    i++;
  }
  return lastSep;
}

/** A name only counts when it is a literal (no interpolation, no template action). */
function literal(l: Located<string> | undefined): Located<string> | undefined {
  if (!l) return undefined;
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(l.value.trim()) ? l : undefined;
}

/** The cluster an item names, wherever its format says it. */
export function namedCluster(item: CniSettingsSource | NodeDefinition): Located<string> | undefined {
  if (item.cluster) return literal(item.cluster);
  if ('env' in item) {
    // aws-node's CLUSTER_NAME (amazon-vpc-cni-k8s: pkg/awsutils tags ENIs with it).
    const env = item.env.find((e) => e.name === 'CLUSTER_NAME' && e.value !== undefined);
    return env?.valueSpan && env.value ? literal({ value: env.value, span: env.valueSpan }) : undefined;
  }
  for (const part of item.userData?.parts ?? []) {
    const n =
      literal(part.nodeConfig?.clusterName) ??
      literal(part.bootstrap[0]?.clusterName) ??
      literal(part.bottlerocket?.clusterName);
    if (n) return n;
  }
  return undefined;
}

interface DocIn {
  uri: string;
  model: DocumentModel;
  root: string;
}

function emptyContext(): WorkspaceContext {
  return { cni: [], nodes: [], eniConfigs: [], securityGroupPolicies: [] };
}

/** The label a live cluster's folder gets in messages (its last two path parts). */
function folderLabel(folder: string): string {
  const parts = folder.split(/[\\/]/).filter(Boolean);
  return parts.slice(-2).join('/') || folder || '.';
}

/** Contexts keep their identity when their members did not change (memos and caches survive). */
function sameContext(a: WorkspaceContext, b: WorkspaceContext): boolean {
  const same = <T extends { uri: string }>(xs: T[], ys: T[], f: (x: T) => unknown): boolean =>
    xs.length === ys.length && xs.every((x, i) => x.uri === ys[i]?.uri && f(x) === f(ys[i] as T));
  return (
    same(a.cni, b.cni, (x) => x.source) &&
    same(a.nodes, b.nodes, (x) => x.node) &&
    same(a.eniConfigs, b.eniConfigs, (x) => x.eniConfig) &&
    same(a.securityGroupPolicies, b.securityGroupPolicies, (x) => x.policy) &&
    same(a.exports ?? [], b.exports ?? [], (x) => x.model)
  );
}

/**
 * Builds the cluster model. `previous`: the model this one replaces; clusters whose members are the same
 * objects keep their context object, so an edit in one cluster leaves the others' analyses valid.
 */
export function buildClusterModel(
  documents: Iterable<WorkspaceDocument>,
  options: ClusterOptions = {},
  previous?: ClusterModel,
): ClusterModel {
  const docs: DocIn[] = [];
  for (const d of documents) docs.push({ ...d, root: options.rootOf?.(d.uri) ?? '' });
  const clusters = new Map<string, ClusterInfo>();
  const ensure = (root: string, name: string | undefined, at?: { uri: string; span: Span }): string => {
    const key = keyOf(root, name);
    const c = clusters.get(key);
    if (!c) clusters.set(key, { key, name, root, at, context: emptyContext() });
    else if (!c.at && at) c.at = at;
    return key;
  };

  // Pass 1: names stated in each document, and the folders they make a cluster's.
  const byFolder = new Map<string, Map<string, Set<string>>>(); // root -> folder -> keys
  const docNames = new Map<string, string[]>(); // uri -> keys named in the document
  const explicitKey = new Map<string, { key: string; reason: 'directive' | 'config'; detail?: string }>();
  const addFolder = (d: DocIn, key: string): void => {
    let folders = byFolder.get(d.root);
    if (!folders) byFolder.set(d.root, (folders = new Map()));
    for (let dir = dirOf(d.uri); ; dir = dirOf(dir)) {
      let set = folders.get(dir);
      if (!set) folders.set(dir, (set = new Set()));
      set.add(key);
      // Up to the repository root (paths and roots may be written differently: then up to the top).
      if (dir === '' || dir === d.root.replace(/(?<![\\/])[\\/]+$/, '')) break;
    }
  };
  // Export documents: one live cluster per folder, or per name the project config gives them.
  const liveKey = new Map<string, { key: string; reason: 'export' | 'config'; detail?: string }>();
  for (const d of docs) {
    if (!d.model.export) continue;
    const cfg = options.configCluster?.(d.uri);
    const folder = dirOf(d.uri);
    const key = cfg ? liveKeyOf(d.root, `name${SEP}${cfg.name}`) : liveKeyOf(d.root, `folder${SEP}${folder}`);
    if (!clusters.has(key))
      clusters.set(key, {
        key,
        name: cfg ? cfg.name : undefined,
        root: d.root,
        context: emptyContext(),
        live: { folder },
      });
    liveKey.set(
      d.uri,
      cfg ? { key, reason: 'config', detail: cfg.configFile } : { key, reason: 'export', detail: folder },
    );
  }
  for (const d of docs) {
    if (liveKey.has(d.uri)) continue;
    const dir = d.model.directives.cluster;
    const cfg = options.configCluster?.(d.uri);
    if (dir && literal(dir)) {
      explicitKey.set(d.uri, {
        key: ensure(d.root, dir.value, { uri: d.uri, span: dir.span }),
        reason: 'directive',
      });
    } else if (cfg) {
      explicitKey.set(d.uri, { key: ensure(d.root, cfg.name), reason: 'config', detail: cfg.configFile });
    }
    const names: string[] = [];
    const add = (l: Located<string> | undefined): void => {
      if (!l) return;
      const key = ensure(d.root, l.value, { uri: d.uri, span: l.span });
      if (!names.includes(key)) names.push(key);
    };
    for (const l of d.model.clusterNames ?? []) add(literal(l));
    for (const s of d.model.cni) add(namedCluster(s));
    for (const n of d.model.nodes) add(namedCluster(n));
    docNames.set(d.uri, names);
    // An explicit statement pins its own file only; names written in files also claim their folders.
    if (!explicitKey.has(d.uri)) for (const key of names) addFolder(d, key);
  }

  // Pass 2: membership of each item.
  const memberships = new Map<string, Map<CniSettingsSource | NodeDefinition, Membership>>();
  const docLevel = new Map<string, Membership>();
  const folderMembership = (d: DocIn): Membership => {
    const folders = byFolder.get(d.root);
    for (let dir = dirOf(d.uri); ; dir = dirOf(dir)) {
      const set = folders?.get(dir);
      if (set && set.size > 0) return { candidates: [...set].sort(), reason: 'folder', detail: dir };
      // Up to the repository root (paths and roots may be written differently: then up to the top).
      if (dir === '' || dir === d.root.replace(/(?<![\\/])[\\/]+$/, '')) break;
    }
    return { candidates: [ensure(d.root, undefined)], reason: 'repository' };
  };
  // root -> class name -> the classes of that name (several clusters may each have a `default`).
  const classes = new Map<string, Map<string, Array<{ uri: string; membership: Membership }>>>();
  const pools: Array<{ d: DocIn; node: NodeDefinition }> = [];
  for (const d of docs) {
    const lk = liveKey.get(d.uri);
    if (lk) {
      const level: Membership = { candidates: [lk.key], reason: lk.reason, detail: lk.detail };
      docLevel.set(d.uri, level);
      const m = new Map<CniSettingsSource | NodeDefinition, Membership>();
      memberships.set(d.uri, m);
      for (const s of d.model.cni) m.set(s, level);
      for (const n of d.model.nodes) m.set(n, level);
      continue;
    }
    const ex = explicitKey.get(d.uri);
    const names = docNames.get(d.uri) ?? [];
    const level: Membership = ex
      ? { candidates: [ex.key], reason: ex.reason, detail: ex.detail }
      : names.length > 0
        ? { candidates: [...names].sort(), reason: 'file' }
        : folderMembership(d);
    docLevel.set(d.uri, level);
    const m = new Map<CniSettingsSource | NodeDefinition, Membership>();
    memberships.set(d.uri, m);
    const own = (item: CniSettingsSource | NodeDefinition): Membership => {
      if (ex) return level;
      const n = namedCluster(item);
      return n ? { candidates: [keyOf(d.root, n.value)], reason: 'named' } : level;
    };
    for (const s of d.model.cni) m.set(s, own(s));
    for (const n of d.model.nodes) {
      if (n.kind === 'karpenter-nodepool' && !ex && !namedCluster(n) && n.nodeClassRef) {
        pools.push({ d, node: n });
        continue;
      }
      const mm = own(n);
      m.set(n, mm);
      if ((n.kind === 'karpenter-ec2nodeclass' || n.kind === 'auto-mode-nodeclass') && n.name) {
        let byName = classes.get(d.root);
        if (!byName) classes.set(d.root, (byName = new Map()));
        byName.set(n.name.value, [...(byName.get(n.name.value) ?? []), { uri: d.uri, membership: mm }]);
      }
    }
  }
  for (const { d, node } of pools) {
    // The class of that name nearest to the pool: the same file, else the longest common folder.
    const named = node.nodeClassRef ? (classes.get(d.root)?.get(node.nodeClassRef.name.value) ?? []) : [];
    let cls: Membership | undefined;
    let best = -1;
    for (const c of named) {
      const common = commonPrefix(c.uri, d.uri);
      if (common <= best) continue;
      best = common;
      cls = c.membership;
    }
    const m = memberships.get(d.uri);
    const level = docLevel.get(d.uri);
    if (m && level)
      m.set(node, cls ? { ...cls, reason: cls.reason === 'named' ? 'node-class' : cls.reason } : level);
  }

  // Contexts: resolved members only; ENIConfigs and SecurityGroupPolicies go to every candidate.
  for (const d of docs) {
    const m = memberships.get(d.uri);
    const level = docLevel.get(d.uri);
    if (!m || !level) continue;
    for (const [item, mm] of m) {
      if (mm.candidates.length !== 1) continue;
      const ctx = clusters.get(mm.candidates[0] ?? '')?.context;
      if (!ctx) continue;
      if ('env' in item) ctx.cni.push({ uri: d.uri, source: item });
      else ctx.nodes.push({ uri: d.uri, node: item });
    }
    for (const key of level.candidates) {
      const ctx = clusters.get(key)?.context;
      if (!ctx) continue;
      for (const eniConfig of d.model.eniConfigs as EniConfigModel[])
        ctx.eniConfigs.push({ uri: d.uri, eniConfig });
      for (const policy of d.model.securityGroupPolicies as SecurityGroupPolicyModel[])
        ctx.securityGroupPolicies.push({ uri: d.uri, policy });
      if (d.model.export) (ctx.exports ??= []).push({ uri: d.uri, model: d.model.export });
    }
  }
  const pairs = counterparts(clusters);
  // A context is kept when its members and its counterpart's members are unchanged (drift reads both).
  const fresh = new Map([...clusters.values()].map((c) => [c.key, c.context]));
  for (const c of clusters.values()) {
    c.context.cluster = c;
    const old = previous?.clusters.get(c.key);
    const pair = pairs.get(c.key);
    const newPair = pair !== undefined ? fresh.get(pair) : undefined;
    const oldPair = old?.context.counterpart;
    const samePair =
      newPair === undefined ? oldPair === undefined : oldPair !== undefined && sameContext(oldPair, newPair);
    if (old && sameContext(old.context, c.context) && old.name === c.name && samePair) {
      c.context = old.context;
      c.context.cluster = c;
    }
  }
  for (const c of clusters.values()) {
    const pair = pairs.get(c.key);
    const other = pair !== undefined ? clusters.get(pair) : undefined;
    if (other) c.context.counterpart = other.context;
    else delete c.context.counterpart;
  }

  const groups = new Map<string, DocumentGroup[]>();
  const groupsOf = (uri: string): DocumentGroup[] => {
    let g = groups.get(uri);
    if (g) return g;
    g = [];
    const m = memberships.get(uri);
    const byKey = new Map<string, DocumentGroup>();
    for (const [item, mm] of m ?? []) {
      const k = mm.candidates.join(SEP);
      let group = byKey.get(k);
      if (!group) byKey.set(k, (group = { membership: mm, cni: [], nodes: [] }));
      if ('env' in item) group.cni.push(item);
      else group.nodes.push(item);
      if (!g.includes(group)) g.push(group);
    }
    if (g.length === 0) {
      const level = docLevel.get(uri) ?? {
        candidates: [keyOf(options.rootOf?.(uri) ?? '', undefined)],
        reason: 'repository' as const,
      };
      g.push({ membership: level, cni: [], nodes: [] });
    }
    groups.set(uri, g);
    return g;
  };
  return {
    clusters,
    groupsOf,
    membershipOf: (uri, item) => memberships.get(uri)?.get(item),
  };
}

/**
 * Pairs live clusters with repository clusters of their root: the same name; else, when the root has one
 * live and one repository cluster (with members), those two. Keys both ways.
 */
function counterparts(clusters: Map<string, ClusterInfo>): Map<string, string> {
  const pairs = new Map<string, string>();
  const byRoot = new Map<string, { live: ClusterInfo[]; repo: ClusterInfo[] }>();
  for (const c of clusters.values()) {
    let r = byRoot.get(c.root);
    if (!r) byRoot.set(c.root, (r = { live: [], repo: [] }));
    const x = c.context;
    const members = x.cni.length + x.nodes.length + x.eniConfigs.length + (x.exports?.length ?? 0);
    if (members > 0) (c.live ? r.live : r.repo).push(c);
  }
  for (const { live, repo } of byRoot.values()) {
    for (const l of live) {
      const same = l.name !== undefined ? repo.find((r) => r.name === l.name) : undefined;
      const other = same ?? (live.length === 1 && repo.length === 1 ? repo[0] : undefined);
      if (!other) continue;
      pairs.set(l.key, other.key);
      pairs.set(other.key, l.key);
    }
  }
  return pairs;
}

/** `cluster "prod"`, or `the repository's cluster` for an unnamed one. */
export function clusterLabel(c: ClusterInfo | undefined): string {
  if (c?.live)
    return c.name
      ? `the live cluster "${c.name}"`
      : `the live cluster exported in ${folderLabel(c.live.folder)}`;
  return c?.name ? `cluster "${c.name}"` : 'the unnamed cluster of this repository';
}
