/**
 * Inlay hints after instance types and max-pods values: the pods the CNI can address there under the
 * settings in scope, e.g. `29 pods · 110 with prefix delegation`. Short on purpose; the hover has the rest.
 * On Windows nodes: the VPC resource controller's pod addresses (`Windows: 9 pod IPs`).
 */
import { recommendedMaxPods, windowsPodAddresses } from '../../engine';
import type { Span } from '../../syntax';
import type { InlayHintEntry } from '../features';
import type { RuleContext } from '../types';
import { maxPodsSettings, withPrefixDelegation } from '../capacity';
import { settingsUsed } from '../settingsSource';
import {
  cniViews,
  typesOf,
  windowsNodeAt,
  windowsOf,
  windowsPrefixDelegation,
  worstCapacity,
} from '../scope';
import { instanceTypeValues } from '../rules/unknown-instance-type';

const within = (range: Span, offset: number): boolean => offset >= range.start && offset <= range.end;

/** `29 pods · 110 with prefix delegation` for one type (undefined for unknown types). */
export function typeHintLabel(ctx: RuleContext, name: string): string | undefined {
  const views = cniViews(ctx);
  const w = worstCapacity(ctx, views, name);
  if (!w) return undefined;
  const cap = w.cap;
  const b = cap.result.budget;
  const label = `${cap.result.value} pods`;
  if (b?.mode === 'prefix') {
    const rec = recommendedMaxPods(ctx.catalog, name, cap.settings.nodeConfig).value;
    return rec !== null && rec < (cap.result.value ?? 0) ? `${label} · max-pods ${rec}` : label;
  }
  // What prefix delegation would give with the same settings (the calculator's 110/250 guidance).
  const pd = withPrefixDelegation(ctx.catalog, name, cap.settings);
  return pd && pd.recommended > (cap.result.value ?? 0)
    ? `${label} · ${pd.recommended} with prefix delegation`
    : label;
}

/** The settings the hint for `name` used (the worst view, as the label). */
function settingsOf(ctx: RuleContext, name: string): string {
  const views = cniViews(ctx);
  return settingsUsed(ctx, worstCapacity(ctx, views, name)?.view ?? views[0] ?? {});
}

export function capacityInlayHints(ctx: RuleContext, range: Span): InlayHintEntry[] {
  const out: InlayHintEntry[] = [];
  for (const t of instanceTypeValues(ctx)) {
    if (!within(range, t.span.end)) continue;
    if (windowsNodeAt(ctx, t.span)) {
      // Windows: the VPC resource controller's addresses on the primary ENI, not aws-node's capacity.
      const w = windowsPodAddresses(ctx.catalog, t.value, { prefixDelegation: windowsPrefixDelegation(ctx) });
      if (w.value !== null)
        out.push({
          offset: t.span.end,
          label: `Windows: ${w.value} pod IPs`,
          tooltip: 'Pod addresses the VPC resource controller assigns on the primary ENI of a Windows node',
        });
      continue;
    }
    const label = typeHintLabel(ctx, t.value);
    if (label)
      out.push({
        offset: t.span.end,
        label,
        tooltip: `Pods the VPC CNI can address on this type with ${settingsOf(ctx, t.value)}`,
      });
  }
  const views = cniViews(ctx);
  for (const node of ctx.model.nodes) {
    if (windowsOf(ctx, node)) continue;
    const settings = maxPodsSettings(node).filter((s) => within(range, s.span.end));
    if (settings.length === 0) continue;
    const caps = typesOf(ctx, ctx.uri, node)
      .types.map((t) => worstCapacity(ctx, views, t.name)?.cap.result.value)
      .filter((v): v is number => typeof v === 'number');
    if (caps.length === 0) continue;
    const lo = Math.min(...caps);
    const hi = Math.max(...caps);
    const label = lo === hi ? `CNI: ${lo} pods` : `CNI: ${lo}–${hi} pods`;
    for (const s of settings) {
      out.push({
        offset: s.span.end,
        label,
        tooltip: `Pods the VPC CNI can address on the instance types in scope with ${settingsOf(ctx, typesOf(ctx, ctx.uri, node).types[0]?.name ?? '')}`,
      });
    }
  }
  return out;
}
