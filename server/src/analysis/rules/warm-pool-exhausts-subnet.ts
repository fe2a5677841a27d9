/**
 * The idle warm pools of the nodes take more addresses than the subnet has.
 *
 * **Triggers:** a `# vpc-cni-lint: subnet=CIDR nodes=N` directive (in any file, e.g. next to an ENIConfig's
 * `subnet`) or the project config's `nodeGroups.<name>.subnets` (reported at the node group of that name),
 * and N nodes of the instance types in scope whose warm pools at 0 pods — as ipamd settles them under the CNI
 * settings in scope, every ENI's own primary address included — take more addresses than the
 * subnet's usable ones (its size minus the 5 AWS reserves). Error when even the smallest footprint does not
 * fit, warning when only the largest does not.
 *
 * **Why it matters:** nodes that start after the subnet is full get no secondary addresses or ENIs
 * ("InsufficientFreeAddressesInSubnet", "There aren't sufficient free Ipv4 addresses or prefixes"): pods on
 * them never get an IP, and with custom networking the node fails to initialise. With prefix delegation each
 * prefix needs a free, aligned /28 block, so a fragmented subnet fails even earlier.
 *
 * **Fix:** lower the warm targets (`WARM_IP_TARGET`/`MINIMUM_IP_TARGET` instead of `WARM_ENI_TARGET`,
 * `WARM_PREFIX_TARGET=1`), use a larger subnet (or a secondary CIDR with custom networking), or fewer nodes
 * per subnet.
 */
import type { Finding, Rule, RuleContext } from '../types';
import { steadyPool, subnetCapacity } from '../capacity';
import { cniViews, defaultsNote, nodeLabel, nodeScopes, relatedEnv, type CniView } from '../scope';

const CODE = 'warm-pool-exhausts-subnet';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

interface Footprint {
  type: string;
  view: CniView;
  perNode: number;
  detail: string;
  prefix: boolean;
}

/**
 * Idle warm-pool footprints per node (smallest first) of the instance types, under each CNI view in scope.
 * `eniConfigSubnet`: the subnet is an ENIConfig's (custom networking), which the primary ENI does not use.
 */
function footprints(ctx: RuleContext, types: string[], eniConfigSubnet: boolean): Footprint[] {
  // The steady state depends only on a type's figures: simulate one type per distinct shape (a NodePool
  // can select hundreds of types with a handful of shapes).
  const shapes = new Map<string, string>();
  for (const t of types) {
    const i = ctx.catalog.lookup(t);
    const key = i ? `${i.enis}/${i.ipv4PerEni}/${i.hypervisor}/${i.bareMetal}/${i.trunkingCompatible}` : t;
    if (!shapes.has(key)) shapes.set(key, t);
  }
  const out: Footprint[] = [];
  for (const type of shapes.values()) {
    for (const view of cniViews(ctx)) {
      const r = steadyPool(ctx.catalog, type, view.source, 0);
      if (!r.known || !r.starts || r.mode === 'ipv6') continue;
      const primary = r.perEni.find((e) => e.primary);
      const skipPrimary = eniConfigSubnet && primary !== undefined && primary.addresses === 0;
      const perNode = r.subnetAddresses - (skipPrimary ? 1 : 0);
      const unit =
        r.mode === 'prefix'
          ? `${plural(r.prefixesHeld, '/28 prefix', '/28 prefixes')} = ${r.ipsHeld} addresses`
          : plural(r.ipsHeld, 'secondary IP');
      out.push({
        type,
        view,
        perNode,
        prefix: r.mode === 'prefix',
        detail: `${plural(r.enis, 'ENI')} holding ${unit}, plus ${plural(r.enis - (skipPrimary ? 1 : 0), 'ENI primary address', 'ENI primary addresses')}`,
      });
    }
  }
  return out.sort((a, b) => a.perNode - b.perNode);
}

/** The finding for `n` nodes in `cidr`, when even the smallest (error) or the largest (warning) footprint does not fit. */
function check(
  ctx: RuleContext,
  prints: Footprint[],
  cidr: string,
  n: number,
): Omit<Finding, 'span'> | undefined {
  const small = prints[0];
  const large = prints[prints.length - 1];
  const cap = subnetCapacity(cidr);
  if (!small || !large || !cap || n <= 0) return undefined;
  const worst = small.perNode * n > cap.usable ? small : large.perNode * n > cap.usable ? large : undefined;
  if (!worst) return undefined;
  const total = worst.perNode * n;
  const pd = worst.prefix
    ? ' With prefix delegation each prefix also needs a free, aligned /28 block, so fragmentation fails allocations even earlier.'
    : '';
  const which =
    worst === small && prints.length > 1
      ? ' (the smallest footprint in scope)'
      : worst === large && prints.length > 1
        ? ' (the largest footprint in scope)'
        : '';
  return {
    code: CODE,
    severity: worst === small ? 'error' : 'warning',
    message: `${n} idle nodes of ${worst.type}${which} take ${total} addresses (${worst.perNode} each: ${worst.detail}) but ${cidr} has ${cap.usable} usable (${cap.size} - 5 reserved by AWS)${defaultsNote(worst.view)}.${pd}`,
    related: relatedEnv(
      ctx,
      worst.view,
      ['WARM_ENI_TARGET', 'WARM_IP_TARGET', 'MINIMUM_IP_TARGET', 'WARM_PREFIX_TARGET'],
      'the warm-pool setting in force',
    ),
  };
}

export const rule: Rule = {
  code: CODE,
  title: 'Idle warm pools take more addresses than the subnet has',
  defaultSeverity: 'error',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const subnets = ctx.model.directives.subnets.filter((s) => s.nodes !== undefined && s.nodes > 0);
    if (subnets.length > 0) {
      const types = [
        ...new Set(
          nodeScopes(ctx)
            .filter((s) => s.node?.kind !== 'auto-mode-nodeclass')
            .flatMap((s) => s.types.map((t) => t.name)),
        ),
      ];
      // With custom networking the primary ENI stays in the node's subnet; an ENIConfig subnet only gets the others.
      const prints = types.length ? footprints(ctx, types, ctx.model.eniConfigs.length > 0) : [];
      for (const s of subnets) {
        const f = check(ctx, prints, s.cidr.value, s.nodes ?? 0);
        if (f) out.push({ ...f, span: s.cidr.span });
      }
    }
    // The project config's `nodeGroups`: subnets and node counts of a node group defined in this document.
    const groups = ctx.settings.project?.nodeGroupSubnets;
    if (groups) {
      for (const scope of nodeScopes(ctx, { ownOnly: true })) {
        const name = scope.node?.name;
        const facts = name ? groups[name.value] : undefined;
        if (!name || !facts?.length || scope.node?.kind === 'auto-mode-nodeclass') continue;
        const prints = footprints(
          ctx,
          scope.types.map((t) => t.name),
          false,
        );
        for (const s of facts) {
          const f = check(ctx, prints, s.cidr, s.nodes);
          if (!f) continue;
          out.push({
            ...f,
            message: `${nodeLabel(scope.node)}: ${f.message} The subnet and node count are the project config's nodeGroups.`,
            span: name.span,
            related: [
              {
                uri: s.uri,
                span: s.span,
                message: `nodeGroups.${name.value}: ${s.nodes} nodes in ${s.cidr}`,
              },
              ...(f.related ?? []),
            ],
          });
        }
      }
    }
    return out;
  },
};
