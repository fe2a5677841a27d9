/**
 * An instance type the catalog does not know.
 *
 * **Triggers:** an instance type written in a node definition (eksctl `instanceType`/`instanceTypes`,
 * NodePool `node.kubernetes.io/instance-type` requirement values, launch templates) or in a
 * `# vpc-cni-lint: instance-types=` directive that is not in the instance catalog.
 *
 * **Why it matters:** a misspelled type makes the node group or NodePool fail to launch, or (in a NodePool
 * requirement) silently narrows the types Karpenter may pick. A type newer than the catalog is fine for the
 * CNI, which looks it up with `ec2:DescribeInstanceTypes` at runtime, but its max-pods and capacity cannot be
 * checked offline (reported as information).
 *
 * **Fix:** rename to the suggested type (quick fix), or add the new type's figures with the
 * `vpcCniLint.instanceTypes` setting (CLI `--catalog`).
 */
import type { Located } from '../../syntax';
import { scalarReplacement } from '../../syntax';
import type { Catalog } from '../../engine';
import type { Finding, Rule, RuleContext } from '../types';

const CODE = 'unknown-instance-type';

/**
 * Syntactically a type name with a size word the catalog knows (`m9g.large`): probably a type newer than the
 * catalog. An unknown size word (`m5.lage`) is a typo.
 */
function looksNew(catalog: Catalog, name: string): boolean {
  if (!/^[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$/.test(name)) return false;
  const size = name.slice(name.indexOf('.') + 1);
  return catalog.list().some((e) => e.name.slice(e.name.indexOf('.') + 1) === size);
}

export function instanceTypeValues(ctx: RuleContext): Array<Located<string>> {
  const out: Array<Located<string>> = [...ctx.model.directives.instanceTypes];
  for (const node of ctx.model.nodes) {
    out.push(...node.instanceTypes);
    for (const r of node.requirements) {
      if (
        r.key.value === 'node.kubernetes.io/instance-type' &&
        (r.operator === 'In' || r.operator === 'NotIn')
      )
        out.push(...r.values);
    }
  }
  // A NodePool's instance-type values may be reported both as types and as a requirement.
  const seen = new Set<string>();
  return out.filter((t) => {
    const k = `${t.span.start}-${t.span.end}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

export const rule: Rule = {
  code: CODE,
  title: 'Instance type not in the catalog',
  defaultSeverity: 'warning',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const t of instanceTypeValues(ctx)) {
      const r = ctx.catalog.resolve(t.value);
      if (r.found) continue;
      const plausible = looksNew(ctx.catalog, t.value);
      const hint = r.suggestions.length
        ? ` Did you mean ${r.suggestions
            .slice(0, 3)
            .map((s) => `\`${s}\``)
            .join(', ')}?`
        : '';
      out.push({
        code: CODE,
        severity: plausible ? 'information' : 'warning',
        message: plausible
          ? `\`${t.value}\` is not in the instance catalog (${ctx.catalog.generatedAt.slice(0, 10)}): the CNI resolves it at runtime, but its max-pods and capacity cannot be checked offline. Add its figures with the vpcCniLint.instanceTypes setting.${hint}`
          : `\`${t.value}\` is not a known instance type.${hint}`,
        span: t.span,
        fixes: r.suggestions.slice(0, 3).flatMap((s, i) => {
          const edit = scalarReplacement(ctx.text, t.span, s, { embed: t.embed });
          return edit ? [{ title: `Change to ${s}`, preferred: i === 0 && !plausible, edits: [edit] }] : [];
        }),
      });
    }
    return out;
  },
};
