/**
 * Security groups for pods on instance types that cannot take a trunk ENI.
 *
 * **Triggers:** `ENABLE_POD_ENI=true` in the CNI settings in scope and an instance type in scope that is not
 * trunking-compatible (all `t3`/`t3a`/`t4g` sizes, Xen generations, some others): an error when no type of
 * the node group is compatible, a warning when some are. Information when the type has no published trunk
 * data (the CNI then assumes it is compatible), or when its branch-ENI limit is low (under 10 pods with
 * security groups per node).
 *
 * **Why it matters:** the VPC resource controller reports "The instance type ... is not supported for trunk
 * interface (Security Group for Pods)" and advertises no `vpc.amazonaws.com/pod-eni`, so pods matched by a
 * SecurityGroupPolicy stay Pending ("Insufficient vpc.amazonaws.com/pod-eni"). CNI versions before v1.20.4
 * also reserve an ENI slot for the trunk that never comes, lowering the node's pod capacity. Branch ENIs are
 * not raised by prefix delegation.
 *
 * **Fix:** use trunking-compatible instance types (e.g. `m5`, `c6i`, `m6g`) for pods with security groups,
 * or keep those pods off these nodes.
 */
import { CNI_VERSIONS, cniAtLeast } from '../../engine';
import type { Finding, Rule, RuleContext, Severity } from '../types';
import { capacityOf } from '../capacity';
import { resolveCniSettings } from '../cniConfig';
import {
  anchorFor,
  cniViews,
  collapseByAnchor,
  nodeLabel,
  nodeScopes,
  ownEnvSpan,
  relatedEnv,
} from '../scope';

const CODE = 'security-groups-for-pods-unsupported-instance';
/** Below this many branch ENIs per node we point the limit out. */
const LOW_BRANCH = 10;

export const rule: Rule = {
  code: CODE,
  title: 'Security groups for pods on instance types without trunk ENI support',
  defaultSeverity: 'warning',
  run(ctx: RuleContext): Finding[] {
    const out: Array<{ finding: Finding; type: string }> = [];
    const views = cniViews(ctx);
    for (const view of views) {
      if (!resolveCniSettings(view.source).podEni.value) continue;
      for (const scope of nodeScopes(ctx)) {
        if (scope.node?.kind === 'auto-mode-nodeclass') continue;
        const infos = scope.types.flatMap((t) => {
          const info = ctx.catalog.lookup(t.name);
          return info ? [{ t, info }] : [];
        });
        // Not a claim about "every type" when more types may match than we can tell (uncertain selection).
        const noneCompatible =
          !scope.uncertain && infos.length > 0 && infos.every((x) => x.info.trunkingCompatible === false);
        for (const { t, info } of infos) {
          const span =
            anchorFor(ctx, scope, t) ?? (scope.node ? undefined : ownEnvSpan(ctx, ['ENABLE_POD_ENI']));
          if (!span) continue;
          const where = scope.node ? ` (${nodeLabel(scope.node)})` : '';
          let severity: Severity;
          let message: string;
          if (info.trunkingCompatible === false) {
            const cap = capacityOf(ctx.catalog, t.name, view.source);
            const reserved = !cniAtLeast(cap.settings.cniVersion, CNI_VERSIONS.trunkSlotOnlyIfCompatible) // PR #3250: no slot on incompatible types
              ? ` CNI ${cap.settings.cniVersion} (before v1.20.4) still reserves an ENI slot for the trunk, so the node addresses only ${cap.result.value} pods (${cap.formula}).`
              : '';
            severity = noneCompatible ? 'error' : 'warning';
            message = `${t.name}${where} cannot take a trunk ENI: pods matched by a SecurityGroupPolicy never schedule there ("Insufficient vpc.amazonaws.com/pod-eni").${noneCompatible && infos.length > 1 ? ' No instance type of this group can.' : ''}${reserved}`;
          } else if (info.trunkingCompatible === null) {
            severity = 'information';
            message = `No published trunk-ENI data for ${t.name}${where}: the CNI assumes it can take a trunk ENI, but whether pods with security groups can run there is unverified.`;
          } else if (info.branchInterfaces !== null && info.branchInterfaces < LOW_BRANCH) {
            severity = 'information';
            message = `${t.name}${where} takes at most ${info.branchInterfaces} pods with security groups (branch ENIs), whatever its max-pods; prefix delegation does not raise this.`;
          } else continue;
          out.push({
            type: t.name,
            finding: {
              code: CODE,
              severity,
              message,
              span,
              related: relatedEnv(ctx, view, ['ENABLE_POD_ENI'], 'security groups for pods are enabled here'),
            },
          });
        }
      }
      break; // the first source that enables security groups for pods is enough
    }
    return collapseByAnchor(out);
  },
};
