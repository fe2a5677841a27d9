/**
 * Hover on an `aws-node` env var name or value: what it does, its type, code and manifest defaults,
 * valid values, the CNI version that added it, the effective value here after Go parsing, and what
 * overrides it or what it overrides. Everything comes from the env schema (`envCatalog`) and the
 * engine's reading of the source (`cniConfig`).
 *
 * `envHover(ctx, offset)` keeps this signature: capacity hovers for warm targets build on it.
 */
import { goParseBool } from '../../engine';
import type { CniSettingsSource, EnvVar } from '../../syntax';
import { defaultFor, effectiveCni, readValue, type EffectiveCni } from '../cniConfig';
import { envVarInfo, readBy, type EnvVarInfo } from '../envCatalog';
import { inside, type HoverResult } from '../features';
import { shown } from '../messages';
import type { RuleContext } from '../types';

const code = (s: string | undefined): string =>
  s === undefined ? '—' : s === '' ? '`""`' : `\`${shown(s)}\``;

function kindText(info: EnvVarInfo): string {
  switch (info.kind) {
    case 'boolean':
      return 'boolean (Go `strconv.ParseBool`: `true`/`false`, `1`/`0`, `t`/`f`)';
    case 'integer': {
      const range =
        info.minimum !== undefined && info.maximum !== undefined
          ? ` from ${info.minimum} to ${info.maximum}${info.minimumIPv6 ? ` (IPv6: from ${info.minimumIPv6})` : ''}`
          : info.minimum !== undefined
            ? ` ≥ ${info.minimum}`
            : '';
      return `integer${range} (Go \`strconv.Atoi\`: digits only)`;
    }
    case 'enum':
      return `one of ${(info.values ?? []).map((v) => `\`${v}\``).join(', ')}${info.caseInsensitive ? ' (any case)' : ''}`;
    default:
      return 'string';
  }
}

/** What overrides this setting here, or what it overrides. */
function interactions(cfg: EffectiveCni, name: string): string[] {
  const s = cfg.settings;
  const out: string[] = [];
  const ignored = s.ignored.find((i) => i.name === name);
  if (ignored) out.push(`**No effect here:** ${ignored.reason}.`);
  if (s.inForce.includes(name)) {
    const others = ['WARM_ENI_TARGET', 'WARM_PREFIX_TARGET'].filter((n) => n !== name && cfg.env.has(n));
    out.push(
      `**In force here:** sizes the warm pool${others.length && (name === 'WARM_IP_TARGET' || name === 'MINIMUM_IP_TARGET') ? ` and overrides ${others.map(code).join(', ')}` : ''}.`,
    );
  }
  const fatal = s.fatal.filter((f) => f.names.includes(name));
  for (const f of fatal) out.push(`**aws-node will not start:** "${f.message}" (${f.where}).`);
  return out;
}

function sourceLabel(source: CniSettingsSource): string {
  switch (source.format) {
    case 'daemonset':
      return 'DaemonSet';
    case 'helm-values':
      return 'Helm values';
    case 'addon-config':
      return 'add-on configuration';
    default:
      return 'ConfigMap';
  }
}

function effectiveLine(cfg: EffectiveCni, env: EnvVar, info: EnvVarInfo): string {
  if (env.unknownReason) return `Value here: ${env.unknownReason}, not known until rendered.`;
  if (env.valueFrom) return 'Value here: from `valueFrom`, not known statically.';
  if (env.container === 'aws-vpc-cni-init') {
    if (info.kind === 'boolean') {
      const b = goParseBool(env.value ?? '');
      return b === undefined
        ? `Effective here: \`${info.default ?? 'false'}\` (the default: ${code(env.value)} is not a Go boolean).`
        : `Effective here: \`${b}\`.`;
    }
    return `Value here: ${code(env.value)}.`;
  }
  if (cfg.env.get(env.name) !== env) return 'A later entry of the same name overrides this one.';
  const r = readValue(cfg, env.name);
  if (r.origin === 'fallback') {
    return `Effective here: ${code(r.effective)}, not ${code(env.value)}${r.problem ? `: ${r.problem}` : ''}.`;
  }
  const same = r.effective === env.value;
  return `Effective here: ${code(r.effective)}${same ? '' : ` (written ${code(env.value)})`}.`;
}

/** Markdown for one env entry. */
export function envMarkdown(_ctx: RuleContext, source: CniSettingsSource, env: EnvVar): string {
  const info = envVarInfo(env.name);
  if (!info) return `**${shown(env.name)}** is not an env var the VPC CNI reads.`;
  const cfg = effectiveCni(source);
  const lines: string[] = [`**${env.name}**${info.deprecated ? ' *(deprecated)*' : ''}`, ''];
  if (info.description) lines.push(info.description, '');
  if (!readBy(info, env.container)) {
    lines.push(`⚠ Read by ${info.containers.join(' and ')}, not by ${env.container}: ignored here.`, '');
  }
  lines.push('| | |', '|---|---|');
  lines.push(`| Type | ${kindText(info)} |`);
  lines.push(`| Default (binary) | ${code(info.default)} |`);
  if (info.manifestDefault !== undefined)
    lines.push(`| Shipped manifest / chart | ${code(info.manifestDefault)} |`);
  if (info.since) lines.push(`| Since | CNI v${info.since} |`);
  if (info.until) lines.push(`| Last read by | CNI v${info.until} |`);
  if (info.sdk) lines.push('| Read by | the AWS SDK inside aws-node |');
  if (info.deprecated) {
    lines.push(
      `| Deprecated | ${info.deprecated.since ? `v${info.deprecated.since}: ` : ''}${info.deprecated.note} |`,
    );
  }
  lines.push(
    `| On an invalid value | ${info.exitsOnInvalid ? 'aws-node exits' : info.kind === 'string' ? '—' : `silently ${code(info.invalidFallback ?? info.default)}`} |`,
  );
  lines.push(`| Read by | ${info.containers.join(', ')} |`);
  lines.push('');
  lines.push(effectiveLine(cfg, env, info));
  if (env.container === 'aws-node' && cfg.env.get(env.name) === env)
    lines.push('', ...interactions(cfg, env.name));
  if (cfg.defaults === 'manifest' && env.container === 'aws-node') {
    const def = defaultFor(cfg, env.name);
    if (def !== undefined && def !== info.default) {
      lines.push('', `Unset in this ${sourceLabel(source)} it would be ${code(def)} (chart default).`);
    }
  }
  if (info.source) lines.push('', `*Source: ${info.source}*`);
  return lines.join('\n').replace(/\n{3,}/g, '\n\n');
}

export function envHover(ctx: RuleContext, offset: number): HoverResult | undefined {
  for (const source of ctx.model.cni) {
    for (const env of [...source.env, ...source.initEnv]) {
      const onName = inside(env.nameSpan, offset);
      const onValue = env.valueSpan !== undefined && inside(env.valueSpan, offset);
      if (!onName && !onValue) continue;
      const span = onName ? env.nameSpan : (env.valueSpan ?? env.nameSpan);
      return { span, markdown: envMarkdown(ctx, source, env) };
    }
  }
  return undefined;
}
