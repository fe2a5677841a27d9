/**
 * Prefix delegation (or IPv6) on an instance type that cannot do it.
 *
 * **Triggers:** `ENABLE_PREFIX_DELEGATION=true` or `ENABLE_IPv6=true` in the CNI settings in scope, and an
 * instance type in scope that is neither Nitro nor bare metal (Xen generations such as `m4`, `c4`, `t2`), or
 * bare metal with a CNI older than v1.11.
 *
 * **Why it matters:** in IPv4 mode ipamd logs "Prefix delegation is not supported on non-nitro instance ...
 * hence falling back to default (secondary IP) mode" and carries on with secondary IPs, so the node addresses
 * far fewer pods than a max-pods raised for prefix delegation promises. In IPv6 mode prefix delegation is
 * mandatory: ipamd refuses to start and the node never becomes Ready.
 *
 * **Fix:** use a Nitro instance type (or upgrade the CNI to v1.11+ for bare metal), or keep prefix
 * delegation off for these nodes.
 */
import type { Finding, Rule, RuleContext } from '../types';
import { capacityOf } from '../capacity';
import {
  anchorFor,
  cniViews,
  collapseByAnchor,
  defaultsNote,
  nodeLabel,
  nodeScopes,
  ownEnvSpan,
  relatedEnv,
} from '../scope';

const CODE = 'prefix-delegation-unsupported-instance';

export const rule: Rule = {
  code: CODE,
  title: 'Prefix delegation or IPv6 on an instance type that cannot do it',
  defaultSeverity: 'warning',
  run(ctx: RuleContext): Finding[] {
    const out: Array<{ finding: Finding; type: string }> = [];
    const views = cniViews(ctx);
    for (const scope of nodeScopes(ctx)) {
      if (scope.node?.kind === 'auto-mode-nodeclass') continue;
      for (const type of scope.types) {
        const info = ctx.catalog.lookup(type.name);
        if (!info) continue;
        let best: Finding | undefined;
        for (const view of views) {
          const cap = capacityOf(ctx.catalog, type.name, view.source);
          const s = cap.settings;
          const ipv6 = s.nodeConfig.ipv6 === true;
          const why = info.bareMetal
            ? `${type.name} is bare metal, and prefix delegation on bare metal needs CNI v1.11 or later (running ${s.cniVersion})`
            : `${type.name} is not a Nitro instance (hypervisor ${info.hypervisor})`;
          const unsupportedV6 = ipv6 && s.fatal.some((f) => f.id === 'ipv6-prefix-delegation-unsupported');
          const fallback = !ipv6 && s.prefixDelegation.value && !s.prefixDelegationInForce;
          if (!unsupportedV6 && !fallback) continue;
          const span =
            anchorFor(ctx, scope, type) ??
            (scope.node ? undefined : ownEnvSpan(ctx, ['ENABLE_PREFIX_DELEGATION', 'ENABLE_IPv6']));
          if (!span) continue;
          const where = scope.node ? ` (${nodeLabel(scope.node)})` : '';
          const f: Finding = unsupportedV6
            ? {
                code: CODE,
                severity: 'error',
                message: `${why}${where}: IPv6 needs prefix delegation, so ipamd refuses to start ("Prefix Delegation is not supported on non-nitro instance ${type.name}. IPv6 is only supported in Prefix delegation Mode.") and the node never becomes Ready.`,
                span,
                related: relatedEnv(ctx, view, ['ENABLE_IPv6'], 'IPv6 is enabled here'),
              }
            : {
                code: CODE,
                severity: 'warning',
                message: `${why}${where}: ENABLE_PREFIX_DELEGATION=true silently falls back to secondary IPs there, so it addresses ${cap.result.value} pods (${cap.formula}), not the prefix-delegation figure${defaultsNote(view)}.`,
                span,
                related: relatedEnv(
                  ctx,
                  view,
                  ['ENABLE_PREFIX_DELEGATION'],
                  'prefix delegation is enabled here',
                ),
              };
          if (!best || (best.severity !== 'error' && f.severity === 'error')) best = f;
        }
        if (best) out.push({ finding: best, type: type.name });
      }
    }
    return collapseByAnchor(out);
  },
};
