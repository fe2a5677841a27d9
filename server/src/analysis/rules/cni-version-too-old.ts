/**
 * A setting or feature that needs a newer CNI than the image tag.
 *
 * **Triggers:** the aws-node image tag states a version older than the one that introduced a
 * setting that is set to a non-default value: prefix delegation and `WARM_PREFIX_TARGET` (v1.9.0),
 * IPv4/IPv6 switches (v1.10.0), subnet discovery (v1.18.0), IMDS-only mode (v1.19.6), multi-NIC
 * (v1.20.0), and every other variable with a `since` in `schemas/aws-node-env.schema.json`. Prefix
 * delegation on bare-metal types before v1.11.0 when such types are in scope.
 *
 * **Why it matters:** an older aws-node simply does not read the variable, so the feature is off
 * while the rest of the configuration (kubelet max-pods, subnets, security groups) assumes it is on.
 * Prefix delegation below v1.9.0 (a downgrade) leaves nodes whose max-pods was raised for prefixes
 * with far fewer addresses than pods: pods fail with "failed to assign an IP address". Bare-metal
 * prefix delegation before v1.11 is unsupported (the README calls a downgrade disruptive).
 *
 * **Fix:** upgrade the CNI image to at least the version named, or remove the setting.
 */
import { compareCniVersion, goParseBool } from '../../engine';
import { effectiveCni } from '../cniConfig';
import { envVarInfo, readBy } from '../envCatalog';
import type { Finding, Rule, RuleContext } from '../types';

/**
 * Whether a value asks for something an older CNI lacks. Booleans: switching a feature on (before its `since`
 * the feature does not exist, i.e. is off); `ENABLE_IPv4: "true"` is what older CNIs do anyway. Others: any
 * value other than the default or the manifest value.
 */
function requestsSomething(
  name: string,
  kind: string,
  raw: string,
  def?: string,
  manifest?: string,
): boolean {
  if (kind === 'boolean') return goParseBool(raw) === true && name !== 'ENABLE_IPv4';
  return raw !== def && raw !== manifest;
}

/** Instance types this document's nodes (or the default setting) run, when stated. */
function typesInScope(ctx: RuleContext): string[] {
  const names = new Set<string>(ctx.settings.defaultInstanceTypes);
  for (const t of ctx.model.directives.instanceTypes) names.add(t.value);
  for (const n of ctx.workspace.nodes) for (const t of n.node.instanceTypes) names.add(t.value);
  return [...names];
}

export const rule: Rule = {
  code: 'cni-version-too-old',
  title: 'Setting or feature that needs a newer CNI than the image tag',
  defaultSeverity: 'warning',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const source of ctx.model.cni) {
      const tag = source.cniVersion;
      if (!tag) continue;
      const cfg = effectiveCni(source);
      const image = { span: tag.span, message: `image tag ${tag.value}` };
      const entries = [...cfg.env.values(), ...cfg.initEnv.values()];
      for (const env of entries) {
        const info = envVarInfo(env.name);
        if (!info?.since || !readBy(info, env.container) || env.valueFrom || env.value === undefined)
          continue;
        const cmp = compareCniVersion(tag.value, info.since);
        if (cmp === undefined || cmp >= 0) continue;
        if (!requestsSomething(env.name, info.kind, env.value, info.default, info.manifestDefault)) continue;
        const pd = env.name === 'ENABLE_PREFIX_DELEGATION';
        out.push({
          code: 'cni-version-too-old',
          severity: pd ? 'error' : 'warning',
          message: pd
            ? `Prefix delegation needs CNI v1.9.0 or later; image ${tag.value} ignores ENABLE_PREFIX_DELEGATION and hands out single secondary IPs, so nodes whose max-pods was raised for prefixes run out of addresses ("failed to assign an IP address").`
            : `\`${env.name}\` is read from CNI v${info.since}; image ${tag.value} ignores it, so the setting has no effect.`,
          span: env.nameSpan,
          related: [image],
        });
      }
      // Bare-metal prefix delegation arrived in v1.11 (aws/amazon-vpc-cni-k8s PR #1937; README ENABLE_PREFIX_DELEGATION).
      const pd = cfg.env.get('ENABLE_PREFIX_DELEGATION');
      const metalMin = '1.11.0';
      const v = compareCniVersion(tag.value, metalMin);
      const v19 = compareCniVersion(tag.value, '1.9.0');
      if (
        pd &&
        cfg.settings.prefixDelegation.value &&
        v !== undefined &&
        v < 0 &&
        v19 !== undefined &&
        v19 >= 0
      ) {
        const metal = typesInScope(ctx).filter((t) => ctx.catalog.lookup(t)?.bareMetal === true);
        if (metal.length) {
          out.push({
            code: 'cni-version-too-old',
            severity: 'error',
            message: `Prefix delegation on bare-metal instances (${metal.join(', ')}) needs CNI v1.11.0 or later; image ${tag.value} treats them as unsupported and falls back to secondary IPs (IPv6 fails outright).`,
            span: pd.nameSpan,
            related: [image],
          });
        }
      }
    }
    return out;
  },
};
