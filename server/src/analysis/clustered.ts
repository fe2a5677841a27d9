/**
 * Analysis of one document within the cluster model: its items are analysed with the context of their
 * cluster. A document whose items belong to different clusters is analysed once per group of items; an
 * ambiguous group (several candidate clusters) once per candidate, keeping only the findings that hold under
 * every candidate (the `ambiguous-cluster` rule says which candidates disagree).
 */
import { analyze, type AnalyzeOptions } from './analyze';
import type { ClusterInfo, ClusterModel, DocumentGroup } from './clusters';
import type { Finding, RuleContext, WorkspaceContext } from './types';
import { query } from './facts/query';

export type DocumentContext = Omit<RuleContext, 'workspace' | 'clusters'>;

/** An ambiguous group's own items join each candidate's context (a NodePool finds its class there). */
function withOwn(ctx: WorkspaceContext, group: DocumentGroup, uri: string): WorkspaceContext {
  return withOwnQuery(ctx, group, uri);
}

const withOwnQuery = query((ctx: WorkspaceContext, group: DocumentGroup, uri: string): WorkspaceContext => ({
  ...ctx,
  cni: [...ctx.cni, ...group.cni.map((source) => ({ uri, source }))],
  nodes: [...ctx.nodes, ...group.nodes.map((node) => ({ uri, node }))],
}));

const NOTHING: WorkspaceContext = Object.freeze({
  cni: [],
  nodes: [],
  eniConfigs: [],
  securityGroupPolicies: [],
}) as WorkspaceContext;

export interface GroupRun {
  group: DocumentGroup;
  /** One rule context per candidate cluster (one when the group is resolved). */
  contexts: RuleContext[];
}

/** The rule contexts a document is analysed with, per group of its items. */
export function runsOf(doc: DocumentContext, model: ClusterModel): GroupRun[] {
  const groups = model.groupsOf(doc.uri);
  const split = groups.length > 1;
  return groups.map((group) => {
    const candidates = group.membership.candidates
      .map((k) => model.clusters.get(k))
      .filter((c): c is ClusterInfo => c !== undefined);
    const docModel = split ? { ...doc.model, cni: group.cni, nodes: group.nodes } : doc.model;
    const ambiguous = candidates.length > 1;
    // A document that contributes nothing to any cluster (a skipped file, an unrelated one) still gets its
    // own findings (syntax problems), with a workspace of nothing.
    if (candidates.length === 0)
      return { group, contexts: [{ ...doc, model: docModel, workspace: NOTHING }] };
    return {
      group,
      contexts: candidates.map((c) => ({
        ...doc,
        model: docModel,
        workspace: ambiguous ? withOwn(c.context, group, doc.uri) : c.context,
        clusters: { membership: group.membership, candidates },
      })),
    };
  });
}

/** Every workspace context a document's analysis reads: its result is valid while these are unchanged. */
export function contextsRead(doc: DocumentContext, model: ClusterModel): WorkspaceContext[] {
  return runsOf(doc, model).flatMap((r) => r.contexts.map((c) => c.workspace));
}

const keyOf = (f: Finding): string => `${f.code}@${f.span.start}-${f.span.end}`;

/** Findings that hold under every candidate; the first candidate's figures, saying so when they differ. */
function intersect(runs: Finding[][], names: string[]): Finding[] {
  const [first, ...rest] = runs;
  if (!first) return [];
  const exact = rest.map((fs) => new Set(fs.map((f) => `${keyOf(f)}:${f.message}`)));
  const loose = rest.map((fs) => new Set(fs.map(keyOf)));
  const out: Finding[] = [];
  for (const f of first) {
    if (exact.every((m) => m.has(`${keyOf(f)}:${f.message}`))) out.push(f);
    else if (loose.every((m) => m.has(keyOf(f))))
      out.push({
        ...f,
        message: `${f.message} This holds under the CNI settings of every candidate cluster (${names.join(', ')}); the figures are ${names[0]}'s.`,
      });
  }
  return out;
}

/** `analyze` within the cluster model (see the module comment). */
export function analyzeInClusters(
  doc: DocumentContext,
  model: ClusterModel,
  options: AnalyzeOptions = {},
): Finding[] {
  const all: Finding[] = [];
  for (const run of runsOf(doc, model)) {
    const results = run.contexts.map((ctx) => analyze(ctx, options));
    const names = run.contexts.map((c) => `"${c.workspace.cluster?.name ?? 'unnamed'}"`);
    all.push(...(results.length > 1 ? intersect(results, names) : (results[0] ?? [])));
  }
  const seen = new Set<string>();
  const out = all.filter((f) => {
    const k = `${keyOf(f)}:${f.message}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
  out.sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code));
  return out;
}

/**
 * The context hovers and completion use at `offset`: that of the group whose items start nearest before
 * `offset` (the first group otherwise), under its first candidate cluster.
 */
export function contextAt(
  doc: DocumentContext,
  model: ClusterModel,
  offset?: number,
): RuleContext | undefined {
  const runs = runsOf(doc, model);
  let best: { run: GroupRun; start: number } | undefined;
  if (offset !== undefined && runs.length > 1)
    for (const run of runs)
      for (const item of [...run.group.nodes, ...run.group.cni])
        if (item.span.start <= offset && (!best || item.span.start > best.start))
          best = { run, start: item.span.start };
  return (best?.run ?? runs[0])?.contexts[0];
}
