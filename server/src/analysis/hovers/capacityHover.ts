/**
 * Capacity hovers:
 * - on an instance type: its figures, max-pods under every CNI mode and the value each tool would set;
 * - on a max-pods value: the capacity it is checked against and the engine's explanation chain;
 * - on a warm target or mode switch (`WARM_*`, `MINIMUM_IP_TARGET`, `ENABLE_PREFIX_DELEGATION`, custom
 *   networking, `ENABLE_POD_ENI`, `MAX_ENI`): the env hover's text, followed by the simulated warm pool for
 *   each instance type in scope (this provider is registered before `envHover` and composes with it);
 * - on an EKS Auto Mode NodeClass: capacity in both `ipv4PrefixSize` modes with Auto Mode's 110 cap.
 * All numbers come from the engine.
 */
import {
  allMaxPods,
  autoModeMaxPods,
  cniCapacity,
  explanationToMarkdown,
  recommendedMaxPods,
  STEADY_STATE_SCOPE,
  tableMaxPods,
  windowsPodAddresses,
  type CniNodeConfig,
  type MaxPodsTool,
} from '../../engine';
import type { Located, MaxPodsSetting, NodeDefinition, Span } from '../../syntax';
import { inside, type HoverResult } from '../features';
import { shown } from '../messages';
import type { RuleContext } from '../types';
import { capacityOf, maxPodsSettings, nodeMaxPods, steadyPool, TOOL_LABEL } from '../capacity';
import { settingsUsed } from '../settingsSource';
import {
  cniViews,
  defaultsNote,
  nodeLabel,
  nodeScopes,
  typesOf,
  windowsNodeAt,
  windowsOf,
  windowsPrefixDelegation,
  worstCapacity,
  type CniView,
  type WindowsNode,
} from '../scope';
import { envHover } from './envHover';

/** Env vars whose hover gets the simulated pool. */
export const POOL_ENV = new Set([
  'WARM_ENI_TARGET',
  'WARM_IP_TARGET',
  'MINIMUM_IP_TARGET',
  'WARM_PREFIX_TARGET',
  'ENABLE_PREFIX_DELEGATION',
  'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG',
  'ENABLE_POD_ENI',
  'MAX_ENI',
]);

/** At most this many instance types in a hover table. */
const MAX_ROWS = 8;

const TOOL_ORDER: MaxPodsTool[] = [
  'max-pods-calculator',
  'eks-managed-node-group',
  'al2-bootstrap',
  'al2023-nodeadm',
  'karpenter',
  'bottlerocket',
  'eks-auto-mode',
];

const fmt = (v: number | null | undefined): string => (v === null || v === undefined ? 'n/a' : String(v));

/** Instance type values written in the document. */
function typeValues(ctx: RuleContext): Array<Located<string>> {
  const out: Array<Located<string>> = [...ctx.model.directives.instanceTypes];
  for (const node of ctx.model.nodes) {
    out.push(...node.instanceTypes);
    for (const r of node.requirements) {
      if (r.key.value === 'node.kubernetes.io/instance-type') out.push(...r.values);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Instance type

export function instanceTypeMarkdown(ctx: RuleContext, name: string, view: CniView): string | undefined {
  const info = ctx.catalog.lookup(name);
  if (!info) return undefined;
  const lines: string[] = [];
  lines.push(`**${name}**: ${info.enis} ENIs x ${info.ipv4PerEni} IPv4 addresses per ENI`);
  const facts = [
    `hypervisor ${info.hypervisor}${info.bareMetal ? ' (bare metal)' : ''}`,
    `${info.vcpus ?? '?'} vCPUs`,
    info.trunkingCompatible === false
      ? 'no trunk ENI (no security groups for pods)'
      : `${info.branchInterfaces ?? '?'} branch ENIs (security groups for pods)`,
  ];
  lines.push('', facts.join(' · '));
  // Max pods the CNI can address under each mode.
  const modes: Array<[string, CniNodeConfig]> = [
    ['secondary IPs', {}],
    ['custom networking', { customNetworking: true }],
    ['prefix delegation', { prefixDelegation: true }],
    ['prefix delegation + custom networking', { prefixDelegation: true, customNetworking: true }],
    ['security groups for pods (trunk ENI)', { securityGroupsForPods: true }],
  ];
  lines.push('', '| CNI mode | pods the CNI can address |', '|---|---|');
  for (const [label, cfg] of modes) {
    const r = cniCapacity(ctx.catalog, name, cfg);
    const b = r.budget;
    const formula = b && r.value !== null ? ` (${b.podEnis} x ${b.ipsPerEni} + 2)` : '';
    const fallback = b?.prefixFallback ? ' — falls back to secondary IPs' : '';
    lines.push(`| ${label} | ${fmt(r.value)}${formula}${fallback} |`);
  }
  // What each tool would set, told about the CNI settings in scope where it listens.
  const cap = capacityOf(ctx.catalog, name, view.source);
  const tools = allMaxPods(ctx.catalog, name, cap.settings.nodeConfig);
  lines.push('', '| tool | max-pods it sets |', '|---|---|');
  for (const t of TOOL_ORDER) lines.push(`| ${TOOL_LABEL[t]} | ${fmt(tools[t].value)} |`);
  const rec = recommendedMaxPods(ctx.catalog, name, cap.settings.nodeConfig);
  const why =
    rec.limitedBy === 'cni-capacity'
      ? 'what the CNI can address'
      : 'max-pods-calculator.sh: 110 up to 30 vCPUs, 250 above';
  lines.push(
    '',
    `With ${settingsUsed(ctx, view)}: **${fmt(cap.result.value)} pods**${cap.phrase}${cap.formula ? ` (${cap.formula})` : ''}. eni-max-pods table value: ${tableMaxPods(info)}.`,
    '',
    `Recommended max-pods: **${fmt(rec.value)}** (${why}).`,
  );
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Windows nodes

/** Instance types of a Windows node (explicit, or its requirements expanded like a Linux node's). */
function windowsTypes(ctx: RuleContext, node: NodeDefinition): string[] {
  return typesOf(ctx, ctx.uri, node).types.map((t) => t.name);
}

/** A Windows node's pod addresses per type (VPC resource controller), instead of aws-node figures. */
export function windowsMarkdown(
  ctx: RuleContext,
  node: NodeDefinition,
  windows: WindowsNode,
  types: string[],
): string {
  const pd = windowsPrefixDelegation(ctx);
  const lines = [
    `**Windows node** (${nodeLabel(node)}: ${windows.why})`,
    '',
    `aws-node does not run here: the VPC resource controller assigns pod addresses on the primary ENI${pd ? ', in /28 prefixes (enable-windows-prefix-delegation)' : ''}. aws-node env, ENIConfig and WARM_* settings do not apply; Windows prefix delegation is the \`enable-windows-prefix-delegation\` key of the amazon-vpc-cni ConfigMap.`,
  ];
  const listed = types.filter((t) => ctx.catalog.lookup(t)).slice(0, MAX_ROWS);
  if (listed.length > 0) {
    lines.push('', '| instance type | Windows pod addresses |', '|---|---|');
    for (const t of listed) {
      const r = windowsPodAddresses(ctx.catalog, t, { prefixDelegation: pd });
      lines.push(
        `| ${t} | ${fmt(r.value)}${r.prefixUnsupported ? ' (not Nitro: no prefix delegation)' : ''} |`,
      );
    }
    const first = listed[0];
    if (first) {
      const r = windowsPodAddresses(ctx.catalog, first, { prefixDelegation: pd });
      lines.push('', explanationToMarkdown(r.explanation, `Pod addresses on ${first}`));
    }
  }
  return lines.join('\n');
}

function typeHover(ctx: RuleContext, offset: number): HoverResult | undefined {
  const hit = typeValues(ctx).find((t) => inside(t.span, offset));
  if (!hit) return undefined;
  const win = windowsNodeAt(ctx, hit.span);
  if (win) return { span: hit.span, markdown: windowsMarkdown(ctx, win.node, win.windows, [hit.value]) };
  const views = cniViews(ctx);
  const worst = worstCapacity(ctx, views, hit.value);
  const md = instanceTypeMarkdown(ctx, hit.value, worst?.view ?? views[0] ?? {});
  if (!md) {
    const r = ctx.catalog.resolve(hit.value);
    return r.found ? undefined : { span: hit.span, markdown: r.note };
  }
  return { span: hit.span, markdown: md };
}

// ---------------------------------------------------------------------------------------------
// max-pods value

function maxPodsHover(ctx: RuleContext, offset: number): HoverResult | undefined {
  for (const node of ctx.model.nodes) {
    const setting = maxPodsSettings(node).find((s) => inside(s.span, offset));
    if (!setting) continue;
    return { span: setting.span, markdown: maxPodsMarkdown(ctx, node, setting) };
  }
  return undefined;
}

function maxPodsMarkdown(ctx: RuleContext, node: NodeDefinition, setting: MaxPodsSetting): string {
  const windows = windowsOf(ctx, node);
  if (windows) {
    const types = windowsTypes(ctx, node);
    return `**max-pods ${shown(String(setting.value ?? setting.expression ?? ''))}**\n\n${windowsMarkdown(ctx, node, windows, types)}`;
  }
  const scope = typesOf(ctx, ctx.uri, node);
  const views = cniViews(ctx);
  const value = String(setting.value ?? setting.expression ?? 'this value');
  const lines = [`**max-pods ${shown(value)}**`];
  if (scope.types.length === 0) {
    lines.push(
      '',
      'No instance type in scope: add `# vpc-cni-lint: instance-types=m5.large` or set `vpcCniLint.defaultInstanceTypes` to check it.',
    );
    return lines.join('\n');
  }
  lines.push('', '| instance type | max-pods here | pods the CNI can address |', '|---|---|---|');
  for (const t of scope.types.slice(0, MAX_ROWS)) {
    const w = worstCapacity(ctx, views, t.name);
    const mp = w ? nodeMaxPods(ctx.catalog, node, t.name, w.cap.settings) : undefined;
    lines.push(
      `| ${t.name} | ${fmt(mp?.value)} | ${fmt(w?.cap.result.value)}${w?.cap.formula ? ` (${w.cap.formula})` : ''} |`,
    );
  }
  if (scope.types.length > MAX_ROWS) lines.push('', `…and ${scope.types.length - MAX_ROWS} more types.`);
  if (scope.uncertain)
    lines.push('', `${scope.uncertain.maybe} more types may match: ${scope.uncertain.reason}.`);
  const first = scope.types[0];
  const w = first ? worstCapacity(ctx, views, first.name) : undefined;
  if (first && w) {
    const mp = nodeMaxPods(ctx.catalog, node, first.name, w.cap.settings);
    if (mp.explanation) {
      lines.push(
        '',
        explanationToMarkdown(
          mp.explanation,
          mp.computed
            ? `How ${mp.tool ? TOOL_LABEL[mp.tool] : 'the node'} computes max-pods on ${first.name}`
            : `What ${mp.tool ? TOOL_LABEL[mp.tool] : 'the node'} does on ${first.name} (this setting wins)`,
        ),
      );
    }
    lines.push(
      '',
      explanationToMarkdown(
        w.cap.result.explanation,
        `What the CNI can address on ${first.name} with ${settingsUsed(ctx, w.view)}`,
      ),
    );
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Warm targets and mode switches

/** Simulated pool per instance type in scope, for one CNI source. */
export function poolMarkdown(ctx: RuleContext, view: CniView): string | undefined {
  const types = [
    ...new Set(
      nodeScopes(ctx)
        .filter((s) => s.node?.kind !== 'auto-mode-nodeclass')
        .flatMap((s) => s.types.map((t) => t.name)),
    ),
  ].filter((t) => ctx.catalog.lookup(t));
  if (types.length === 0) return undefined;
  const lines = [
    `**Simulated warm pool**${defaultsNote(view)} (ipamd steady state; ENIs / addresses held / taken from the subnet)`,
    '',
    '| instance type | 0 pods | typical load | at max-pods |',
    '|---|---|---|---|',
  ];
  const cell = (r: ReturnType<typeof steadyPool>): string => {
    if (!r.starts) return 'aws-node does not start';
    if (r.mode === 'ipv6') return 'IPv6: /80 prefix, no warm pool';
    const held = r.mode === 'prefix' ? `${r.prefixesHeld} prefixes (${r.ipsHeld} IPs)` : `${r.ipsHeld} IPs`;
    const stuck = r.podsWithoutIp > 0 ? `, **${r.podsWithoutIp} pods without IP**` : '';
    return `${r.enis} ENIs / ${held} / ${r.subnetAddresses}${stuck}`;
  };
  for (const t of types.slice(0, MAX_ROWS)) {
    const cap = capacityOf(ctx.catalog, t, view.source);
    const info = ctx.catalog.lookup(t);
    // The node's max-pods: what the CNI can address, at most the eni-max-pods value most AMIs set.
    const maxPods = Math.min(cap.result.value ?? Infinity, info ? tableMaxPods(info) : Infinity);
    const full = Number.isFinite(maxPods) ? Math.max(0, maxPods - 2) : 0;
    const typical = Math.floor(full / 2);
    const at = (pods: number): string => cell(steadyPool(ctx.catalog, t, view.source, pods));
    lines.push(`| ${t} | ${at(0)} | ${typical} pods: ${at(typical)} | ${full} pods: ${at(full)} |`);
  }
  if (types.length > MAX_ROWS) lines.push('', `…and ${types.length - MAX_ROWS} more types.`);
  lines.push('', STEADY_STATE_SCOPE);
  return lines.join('\n');
}

function poolHover(ctx: RuleContext, offset: number): HoverResult | undefined {
  for (const source of ctx.model.cni) {
    for (const env of source.env) {
      const span: Span | undefined = inside(env.nameSpan, offset)
        ? env.nameSpan
        : env.valueSpan && inside(env.valueSpan, offset)
          ? env.valueSpan
          : undefined;
      if (!span || !POOL_ENV.has(env.name)) continue;
      const pool = poolMarkdown(ctx, { uri: ctx.uri, source });
      if (!pool) return undefined;
      const base = envHover(ctx, offset);
      return {
        span: base?.span ?? span,
        markdown: base ? `${base.markdown}\n\n---\n\n${pool}` : pool,
      };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// EKS Auto Mode NodeClass

function autoModeHover(ctx: RuleContext, offset: number): HoverResult | undefined {
  const node = ctx.model.nodes.find(
    (n) =>
      n.kind === 'auto-mode-nodeclass' &&
      [n.name?.span ?? n.span, n.autoMode?.ipv4PrefixSize?.span].some(
        (s) => s !== undefined && inside(s, offset),
      ),
  );
  if (!node) return undefined;
  const scope = typesOf(ctx, ctx.uri, node);
  const podSubnets = node.autoMode?.podSubnets === true;
  const size = node.autoMode?.ipv4PrefixSize?.value === '32' ? '"32"' : 'Auto';
  const lines = [
    `**EKS Auto Mode NodeClass** (ipv4PrefixSize ${size}${podSubnets ? ', podSubnetSelectorTerms: the primary ENI hosts no pods' : ''})`,
    '',
    'aws-node env, ENIConfig and WARM_* settings do not apply; EKS caps pods per node at 110.',
  ];
  if (scope.types.length === 0) {
    lines.push('', 'No instance type in scope (NodePool requirements, directive or default types).');
  } else {
    lines.push('', '| instance type | ipv4PrefixSize Auto | ipv4PrefixSize "32" |', '|---|---|---|');
    for (const t of scope.types.slice(0, MAX_ROWS)) {
      const r = autoModeMaxPods(ctx.catalog, t.name, { podSubnetSelectorTerms: podSubnets });
      lines.push(`| ${t.name} | ${fmt(r.byPrefixSize.Auto)} | ${fmt(r.byPrefixSize['32'])} |`);
    }
    if (scope.types.length > MAX_ROWS) lines.push('', `…and ${scope.types.length - MAX_ROWS} more types.`);
  }
  return { span: node.name?.span ?? node.span, markdown: lines.join('\n') };
}

/** The capacity hover provider (register before `envHover`). */
export function capacityHover(ctx: RuleContext, offset: number): HoverResult | undefined {
  return (
    typeHover(ctx, offset) ??
    maxPodsHover(ctx, offset) ??
    poolHover(ctx, offset) ??
    autoModeHover(ctx, offset)
  );
}
