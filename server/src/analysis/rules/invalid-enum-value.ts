/**
 * A value that makes aws-node exit at start, or an enum value the CNI does not know.
 *
 * **Triggers:**
 * - `POD_SECURITY_GROUP_ENFORCING_MODE` other than `strict`/`standard` (an error while
 *   `ENABLE_POD_ENI` is true, when the entrypoint checks it; a warning otherwise);
 * - `NETWORK_POLICY_ENFORCING_MODE` other than `none`/`strict`/`standard` (any case);
 * - `AWS_VPC_ENI_MTU` / `POD_MTU` outside 576–9001 (1280–9001 in IPv6 mode);
 * - `AWS_VPC_K8S_CNI_VETHPREFIX` longer than 4 characters or one of `eth`, `lo`, `vlan`;
 * - `AWS_VPC_K8S_PLUGIN_LOG_FILE: stdout`;
 * - log levels other than DEBUG/INFO/WARN/ERROR/FATAL, and `AWS_VPC_K8S_CNI_RANDOMIZESNAT` other
 *   than `prng`/`hashrandom`/`none` (warnings: silently replaced).
 *
 * **Why it matters:** the aws-node entrypoint (`cmd/aws-vpc-cni/main.go validateEnvVars`) and
 * ipamd (`getNetworkPolicyMode`) refuse these values: the container exits, the pod crash-loops and
 * the node never becomes Ready. Unknown log levels silently mean DEBUG (`getZapLevel`).
 *
 * **Fix:** use one of the listed values (quick fixes offer them).
 */
import { goAtoi } from '../../engine';
import { effectiveCni, fixes, fixOf, relatedAt, valueEdit, type EffectiveCni } from '../cniConfig';
import { enumMatch, envVarInfo } from '../envCatalog';
import type { Finding, Fix, Rule, RuleContext } from '../types';
import type { EnvVar } from '../../syntax';

const EXITS = 'aws-node exits at start (CrashLoopBackOff) and the node never becomes Ready';

function choices(ctx: RuleContext, env: EnvVar, values: string[], near?: string): Fix[] {
  return fixes(...values.map((v) => fixOf(`Use "${v}"`, [valueEdit(ctx.text, env, v)], v === near)));
}

function check(ctx: RuleContext, cfg: EffectiveCni, env: EnvVar): Finding | undefined {
  const info = envVarInfo(env.name);
  if (!info || env.valueFrom || env.value === undefined || !env.valueSpan) return undefined;
  const raw = env.value;
  const span = env.valueSpan;
  const base = { code: 'invalid-enum-value', span };
  switch (env.name) {
    case 'POD_SECURITY_GROUP_ENFORCING_MODE': {
      if (raw === 'strict' || raw === 'standard') return undefined;
      const near = (info.values ?? []).find((v) => v === raw.trim().toLowerCase());
      const podEni = cfg.settings.podEni.value;
      return {
        ...base,
        severity: podEni ? 'error' : 'warning',
        message: podEni
          ? `\`POD_SECURITY_GROUP_ENFORCING_MODE: "${raw}"\` must be \`strict\` or \`standard\` (exact case) while ENABLE_POD_ENI is true: ${EXITS}.`
          : `\`POD_SECURITY_GROUP_ENFORCING_MODE: "${raw}"\` must be \`strict\` or \`standard\` (exact case). It is not checked while ENABLE_POD_ENI is false, but aws-node will exit as soon as security groups for pods are turned on.`,
        related: relatedAt([cfg.env.get('ENABLE_POD_ENI')], () => 'security groups for pods switch'),
        fixes: choices(ctx, env, info.values ?? [], near),
      };
    }
    case 'NETWORK_POLICY_ENFORCING_MODE':
    case 'AWS_VPC_K8S_CNI_LOGLEVEL':
    case 'AWS_VPC_K8S_PLUGIN_LOG_LEVEL':
    case 'AWS_VPC_K8S_CNI_RANDOMIZESNAT': {
      if (enumMatch(info, raw) !== undefined) return undefined;
      const values = info.values ?? [];
      const near = values.find((v) => v.toLowerCase() === raw.trim().toLowerCase());
      const list = values.map((v) => `\`${v}\``).join(', ');
      if (info.exitsOnInvalid) {
        return {
          ...base,
          severity: 'error',
          message: `\`${env.name}: "${raw}"\` is not one of ${list}: ipamd fails with "invalid Network policy mode" and ${EXITS}.`,
          fixes: choices(ctx, env, values, near),
        };
      }
      return {
        ...base,
        severity: 'warning',
        message: `\`${env.name}: "${raw}"\` is not one of ${list}: the CNI silently uses \`${info.invalidFallback ?? info.default}\`.`,
        fixes: choices(ctx, env, values, near),
      };
    }
    case 'AWS_VPC_ENI_MTU':
    case 'POD_MTU': {
      const n = goAtoi(raw);
      if (n === undefined) return undefined; // not an integer: invalid-integer reports it
      // The range lives in the env schema (x-vpc-cni minimum / minimumIPv6 / maximum, from
      // aws/amazon-vpc-cni-k8s:cmd/aws-vpc-cni/main.go validateMTU); no second copy here.
      const ipv6 = cfg.settings.ipv6.value;
      const min = ipv6 ? (info.minimumIPv6 ?? info.minimum) : info.minimum;
      const max = info.maximum;
      if (min === undefined || max === undefined) return undefined;
      if (n >= min && n <= max) return undefined;
      const clamp = String(n < min ? min : max);
      return {
        ...base,
        severity: 'error',
        message: `\`${env.name}: "${raw}"\` is outside ${min}–${max}${ipv6 ? ' (IPv6 mode)' : ''}: ${EXITS}.`,
        fixes: choices(ctx, env, [clamp], clamp),
      };
    }
    case 'AWS_VPC_K8S_CNI_VETHPREFIX': {
      const tooLong = new TextEncoder().encode(raw).length > 4;
      const reserved = ['eth', 'lo', 'vlan'].includes(raw);
      if (!tooLong && !reserved) return undefined;
      return {
        ...base,
        severity: 'error',
        message: tooLong
          ? `\`AWS_VPC_K8S_CNI_VETHPREFIX: "${raw}"\` is longer than 4 characters: ${EXITS}.`
          : `\`AWS_VPC_K8S_CNI_VETHPREFIX: "${raw}"\` is reserved (eth, lo and vlan are): ${EXITS}.`,
        fixes: choices(ctx, env, ['eni'], 'eni'),
      };
    }
    case 'AWS_VPC_K8S_PLUGIN_LOG_FILE': {
      if (raw !== 'stdout') return undefined;
      return {
        ...base,
        severity: 'error',
        message: `\`AWS_VPC_K8S_PLUGIN_LOG_FILE: "stdout"\` is refused (the plugin's stdout carries its result to the container runtime): ${EXITS}.`,
        fixes: choices(ctx, env, ['stderr', '/var/log/aws-routed-eni/plugin.log'], 'stderr'),
      };
    }
    default:
      return undefined;
  }
}

export const rule: Rule = {
  code: 'invalid-enum-value',
  title: 'Value that makes aws-node exit, or an unknown enum value',
  defaultSeverity: 'error',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const source of ctx.model.cni) {
      const cfg = effectiveCni(source);
      for (const env of cfg.env.values()) {
        const f = check(ctx, cfg, env);
        if (f) out.push(f);
      }
    }
    return out;
  },
};
