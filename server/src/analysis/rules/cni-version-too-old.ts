/**
 * A setting or feature that needs a newer CNI than the image tag.
 *
 * **Triggers:** the aws-node image tag (or, where no file states the version, the project config's
 * `cniVersion`) states a version older than the one that introduced a setting that is set to a non-default value: prefix delegation and `WARM_PREFIX_TARGET` (v1.9.0),
 * IPv4/IPv6 switches (v1.10.0), subnet discovery (v1.18.0), IMDS-only mode (v1.19.6), multi-NIC
 * (v1.20.0), and every other variable with a `since` in `schemas/aws-node-env.schema.json`. (Prefix
 * delegation on bare-metal types before v1.11.0 is reported per instance type by
 * `prefix-delegation-unsupported-instance`.)
 *
 * **Why it matters:** an older aws-node simply does not read the variable, so the feature is off
 * while the rest of the configuration (kubelet max-pods, subnets, security groups) assumes it is on.
 * Prefix delegation below v1.9.0 (a downgrade) leaves nodes whose max-pods was raised for prefixes
 * with far fewer addresses than pods: pods fail with "failed to assign an IP address".
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
      // No file states the version: the project config's `cniVersion` is assumed, and said to be.
      const assumed = source.cniVersionAssumed;
      const image = assumed
        ? {
            uri: assumed.uri,
            span: assumed.span,
            message: `cniVersion ${tag.value} assumed by the project config`,
          }
        : { span: tag.span, message: `image tag ${tag.value}` };
      const running = assumed
        ? `CNI ${tag.value} (assumed by the project config's cniVersion)`
        : `image ${tag.value}`;
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
            ? `Prefix delegation needs CNI v1.9.0 or later; ${running} ignores ENABLE_PREFIX_DELEGATION and hands out single secondary IPs, so nodes whose max-pods was raised for prefixes run out of addresses ("failed to assign an IP address").`
            : `\`${env.name}\` is read from CNI v${info.since}; ${running} ignores it, so the setting has no effect.`,
          span: env.nameSpan,
          related: [image],
        });
      }
    }
    return out;
  },
};
