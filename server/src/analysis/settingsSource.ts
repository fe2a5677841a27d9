/**
 * Naming the CNI settings an answer used: the cluster and the file they come from, for hovers, inlay-hint
 * tooltips and messages (`the CNI settings of cluster "prod" (clusters/prod/cluster.yaml)`).
 */
import type { CniView } from './scope';
import type { RuleContext } from './types';

/** `to` relative to the folder of `from` (`../staging/cluster.yaml`); both paths or both URIs. */
export function relativePath(from: string, to: string): string {
  const a = from.split(/[\\/]/).slice(0, -1);
  const b = to.split(/[\\/]/);
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  // Nothing in common but the scheme or the root: the name alone says more than `../../..`.
  if (i <= 1 && a.length > 1) return b[b.length - 1] ?? to;
  return [...Array<string>(a.length - i).fill('..'), ...b.slice(i)].join('/');
}

/** The cluster of the analysed items, as `cluster "prod"` (empty for an unnamed one or no model). */
export function clusterName(ctx: RuleContext): string {
  const c = ctx.workspace.cluster;
  const candidates = ctx.clusters?.candidates.length ?? 0;
  if (!c?.name) return '';
  return candidates > 1 ? `cluster "${c.name}" (one of ${candidates} candidates)` : `cluster "${c.name}"`;
}

/**
 * `the CNI settings of cluster "prod" (clusters/prod/cluster.yaml)`, `the CNI settings in this file`, or
 * `the default CNI settings (cluster "prod" sets none)`.
 */
export function settingsUsed(ctx: RuleContext, view: CniView): string {
  const cluster = clusterName(ctx);
  const of = cluster ? ` of ${cluster}` : '';
  if (!view.source || !view.uri) return `the default CNI settings${cluster ? ` (${cluster} sets none)` : ''}`;
  const where = view.uri === ctx.uri ? 'this file' : relativePath(ctx.uri, view.uri);
  return `the CNI settings${of} (${where})`;
}
