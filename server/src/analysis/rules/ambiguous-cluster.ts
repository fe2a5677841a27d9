/**
 * A node definition or CNI settings source that could belong to several clusters.
 *
 * **Triggers:** nothing in the file says which cluster it belongs to (no cluster name, no
 * `# vpc-cni-lint: cluster=` directive, no `clusters` entry in the project config), and the nearest folder
 * that holds cluster definitions holds more than one: for a node definition, when those candidate clusters'
 * CNI settings differ; for a CNI settings source, always (it applies to no node until its cluster is known).
 *
 * **Why it matters:** CNI settings apply only to the nodes of their cluster. A node whose cluster is unknown
 * is evaluated under each candidate's settings, and only the findings that hold under all of them are
 * reported: a max-pods value that is wrong only with prefix delegation off is not reported while the node
 * could be in the prefix-delegation cluster. Pinning the cluster makes every finding about it exact.
 *
 * **Fix:** add `# vpc-cni-lint: cluster=NAME` to the file (quick fix, in formats with `#` comments), or map
 * its folder to the cluster in the project config's `clusters`.
 */
import type { CniSettingsSource, NodeDefinition } from '../../syntax';
import type { ClusterInfo } from '../clusters';
import { nodeLabel } from '../scope';
import type { Finding, Fix, Rule, RuleContext } from '../types';

const CODE = 'ambiguous-cluster';

/** What a candidate's settings amount to: equal signatures give equal findings. */
function settingsSignature(c: ClusterInfo): string {
  return JSON.stringify(
    c.context.cni
      .filter((x) => x.source.format !== 'configmap')
      .map((x) => [...x.source.env, ...x.source.initEnv].map((e) => [e.container, e.name, e.value ?? null])),
  );
}

/** `uri` relative to `root` when it is under it. */
export function shortPath(uri: string, root: string): string {
  const r = root.replace(/(?<![\\/])[\\/]+$/, '');
  return r && uri.startsWith(r) ? uri.slice(r.length + 1) : (uri.split(/[\\/]/).pop() ?? uri);
}

function describe(c: ClusterInfo, folder: string | undefined): string {
  const where = c.at ? ` (${shortPath(c.at.uri, folder ?? c.root)})` : '';
  return `"${c.name ?? 'unnamed'}"${where}`;
}

/** Directive comments exist in YAML, shell, TOML and MIME user data, not in JSON. */
function pinFixes(ctx: RuleContext, candidates: ClusterInfo[]): Fix[] {
  if (/^\s*[[{]/.test(ctx.text)) return [];
  const nl = ctx.text.includes('\r\n') ? '\r\n' : '\n';
  // After a shebang or MIME header line, the first line must stay first.
  const at = /^(#!|MIME-Version:)/.test(ctx.text) ? ctx.text.indexOf('\n') + 1 : 0;
  return candidates
    .filter((c) => c.name)
    .map((c) => ({
      title: `Pin this file to cluster "${c.name}"`,
      edits: [{ span: { start: at, end: at }, newText: `# vpc-cni-lint: cluster=${c.name}${nl}` }],
    }));
}

export const rule: Rule = {
  code: CODE,
  title: 'Node or CNI settings that could belong to several clusters',
  defaultSeverity: 'information',
  run(ctx: RuleContext): Finding[] {
    const candidates = ctx.clusters?.candidates ?? [];
    if (candidates.length < 2) return [];
    const folder = ctx.clusters?.membership.detail;
    const names = candidates.map((c) => describe(c, folder)).join(' or ');
    const disagree = new Set(candidates.map(settingsSignature)).size > 1;
    const out: Finding[] = [];
    const fixes = pinFixes(ctx, candidates);
    const all = candidates.length === 2 ? 'both' : 'all';
    const why = folder
      ? ` (${all} defined under ${shortPath(folder, candidates[0]?.root ?? '') || 'the repository root'}/)`
      : '';
    const related = candidates.flatMap((c) =>
      c.at
        ? [
            {
              uri: c.at.uri === ctx.uri ? undefined : c.at.uri,
              span: c.at.span,
              message: `cluster "${c.name}"`,
            },
          ]
        : [],
    );
    const item = (x: NodeDefinition | CniSettingsSource): Finding['span'] =>
      'kind' in x ? (x.name?.span ?? x.span) : x.span;
    for (const node of ctx.model.nodes) {
      if (!disagree) continue;
      out.push({
        code: CODE,
        severity: 'information',
        message: `${nodeLabel(node)} could belong to cluster ${names}${why}, whose CNI settings differ: only findings that hold under each of them are reported. Say which with \`# vpc-cni-lint: cluster=NAME\` or the project config's \`clusters\`.`,
        span: item(node),
        related,
        fixes,
      });
    }
    for (const source of ctx.model.cni) {
      if (source.format === 'configmap') continue;
      out.push({
        code: CODE,
        severity: 'information',
        message: `These CNI settings could be for cluster ${names}${why}: they apply to no node until their cluster is known. Say which with \`# vpc-cni-lint: cluster=NAME\` or the project config's \`clusters\`.`,
        span: item(source),
        related,
        fixes,
      });
    }
    return out;
  },
};
